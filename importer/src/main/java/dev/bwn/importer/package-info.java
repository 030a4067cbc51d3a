/**
 * {@code bwn import onnx}: reads an ONNX graph (opset 9 to 17, with the QONNX {@code Quant} and {@code BipolarQuant}
 * operators) with the protobuf classes of ND4J's API jar, checks it, folds its constant subgraphs, evaluates it in
 * float, and maps it onto the integer model when every convolution and dense layer has binary weights. See
 * docs/IMPORT.md.
 */
package dev.bwn.importer;
