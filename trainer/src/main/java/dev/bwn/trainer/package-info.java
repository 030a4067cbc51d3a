/**
 * Training binary-weight networks on ND4J SameDiff (group weight transformation, STE and full
 * precision baselines) and their export to the integer model. The CLI calls
 * {@link dev.bwn.trainer.TrainCommandSupport#train}.
 */
package dev.bwn.trainer;
