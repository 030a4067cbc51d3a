#!/usr/bin/python3
"""Builds QONNX test fixtures for `bwn import onnx` with Debian's python3-onnx (Brevitas is not installable here).

    /usr/bin/python3 tools/onnx-fixtures/make_qonnx_fixtures.py [FIXTURE_DIR]

It reads the weights of the trained PyTorch chain (chain.onnx, written by make_fixtures.py) and rebuilds the same
network the way Brevitas exports a quantized one, with the QONNX operators as the QONNX repository specifies them
(fastmachinelearning/qonnx, docs/qonnx-custom-ops/quant_op.md and bipolar_quant_op.md, domain
qonnx.custom_op.general):

  - Quant(x, scale, zeropt, bitwidth; signed, narrow, rounding_mode): q = round(clamp(x / scale + zeropt)),
    y = (q - zeropt) * scale, "Sample Implementation" section of quant_op.md.
  - BipolarQuant(x, scale): y = (x >= 0 ? +1 : -1) * scale, "Sample Implementation" section of bipolar_quant_op.md.

qonnx-chain.onnx      input Quant (8 bits unsigned, scale 1/255: the pixels exactly), conv1 weights through
                      BipolarQuant with a per-channel scale, conv2 weights through a 1-bit unsigned Quant with zero
                      point 0.5 (q in {0, 1}, y = +-scale/2; quant_op.md notes Quant is not meant for bipolar values,
                      but this combination computes them), dense weights through BipolarQuant with one scale;
                      the conv biases (PyTorch folded batch norm into the convs), Relu and an 8-bit unsigned
                      activation Quant (scale 6/255) after each conv.
qonnx-ternary.onnx    the same with conv2's weights through a 1-bit *signed* Quant with zero point 0: values
                      {-scale, 0}, which are not binary and must be refused.

The output is deterministic: the same chain.onnx gives byte-identical files.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

DOMAIN = "qonnx.custom_op.general"
ACTIVATION_SCALE = 6.0 / 255


def const(name, array):
    return numpy_helper.from_array(np.asarray(array, dtype=np.float32), name)


def build(weights, ternary):
    nodes = []
    inits = []

    def quant(x, out, scale, zeropt, bits, signed, name):
        tag = out
        inits.extend([const(tag + ".scale", scale), const(tag + ".zeropt", zeropt), const(tag + ".bits", bits)])
        nodes.append(helper.make_node("Quant", [x, tag + ".scale", tag + ".zeropt", tag + ".bits"], [out], name=name,
                                      domain=DOMAIN, signed=signed, narrow=0, rounding_mode="ROUND"))

    quant("image", "image_q", 1.0 / 255, 0.0, 8, 0, "input_quant")
    previous = "image_q"
    for k in (1, 2):
        conv = "conv%d" % k
        w = weights[conv + ".weight"]
        a = np.abs(w).mean(axis=(1, 2, 3), keepdims=True)
        inits += [const(conv + ".weight", w), const(conv + ".bias", weights[conv + ".bias"])]
        if k == 1:
            # BipolarQuant with one scale per output channel
            inits.append(const(conv + ".scale", a))
            nodes.append(helper.make_node("BipolarQuant", [conv + ".weight", conv + ".scale"], [conv + ".wq"],
                                          name=conv + "_wquant", domain=DOMAIN))
        elif ternary:
            quant(conv + ".weight", conv + ".wq", a, 0.0, 1, 1, conv + "_wquant")
        else:
            quant(conv + ".weight", conv + ".wq", 2 * a, 0.5, 1, 0, conv + "_wquant")
        nodes.append(helper.make_node("Conv", [previous, conv + ".wq", conv + ".bias"], [conv + ".out"], name=conv,
                                      kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[1, 1]))
        nodes.append(helper.make_node("Relu", [conv + ".out"], ["relu%d" % k], name="relu%d" % k))
        quant("relu%d" % k, "act%d" % k, ACTIVATION_SCALE, 0.0, 8, 0, "act%d_quant" % k)
        nodes.append(helper.make_node("MaxPool", ["act%d" % k], ["pool%d" % k], name="pool%d" % k,
                                      kernel_shape=[2, 2], strides=[2, 2]))
        previous = "pool%d" % k
    nodes.append(helper.make_node("Flatten", ["pool2"], ["flat"], name="flatten", axis=1))
    w3 = weights["fc.weight"]
    inits += [const("fc.weight", w3), const("fc.scale", np.abs(w3).mean()), const("fc.bias", weights["fc.bias"])]
    nodes.append(helper.make_node("BipolarQuant", ["fc.weight", "fc.scale"], ["fc.wq"], name="fc_wquant",
                                  domain=DOMAIN))
    nodes.append(helper.make_node("Gemm", ["flat", "fc.wq", "fc.bias"], ["logits"], name="fc", transB=1))
    graph = helper.make_graph(nodes, "qonnx_chain",
                              [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 1, 28, 28])],
                              [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 10])], inits)
    model = helper.make_model(graph, producer_name="bwn make_qonnx_fixtures.py",
                              opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid(DOMAIN, 1)])
    model.ir_version = 7
    return model


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "importer", "src", "test", "resources", "dev", "bwn",
        "importer", "fixtures")
    chain = onnx.load(os.path.join(folder, "chain.onnx"))
    initializers = {t.name: numpy_helper.to_array(t) for t in chain.graph.initializer}
    weights = {"fc.weight": initializers["fc.weight"], "fc.bias": initializers["fc.bias"]}
    # PyTorch names the convolutions' weights after folding batch norm into them (onnx::Conv_NN): take them by node
    for node in chain.graph.node:
        if node.op_type == "Conv":
            conv = node.name.strip("/").split("/")[0]
            weights[conv + ".weight"] = initializers[node.input[1]]
            weights[conv + ".bias"] = initializers[node.input[2]]
    for name, ternary in (("qonnx-chain", False), ("qonnx-ternary", True)):
        onnx.save(build(weights, ternary), os.path.join(folder, name + ".onnx"))
        print("wrote", name + ".onnx")


if __name__ == "__main__":
    main()
