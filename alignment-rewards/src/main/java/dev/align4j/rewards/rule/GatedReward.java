package dev.align4j.rewards.rule;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.verify.Verdict;
import dev.align4j.rewards.verify.Verifier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A gated reward: {@code inner(x, y)} when the gate passes ({@code gate(x, y) >= threshold}), otherwise a fixed
 * {@code floor} — "0 if unsafe". The inner reward is not evaluated when the gate fails (it may be an expensive LLM
 * call). Llama 2 switches to its safety reward model on unsafe prompts in the same spirit.
 *
 * <p>{@link #explain} reports {@code "gate"} and, when evaluated, {@code "inner"} (plus the inner reward's own
 * components as {@code "inner.…"}).
 *
 * <p>The gated reward is a {@link Verifier}: {@link #verify} abstains when the gate abstains, or when the gate passes
 * and the inner reward abstains; a gate that fails is a scored floor. {@link #score} and {@link #explain} are
 * unchanged: an abstaining gate or inner reward counts at its abstention score (0 by default), as before.
 */
public final class GatedReward extends ComposedReward {
  private final RewardModel gate;
  private final RewardModel inner;
  private final double threshold;
  private final double floor;

  private GatedReward(RewardModel gate, RewardModel inner, double threshold, double floor) {
    this.gate = Require.nonNull("gate", gate);
    this.inner = Require.nonNull("inner", inner);
    this.threshold = Require.finite("threshold", threshold);
    this.floor = Require.finite("floor", floor);
  }

  /** {@code inner} when {@code gate >= 1} (a passing 0/1 rule), else 0. */
  public static GatedReward of(RewardModel gate, RewardModel inner) {
    return new GatedReward(gate, inner, 1.0, 0.0);
  }

  /** {@code inner} when {@code gate >= threshold}, else {@code floor}. */
  public static GatedReward of(
      RewardModel gate, RewardModel inner, double threshold, double floor) {
    return new GatedReward(gate, inner, threshold, floor);
  }

  @Override
  ComponentEvaluation evaluate(Prompt prompt, Completion completion) {
    ComponentEvaluation ge = ComponentEvaluation.of(gate, prompt, completion);
    double g = ge.total();
    if (Double.isNaN(g)) {
      throw new IllegalStateException("the gate returned NaN");
    }
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("gate", g);
    Verdict.Abstained ga = ge.abstention();
    if (ga != null) {
      Verdict.Abstained a = new Verdict.Abstained(ga.reason(), "\"gate\" " + ga.detail());
      return new ComponentEvaluation(
          g < threshold ? floor : innerOf(prompt, completion, parts).total(), parts, a);
    }
    if (g < threshold) {
      return new ComponentEvaluation(floor, parts, null);
    }
    ComponentEvaluation ie = innerOf(prompt, completion, parts);
    Verdict.Abstained ia = ie.abstention();
    return new ComponentEvaluation(
        ie.total(),
        parts,
        ia == null ? null : new Verdict.Abstained(ia.reason(), "\"inner\" " + ia.detail()));
  }

  private ComponentEvaluation innerOf(
      Prompt prompt, Completion completion, Map<String, Double> parts) {
    ComponentEvaluation ie = ComponentEvaluation.of(inner, prompt, completion);
    for (var e : ie.parts().entrySet()) {
      parts.put("inner." + e.getKey(), e.getValue());
    }
    parts.put("inner", ie.total());
    return ie;
  }
}
