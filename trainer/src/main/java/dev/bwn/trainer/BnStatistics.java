package dev.bwn.trainer;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Batch-norm population statistics per weighted layer, in the broadcast shape of the graph. */
record BnStatistics(List<INDArray> means, List<INDArray> variances) {}
