package dev.align4j.rollout.metric;

import dev.align4j.core.check.Require;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kayenta's weighted-sum canary score ({@code WeightedSumScorer}): each group scores
 * {@code 100 · #not-breached / #evaluated} over its non-report-only metrics that have data; groups without data are
 * skipped; the summary is {@code Σ score_g · w_g / Σ w_g} over the scored groups (groups without a configured weight
 * share what the configured weights leave of 100); any critical breach forces the score to 0.
 */
public final class Scorecard {
  private Scorecard() {}

  /**
   * Scores {@code results} of the metrics {@code specs} (same order).
   *
   * @param groupWeights configured group weights (percent); groups missing here share the rest of 100
   * @return the score in [0, 100]; 100 when no metric has data
   */
  public static double score(List<MetricSpec> specs, List<MetricResult> results, Map<String, Double> groupWeights) {
    Require.sameLength("specs", specs.size(), "results", results.size());
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (int i = 0; i < specs.size(); i++) {
      MetricResult r = results.get(i);
      MetricSpec s = specs.get(i);
      if (s.criticality() == Criticality.REPORT_ONLY) {
        continue;
      }
      if (r.verdict() == Verdict.BREACH && s.criticality() == Criticality.CRITICAL) {
        return 0;
      }
      if (r.verdict() == Verdict.NO_DATA || r.verdict() == Verdict.INSUFFICIENT_DATA) {
        continue;
      }
      int[] c = counts.computeIfAbsent(s.group(), g -> new int[2]);
      c[1]++;
      if (r.verdict() != Verdict.BREACH) {
        c[0]++;
      }
    }
    if (counts.isEmpty()) {
      return 100;
    }
    double configured = 0;
    int unweighted = 0;
    for (String g : counts.keySet()) {
      Double w = groupWeights.get(g);
      if (w == null) {
        unweighted++;
      } else {
        configured += w;
      }
    }
    double share = unweighted == 0 ? 0 : Math.max(0, 100 - configured) / unweighted;
    double num = 0;
    double den = 0;
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      Double w = groupWeights.get(e.getKey());
      double weight = w == null ? share : w;
      num += 100.0 * e.getValue()[0] / e.getValue()[1] * weight;
      den += weight;
    }
    return den > 0 ? num / den : 100;
  }
}
