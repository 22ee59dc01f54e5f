package dev.align4j.rewards.model;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.FeatureVector;
import dev.align4j.rewards.feature.Featurizer;

/**
 * A learned explicit reward model {@code r(x, y) = head(φ(x, y))}: a {@link Featurizer} φ followed by a trained
 * {@link RewardHead}. With a linear head the score is {@code w·φ(x, y) + b}, computed by the featurizer's fused
 * {@link Featurizer#dot} (no feature vector is allocated when the featurizer is hashed).
 *
 * <p>Immutable and thread-safe; {@link #score} never returns NaN (features and parameters are checked finite).
 */
public final class FeatureRewardModel implements RewardModel {
  private final Featurizer featurizer;
  private final RewardHead head;
  private final boolean linear;
  private final float[] params;
  private final int dimension;

  /**
   * @param featurizer the featurizer the head was trained on
   * @param head the head; its input dimension must equal the featurizer's dimension
   */
  public FeatureRewardModel(Featurizer featurizer, RewardHead head) {
    this.featurizer = Require.nonNull("featurizer", featurizer);
    this.head = Require.nonNull("head", head);
    Require.argument(featurizer.dimension() == head.inputDimension(),
        "head.inputDimension() must equal featurizer.dimension() = %d, was %d", featurizer.dimension(),
        head.inputDimension());
    this.linear = head.architecture() instanceof HeadArchitecture.Linear;
    this.params = head.parametersView();
    this.dimension = featurizer.dimension();
  }

  @Override
  public double score(Prompt prompt, Completion completion) {
    if (linear) {
      Require.nonNull("prompt", prompt);
      Require.nonNull("completion", completion);
      return featurizer.dot(prompt, completion, params, 0) + params[dimension];
    }
    return head.score(featurizer.featurize(prompt, completion));
  }

  /** The score of already computed features (dimension must match). */
  public double scoreFeatures(FeatureVector features) {
    return head.score(features);
  }

  /** The featurizer. */
  public Featurizer featurizer() {
    return featurizer;
  }

  /** The head. */
  public RewardHead head() {
    return head;
  }

  @Override
  public String toString() {
    return "FeatureRewardModel[" + featurizer.describe() + " → " + head + "]";
  }
}
