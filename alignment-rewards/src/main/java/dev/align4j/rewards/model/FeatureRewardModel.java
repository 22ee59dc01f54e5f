package dev.align4j.rewards.model;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.FeatureDimensionException;
import dev.align4j.rewards.feature.FeatureVector;
import dev.align4j.rewards.feature.Featurizer;

/**
 * A learned explicit reward model {@code r(x, y) = head(φ(x, y))}: a {@link Featurizer} φ followed by a trained
 * {@link RewardHead}. With a linear head the score is {@code w·φ(x, y) + b}, computed by the featurizer's fused
 * {@link Featurizer#dot} (no feature vector is allocated when the featurizer is hashed).
 *
 * <p>Every score checks that the featurizer keeps its promise: a vector of another length than the declared
 * {@link Featurizer#dimension()} is refused with a {@link FeatureDimensionException} naming the featurizer and both
 * dimensions, as training does (for the linear head the check is in {@link Featurizer#dot}'s default; the hashed
 * featurizer's fused {@code dot} produces in-range buckets by construction, so its hot path carries no extra work).
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
   * @throws FeatureDimensionException when the dimensions differ
   */
  public FeatureRewardModel(Featurizer featurizer, RewardHead head) {
    this.featurizer = Require.nonNull("featurizer", featurizer);
    this.head = Require.nonNull("head", head);
    if (featurizer.dimension() != head.inputDimension()) {
      String name = featurizer.describe();
      throw new FeatureDimensionException("head.inputDimension() must equal the dimension of featurizer " + name
          + ": the head takes " + head.inputDimension() + " features, the featurizer declares "
          + featurizer.dimension(), name, head.inputDimension(), featurizer.dimension());
    }
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
    return head.score(
        FeatureDimensionException.requireDeclared(featurizer, featurizer.featurize(prompt, completion), "scoring"));
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
