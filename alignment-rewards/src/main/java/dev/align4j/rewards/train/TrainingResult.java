package dev.align4j.rewards.train;

import dev.align4j.core.check.Require;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.model.RewardHead;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a training run produced.
 *
 * @param head the trained head (the parameters of the best validation epoch when early stopping is on)
 * @param model the head on the training set's featurizer, or null when the set was featurised by hand
 * @param history one entry per epoch
 * @param bestEpoch the epoch whose parameters were kept
 * @param stoppedEarly whether training stopped before the epoch budget (patience exhausted or L-BFGS converged)
 */
public record TrainingResult(
    RewardHead head, @Nullable FeatureRewardModel model, List<TrainingProgress> history, int bestEpoch,
    boolean stoppedEarly) {

  /** Copies the history. */
  public TrainingResult {
    Require.nonNull("head", head);
    history = List.copyOf(Require.nonNull("history", history));
  }

  /** The featurised model; fails clearly when the set had no featurizer. */
  public FeatureRewardModel requireModel() {
    if (model == null) {
      throw new IllegalStateException(
          "the training set was featurised by hand (TrainingSet.of), so there is no featurizer to build a model; "
              + "use head() with your featurizer");
    }
    return model;
  }

  /** The last epoch's progress. */
  public TrainingProgress last() {
    return history.get(history.size() - 1);
  }
}
