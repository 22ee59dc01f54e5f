package dev.align4j.feedback.aggregate;

import dev.align4j.core.check.Require;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * (Weighted) majority vote: {@code ŷ_i = argmax_k Σ_w s_w · 1[y_i^(w) = k]} with annotator weights {@code s_w} (1 for
 * every annotator in plain majority vote, {@link #majority}); the soft label is the normalised weighted vote,
 * {@code p_i(k) = Σ_w s_w 1[y = k] / Σ_w s_w}. Ties go to the {@link TiePolicy}. Weights may come from gold items or
 * from Dawid–Skene ({@link DawidSkeneResult#accuracy}).
 */
public final class WeightedMajorityVote {
  private final int categories;
  private final Map<String, Double> weights;
  private final double defaultWeight;
  private final TiePolicy ties;

  private WeightedMajorityVote(int categories, Map<String, Double> weights, double defaultWeight, TiePolicy ties) {
    Require.argument(categories >= 2, "categories must be >= 2, was %d", categories);
    this.categories = categories;
    this.weights = new TreeMap<>(Require.nonNull("weights", weights));
    this.weights.forEach((k, v) -> Require.nonNegative("weights[" + k + "]", v));
    this.defaultWeight = Require.nonNegative("defaultWeight", defaultWeight);
    this.ties = Require.nonNull("ties", ties);
  }

  /** Plain majority vote. */
  public static WeightedMajorityVote majority(int categories, TiePolicy ties) {
    return new WeightedMajorityVote(categories, Map.of(), 1.0, ties);
  }

  /**
   * Weighted majority vote.
   *
   * @param weights per-annotator weights ({@code >= 0})
   * @param defaultWeight weight of annotators missing from {@code weights}
   */
  public static WeightedMajorityVote weighted(int categories, Map<String, Double> weights, double defaultWeight,
      TiePolicy ties) {
    return new WeightedMajorityVote(categories, weights, defaultWeight, ties);
  }

  /** Aggregates; the result is keyed by item id in first-seen order. */
  public Map<String, AggregatedLabel> aggregate(List<Annotation> annotations) {
    Require.nonNull("annotations", annotations);
    Map<String, double[]> votes = new LinkedHashMap<>();
    Map<String, Integer> support = new LinkedHashMap<>();
    for (Annotation a : annotations) {
      Require.argument(a.label() < categories, "label of item %s by %s must be < %d, was %d", a.item(),
          a.annotator(), categories, a.label());
      votes.computeIfAbsent(a.item(), k -> new double[categories])[a.label()] +=
          weights.getOrDefault(a.annotator(), defaultWeight);
      support.merge(a.item(), 1, Integer::sum);
    }
    Map<String, AggregatedLabel> out = new LinkedHashMap<>();
    votes.forEach((item, v) -> {
      double total = 0;
      for (double x : v) {
        total += x;
      }
      double[] dist = new double[categories];
      for (int k = 0; k < categories; k++) {
        dist[k] = total > 0 ? v[k] / total : 1.0 / categories;
      }
      int label = TiePolicy.argmax(item, v, 1e-12, ties);
      out.put(item, new AggregatedLabel(item, label, dist, support.get(item)));
    });
    return out;
  }
}
