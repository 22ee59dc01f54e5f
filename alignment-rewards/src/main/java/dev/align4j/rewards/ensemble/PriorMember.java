package dev.align4j.rewards.ensemble;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.FeatureDimensionException;
import dev.align4j.rewards.model.FeatureRewardModel;

/**
 * An ensemble member with a randomised prior (Osband et al. 2018): {@code r(x) = f_θ(x) + p(x) − c}, where f_θ is
 * the head trained with the prior added ({@code RewardModelTrainer#trainWithPrior}), p is the member's fixed
 * {@link RandomPrior} and c its mean of {@code f_θ + p} over the training completions (a pairwise loss fixes scores
 * only up to a constant, so without c members would disagree by their arbitrary offsets everywhere, on the training
 * data too). Immutable and thread-safe.
 *
 * @param trained the trainable part f_θ
 * @param prior the fixed prior p, of the featurizer's dimension
 * @param shift c, subtracted from every score (finite)
 */
public record PriorMember(FeatureRewardModel trained, RandomPrior prior, double shift)
    implements RewardModel {

  /** Checks that the prior has the featurizer's dimension. */
  public PriorMember {
    Require.nonNull("trained", trained);
    Require.nonNull("prior", prior);
    Require.finite("shift", shift);
    Require.argument(
        prior.dimension() == trained.featurizer().dimension(),
        "prior.dimension() must equal the featurizer's dimension %d, was %d",
        trained.featurizer().dimension(),
        prior.dimension());
  }

  @Override
  public double score(Prompt prompt, Completion completion) {
    var features =
        FeatureDimensionException.requireDeclared(
            trained.featurizer(), trained.featurizer().featurize(prompt, completion), "scoring");
    return trained.scoreFeatures(features) + prior.applyAsDouble(features) - shift;
  }

  /** The prior's part of the score, p(x). */
  public double priorScore(Prompt prompt, Completion completion) {
    return prior.applyAsDouble(trained.featurizer().featurize(prompt, completion));
  }
}
