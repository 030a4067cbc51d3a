package dev.bwn.importer;

import java.util.List;

/**
 * One bwn layer and the ONNX nodes it stands for: a main operator (Conv, Gemm/MatMul, residual Add, GlobalAveragePool,
 * MaxPool, Flatten) followed by what folds into its requantization: biases, one batch norm and one activation (Relu,
 * Clip or a QONNX Quant) that together end on {@link #output}.
 */
record MappedLayer(String name, FloatOp main, List<FloatOp.Bias> biases, FloatOp.BatchNorm batchNorm,
                   FloatOp activation, boolean reluBeforeActivation, BinaryRows binary, String output) {

    /** The signs of a binary weight tensor, one row per output channel in bwn's fan-in order, and each row's magnitude. */
    record BinaryRows(int[][] signs, double[] magnitudes, String origin) {
    }

    List<String> inputs() {
        return main.inputs();
    }

    String nodes() {
        StringBuilder text = new StringBuilder(main.node().name());
        biases.forEach(b -> text.append(" + ").append(b.node().name()));
        if (batchNorm != null) {
            text.append(" + ").append(batchNorm.node().name());
        }
        if (activation != null) {
            text.append(" + ").append(activation.node().name());
        }
        return text.toString();
    }
}
