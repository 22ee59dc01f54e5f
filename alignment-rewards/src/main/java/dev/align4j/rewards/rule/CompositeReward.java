package dev.align4j.rewards.rule;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.verify.Verdict;
import dev.align4j.rewards.verify.Verifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A reward composed of named components, each weighted: with component scores {@code r_i} and weights {@code w_i},
 * the weighted values {@code v_i = w_i · r_i} are combined by {@link Combination#SUM} ({@code Σ v_i}),
 * {@link Combination#MIN} ({@code min v_i}, "as good as its weakest part") or {@link Combination#PRODUCT}
 * ({@code Π v_i}, e.g. correctness × format with 0/1 rules). Rules and learned models mix freely.
 *
 * <p>{@link #explain} reports every component's raw score {@code r_i} under its name; a nested explainable component
 * contributes its own components as {@code "name.sub"}. A component that returns NaN or ±∞ is an error naming it.
 *
 * <p>The composite is a {@link Verifier}: when a component abstains ({@link Verifier#verify}), {@link #verify} abstains
 * with that component's reason, its detail prefixed by the component's name (the first abstaining component in
 * order), since the combination of a known and an unknown value is unknown. {@link #score} and {@link #explain} are
 * unchanged: they combine each abstaining component at its own abstention score (0 by default), as before.
 *
 * <pre>{@code
 * RewardModel reward = CompositeReward.builder()
 *     .add("correct", ReferenceAnswerRule.numeric(answers::get), 1.0)
 *     .add("format", Rules.thinkAnswerFormat(), 0.2)
 *     .add("length", LengthPenalty.overlong(LengthUnit.WORDS, 512, 128), 1.0)
 *     .build();
 * }</pre>
 */
public final class CompositeReward extends ComposedReward {

  /** How the weighted component values are combined. */
  public enum Combination {
    /** The weighted sum. */
    SUM,
    /** The minimum of the weighted values. */
    MIN,
    /** The product of the weighted values. */
    PRODUCT
  }

  private final List<String> names;
  private final List<RewardModel> components;
  private final double[] weights;
  private final Combination combination;

  private CompositeReward(Builder b) {
    Require.argument(!b.names.isEmpty(), "components must not be empty: add at least one");
    this.names = List.copyOf(b.names);
    this.components = List.copyOf(b.components);
    this.weights = b.weights.stream().mapToDouble(Double::doubleValue).toArray();
    this.combination = b.combination;
  }

  /** A builder; the combination defaults to {@link Combination#SUM}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  ComponentEvaluation evaluate(Prompt prompt, Completion completion) {
    Map<String, Double> parts = new LinkedHashMap<>();
    double total =
        combination == Combination.SUM
            ? 0.0
            : combination == Combination.MIN ? Double.POSITIVE_INFINITY : 1.0;
    Verdict.@Nullable Abstained abstention = null;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      ComponentEvaluation c = ComponentEvaluation.of(components.get(i), prompt, completion);
      double r = c.total();
      for (var e : c.parts().entrySet()) {
        parts.put(name + "." + e.getKey(), e.getValue());
      }
      if (!Double.isFinite(r)) {
        throw new IllegalStateException(
            "component \"" + name + "\" returned a non-finite reward " + r);
      }
      Verdict.Abstained a = c.abstention();
      if (abstention == null && a != null) {
        abstention = new Verdict.Abstained(a.reason(), "\"" + name + "\" " + a.detail());
      }
      parts.put(name, r);
      double v = weights[i] * r;
      switch (combination) {
        case SUM:
          total += v;
          break;
        case MIN:
          total = Math.min(total, v);
          break;
        default:
          total *= v;
      }
    }
    return new ComponentEvaluation(total, parts, abstention);
  }

  /** The component names, in order. */
  public List<String> names() {
    return names;
  }

  /** Configures a {@link CompositeReward}. */
  public static final class Builder {
    private final List<String> names = new ArrayList<>();
    private final List<RewardModel> components = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private Combination combination = Combination.SUM;

    private Builder() {}

    /** Adds a component with weight 1. */
    public Builder add(String name, RewardModel component) {
      return add(name, component, 1.0);
    }

    /**
     * Adds a component.
     *
     * @param name a unique, non-blank name without dots (dots separate nested names)
     * @param component the reward
     * @param weight a finite weight
     */
    public Builder add(String name, RewardModel component, double weight) {
      Require.nonBlank("name", name);
      Require.argument(!name.contains("."), "name must not contain '.', was \"%s\"", name);
      Require.argument(
          !names.contains(name), "name must be unique, \"%s\" was already added", name);
      names.add(name);
      components.add(Require.nonNull("component", component));
      weights.add(Require.finite("weight", weight));
      return this;
    }

    /** How weighted values are combined; default {@link Combination#SUM}. */
    public Builder combination(Combination combination) {
      this.combination = Require.nonNull("combination", combination);
      return this;
    }

    /** Builds the reward. */
    public CompositeReward build() {
      return new CompositeReward(this);
    }
  }
}
