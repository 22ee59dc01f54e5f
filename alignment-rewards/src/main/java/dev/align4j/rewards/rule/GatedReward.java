package dev.align4j.rewards.rule;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.ExplainableReward;
import dev.align4j.rewards.RewardBreakdown;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A gated reward: {@code inner(x, y)} when the gate passes ({@code gate(x, y) >= threshold}), otherwise a fixed
 * {@code floor} — "0 if unsafe". The inner reward is not evaluated when the gate fails (it may be an expensive LLM
 * call). Llama 2 switches to its safety reward model on unsafe prompts in the same spirit.
 *
 * <p>{@link #explain} reports {@code "gate"} and, when evaluated, {@code "inner"} (plus the inner reward's own
 * components as {@code "inner.…"}).
 */
public final class GatedReward implements ExplainableReward {
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
  public static GatedReward of(RewardModel gate, RewardModel inner, double threshold, double floor) {
    return new GatedReward(gate, inner, threshold, floor);
  }

  @Override
  public RewardBreakdown explain(Prompt prompt, Completion completion) {
    double g = gate.score(prompt, completion);
    if (Double.isNaN(g)) {
      throw new IllegalStateException("the gate returned NaN");
    }
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("gate", g);
    if (g < threshold) {
      return new RewardBreakdown(floor, parts);
    }
    double r;
    if (inner instanceof ExplainableReward) {
      RewardBreakdown sub = ((ExplainableReward) inner).explain(prompt, completion);
      r = sub.total();
      for (var e : sub.components().entrySet()) {
        parts.put("inner." + e.getKey(), e.getValue());
      }
    } else {
      r = inner.score(prompt, completion);
    }
    parts.put("inner", r);
    return new RewardBreakdown(r, parts);
  }
}
