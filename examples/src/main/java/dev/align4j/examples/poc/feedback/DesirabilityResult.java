package dev.align4j.examples.poc.feedback;

import dev.align4j.core.RewardModel;
import dev.align4j.core.eval.LengthBiasVerdict;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.rewards.model.FeatureRewardModel;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the desirability step produced.
 *
 * @param reward the composed reward GRPO optimises: the Bradley–Terry model plus the card-number and rude-wording
 *     rules ({@link DesirabilityStep})
 * @param preferenceModel the Bradley–Terry reward model alone, trained on the feedback pairs
 * @param lengthBiasedProxy the deliberately length-biased proxy for the over-optimised run: a Bradley–Terry model of
 *     the same kind trained on the same pairs as labelled by the {@code verbose-fan} reviewer alone (who likes length),
 *     without rules
 * @param preferenceModelScores the Bradley–Terry model on the held-out pairs
 * @param rewardScores the composed reward on the held-out pairs
 * @param lengthBaselineScores the length-only baseline ("the longer reply wins") on the held-out pairs
 * @param proxyScores the proxy on the held-out pairs
 * @param proxyPadding how often the proxy (and the gold reward) prefer a padded ideal reply to the plain one
 * @param rewardPadding the same check for the composed reward
 * @param trainingPairs feedback pairs the Bradley–Terry model was trained on
 * @param humanLabelledPairs of those, labelled by a person
 * @param wallTime how long the step took (wall clock)
 */
public record DesirabilityResult(
    RewardModel reward,
    FeatureRewardModel preferenceModel,
    RewardModel lengthBiasedProxy,
    RewardBenchScores preferenceModelScores,
    RewardBenchScores rewardScores,
    RewardBenchScores lengthBaselineScores,
    RewardBenchScores proxyScores,
    PaddingCheck proxyPadding,
    PaddingCheck rewardPadding,
    int trainingPairs,
    int humanLabelledPairs,
    Duration wallTime) {
  /** Validates. */
  public DesirabilityResult {
    Arguments.nonNull("reward", reward);
    Arguments.nonNull("preferenceModel", preferenceModel);
    Arguments.nonNull("lengthBiasedProxy", lengthBiasedProxy);
    Arguments.nonNull("preferenceModelScores", preferenceModelScores);
    Arguments.nonNull("rewardScores", rewardScores);
    Arguments.nonNull("lengthBaselineScores", lengthBaselineScores);
    Arguments.nonNull("proxyScores", proxyScores);
    Arguments.nonNull("proxyPadding", proxyPadding);
    Arguments.nonNull("rewardPadding", rewardPadding);
    Arguments.nonNegative("trainingPairs", trainingPairs);
    Arguments.nonNegative("humanLabelledPairs", humanLabelledPairs);
    Arguments.nonNull("wallTime", wallTime);
  }

  /** The Bradley–Terry model's accuracy per category. */
  public Map<String, CategoryAccuracy> categoryAccuracies() {
    return preferenceModelScores.categories();
  }

  /** The Bradley–Terry model's accuracy over all held-out pairs. */
  public CategoryAccuracy overallAccuracy() {
    return preferenceModelScores.overall();
  }

  /** The length-only baseline's accuracy over all held-out pairs. */
  public CategoryAccuracy lengthBaselineAccuracy() {
    return lengthBaselineScores.overall();
  }

  /** The library's length-bias verdict on the Bradley–Terry model, or null when undefined. */
  public @Nullable LengthBiasVerdict lengthBias() {
    return preferenceModelScores.lengthBias();
  }
}
