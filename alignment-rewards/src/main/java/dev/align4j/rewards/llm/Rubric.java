package dev.align4j.rewards.llm;

import dev.align4j.core.check.Require;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Weighted criteria that together define a reward (rubric-as-reward). The reward of per-criterion scores
 * {@code s_k} on scales {@code [min_k, max_k]} with weights {@code w_k} is the weighted mean of the normalised scores:
 *
 * <pre>{@code
 * reward = Σ_k w_k · (s_k − min_k) / (max_k − min_k)  /  Σ_k w_k      ∈ [0, 1]
 * }</pre>
 *
 * so every criterion counts by its weight only, whatever its scale (a 4 on 1–5 and a 7.75 on 1–10 both count 0.75),
 * and the best answer on every criterion scores 1, the worst 0.
 *
 * @param criteria one or more criteria, names unique ignoring case, in the order the judge is asked about them
 */
public record Rubric(List<RubricCriterion> criteria) {

  /** Validates: at least one criterion, names unique ignoring case. */
  public Rubric {
    criteria = List.copyOf(Require.nonEmpty("criteria", criteria));
    Set<String> seen = new HashSet<>();
    for (RubricCriterion c : criteria) {
      Require.argument(
          seen.add(c.name().toLowerCase(Locale.ROOT)),
          "criteria must have unique names (ignoring case), \"%s\" appears twice",
          c.name());
    }
  }

  /** A rubric of {@code criteria}. */
  public static Rubric of(RubricCriterion... criteria) {
    return new Rubric(List.of(criteria));
  }

  /** The number of criteria. */
  public int size() {
    return criteria.size();
  }

  /**
   * The reward of {@code scores} (one per criterion, in order, each on its criterion's scale): the weighted mean of
   * the normalised scores, in [0, 1].
   *
   * @throws IllegalArgumentException if the count differs from the criteria's or a score is off its scale
   */
  public double reward(double[] scores) {
    Require.nonNull("scores", scores);
    Require.sameLength("scores", scores.length, "criteria", criteria.size());
    double weighted = 0;
    double total = 0;
    for (int k = 0; k < scores.length; k++) {
      RubricCriterion c = criteria.get(k);
      Require.finite("scores[" + k + "]", scores[k]);
      Require.argument(
          c.scale().contains(scores[k]),
          "scores[%d] (%s) must be in [%s, %s], was %s",
          k,
          c.name(),
          c.scale().min(),
          c.scale().max(),
          scores[k]);
      weighted += c.weight() * c.scale().normalize(scores[k]);
      total += c.weight();
    }
    return weighted / total;
  }
}
