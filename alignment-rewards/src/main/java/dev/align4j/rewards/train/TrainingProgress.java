package dev.align4j.rewards.train;

import org.jspecify.annotations.Nullable;

/**
 * The state of a training run after one epoch (one pass over the training split, or one L-BFGS iteration).
 *
 * @param epoch the epoch just finished, 1-based
 * @param maxEpochs the most epochs the run will take
 * @param trainLoss the mean training loss over the epoch (including the L2 term)
 * @param validationLoss the mean validation loss (without L2), or null when there is no validation split
 * @param validationAccuracy the share of decisive validation examples the model gets right (ties wrong), or null
 *     when there is no validation split or it holds no decisive examples
 * @param bestEpoch the epoch with the lowest validation loss so far (the current one when there is no validation)
 */
public record TrainingProgress(
    int epoch,
    int maxEpochs,
    double trainLoss,
    @Nullable Double validationLoss,
    @Nullable Double validationAccuracy,
    int bestEpoch) {

  /** The fraction of the epoch budget used, in [0, 1] (for a progress bar). */
  public double fractionDone() {
    return Math.min(1.0, (double) epoch / maxEpochs);
  }
}
