#!/usr/bin/python3
"""The PyTorch side of benchmarks/training/vs-pytorch.sh: trains lenet5-wide on MNIST as bwn does and prints images/s.

Usage: vs_pytorch.py MNIST_DIR METHOD THREADS IMAGES
  METHOD: group (docs/METHOD.md's group weight transform, autodiff through it) or fp (the parameters are the weights)
Two epochs over the first IMAGES training images, batch 128; the first epoch is the warm-up and only the second is
timed, as TrainingBenchmark does on the bwn side. Per step, the same work as bwn's Trainer: a seeded shuffle, the uint8
pixels of the batch to float / 255, forward, cross-entropy, backward through the weight transform, Nesterov momentum SGD
(0.9) with a cosine learning rate (peak 0.1) and L2 5e-4 on the weight parameters only, the loss and the number of
correct predictions read back. Prints one line: "pytorch METHOD IMAGES/S images/s torch VERSION threads N".
"""
import math
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

GROUP_EPSILON = 1e-12
BN_EPSILON = 1e-5


def idx(path, header_ints):
    with open(path, "rb") as f:
        data = f.read()
    return np.frombuffer(data, dtype=np.uint8, offset=4 * header_ints)


def group_weight(theta, alpha):
    """u = theta / (max |theta| over the output channel's fan-in + eps); w = sign(u) exp(alpha log(|u| + eps))."""
    fan_in_dims = tuple(range(1, theta.dim()))
    u = theta / (theta.abs().amax(dim=fan_in_dims, keepdim=True) + GROUP_EPSILON)
    return torch.sign(u) * torch.exp(alpha * torch.log(u.abs() + GROUP_EPSILON))


class BatchNorm(torch.nn.Module):
    """Batch statistics only (bwn recalibrates population statistics after each epoch instead of tracking them)."""

    def __init__(self, channels, conv):
        super().__init__()
        shape = (1, channels, 1, 1) if conv else (1, channels)
        self.gamma = torch.nn.Parameter(torch.full(shape, 0.5))
        self.beta = torch.nn.Parameter(torch.zeros(shape))

    def forward(self, h):
        return F.batch_norm(h, None, None, self.gamma.flatten(), self.beta.flatten(), training=True, eps=BN_EPSILON)


class Lenet5Wide(torch.nn.Module):
    """conv 5x5 20, bn, clamp(0,1), maxpool 2, conv 5x5 50, bn, clamp, maxpool 2, dense 500, bn, clamp, dense 10, bn."""

    def __init__(self, method):
        super().__init__()
        self.method = method
        shapes = [(20, 1, 5, 5), (50, 20, 5, 5), (500, 800), (10, 500)]
        self.thetas = torch.nn.ParameterList()
        for shape in shapes:
            fan_in = int(np.prod(shape[1:]))
            bound = math.sqrt(6.0 / fan_in)
            self.thetas.append(torch.nn.Parameter(torch.empty(shape).uniform_(-bound, bound)))
        self.norms = torch.nn.ModuleList(
            [BatchNorm(20, True), BatchNorm(50, True), BatchNorm(500, False), BatchNorm(10, False)])

    def weight(self, k, alpha):
        theta = self.thetas[k]
        return group_weight(theta, alpha) if self.method == "group" else theta

    def forward(self, x, alpha):
        h = F.max_pool2d(torch.clamp(self.norms[0](F.conv2d(x, self.weight(0, alpha))), 0, 1), 2)
        h = F.max_pool2d(torch.clamp(self.norms[1](F.conv2d(h, self.weight(1, alpha))), 0, 1), 2)
        h = torch.clamp(self.norms[2](F.linear(h.flatten(1), self.weight(2, alpha))), 0, 1)
        return self.norms[3](F.linear(h, self.weight(3, alpha)))


def main():
    mnist_dir, method, threads, images = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if method not in ("group", "fp"):
        raise SystemExit("method must be group or fp")
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    pixels = torch.from_numpy(idx(mnist_dir + "/train-images-idx3-ubyte", 4).reshape(-1, 1, 28, 28)[:images].copy())
    labels = torch.from_numpy(idx(mnist_dir + "/train-labels-idx1-ubyte", 2)[:images].astype(np.int64))
    model = Lenet5Wide(method)
    optimizer = torch.optim.SGD([
        {"params": list(model.thetas.parameters()), "weight_decay": 5e-4},
        {"params": list(model.norms.parameters()), "weight_decay": 0.0}],
        lr=0.1, momentum=0.9, nesterov=True)
    batch = 128
    scheduled_epochs = 3  # as TrainingBenchmark: three epochs scheduled, two run, so alpha stays in (0, 1)
    steps = (images + batch - 1) // batch
    generator = torch.Generator().manual_seed(1)
    seconds = 0.0
    for epoch in range(2):
        start = time.perf_counter()
        order = torch.randperm(images, generator=generator)
        for s in range(steps):
            progress = (epoch * steps + s) / (scheduled_epochs * steps)
            for group in optimizer.param_groups:
                group["lr"] = 0.5 * 0.1 * (1 + math.cos(math.pi * progress))
            alpha = torch.tensor(max(0.0, 1.0 - progress / 0.9))
            index = order[s * batch:(s + 1) * batch]
            x = pixels[index].float().div_(255)
            y = labels[index]
            logits = model(x, alpha)
            loss = F.cross_entropy(logits, y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            loss.item()
            int((logits.argmax(1) == y).sum())
        seconds = time.perf_counter() - start
    print("pytorch %s %.1f images/s torch %s threads %d" % (method, images / seconds, torch.__version__,
                                                            torch.get_num_threads()))


if __name__ == "__main__":
    main()
