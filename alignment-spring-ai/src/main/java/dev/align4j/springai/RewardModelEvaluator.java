package dev.align4j.springai;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.ai.evaluation.EvaluationRequest;
import org.springframework.ai.evaluation.EvaluationResponse;
import org.springframework.ai.evaluation.Evaluator;

/**
 * An align4j {@link RewardModel} (a trained Bradley–Terry model, a rule, an LLM-as-reward) as a Spring AI
 * {@link Evaluator}: score = the reward of the response to the request's user text (documents as numbered context,
 * see {@code EvaluationPrompts}); pass = reward {@code >= threshold}. Reward scales are model-specific (a
 * Bradley–Terry reward is a logit, a rule may give 0/1), so the threshold has no default: it is the application's
 * decision. The score is the reward as a {@code float}; the exact double is in the metadata ({@code "reward"}).
 */
public final class RewardModelEvaluator implements Evaluator {
  private final RewardModel model;
  private final double threshold;

  private RewardModelEvaluator(RewardModel model, double threshold) {
    this.model = Require.nonNull("model", model);
    this.threshold = Require.finite("threshold", threshold);
  }

  /** Pass when the reward is at least {@code threshold} (finite). */
  public static RewardModelEvaluator of(RewardModel model, double threshold) {
    return new RewardModelEvaluator(model, threshold);
  }

  @Override
  public EvaluationResponse evaluate(EvaluationRequest request) {
    Require.nonNull("request", request);
    double reward =
        model.score(EvaluationPrompts.prompt(request), EvaluationPrompts.completion(request));
    if (!Double.isFinite(reward)) {
      throw new IllegalStateException(
          "the reward model " + model + " returned a non-finite reward " + reward);
    }
    boolean pass = reward >= threshold;
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("reward", reward);
    metadata.put("threshold", threshold);
    String feedback =
        String.format(
            Locale.ROOT, "reward %.4f %s threshold %.4f", reward, pass ? ">=" : "<", threshold);
    return new EvaluationResponse(pass, (float) reward, feedback, metadata);
  }

  @Override
  public String toString() {
    return "RewardModelEvaluator[" + model + ", threshold=" + threshold + "]";
  }
}
