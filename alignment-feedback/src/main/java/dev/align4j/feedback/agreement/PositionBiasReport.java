package dev.align4j.feedback.agreement;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.feedback.judge.JudgeAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.statistics.inference.BinomialTest;

/**
 * How much a judge favours the position a candidate is shown in (Zheng et al. 2023, §3.3). Reads the per-order
 * verdicts a both-orders judge writes ({@link JudgeAttributes#VERDICT_A_FIRST},
 * {@link JudgeAttributes#VERDICT_B_FIRST}) and counts, over all decisive single-order verdicts, how often the candidate
 * shown <em>first</em> won. An unbiased judge is at ½; the two-sided exact binomial test gives the p-value. Also
 * reports the swap consistency rate (GPT-4 was consistent ≈65% of the time on MT-Bench).
 *
 * @param judge the judge (provenance source id)
 * @param pairs labels with both per-order verdicts
 * @param consistent labels whose two orders agreed
 * @param decisiveVerdicts single-order verdicts that named a winner
 * @param firstPositionWins of those, how many the first-shown candidate won
 * @param pValue two-sided exact binomial p-value of {@code firstPositionWins} against ½
 */
public record PositionBiasReport(
    String judge, int pairs, int consistent, int decisiveVerdicts, int firstPositionWins, double pValue) {

  /** Share of single-order verdicts won by the first-shown candidate (NaN-free: ½ when there are none). */
  public double firstPositionRate() {
    return decisiveVerdicts == 0 ? 0.5 : (double) firstPositionWins / decisiveVerdicts;
  }

  /** Share of pairs whose two orders agreed (1 when there are none). */
  public double consistencyRate() {
    return pairs == 0 ? 1.0 : (double) consistent / pairs;
  }

  /** Whether the first-position rate differs from ½ at level {@code alpha}. */
  public boolean biased(double alpha) {
    Require.inOpenRange("alpha", alpha, 0, 1);
    return pValue < alpha;
  }

  /** One report over all labels (mixed judges are pooled; see {@link #byJudge}). */
  public static PositionBiasReport of(String judge, List<PairwiseComparison> labels) {
    Require.nonNull("labels", labels);
    int pairs = 0;
    int consistent = 0;
    int decisive = 0;
    int first = 0;
    for (PairwiseComparison p : labels) {
      String v1 = p.provenance().attributes().get(JudgeAttributes.VERDICT_A_FIRST);
      String v2 = p.provenance().attributes().get(JudgeAttributes.VERDICT_B_FIRST);
      if (v1 == null || v2 == null) {
        continue;
      }
      pairs++;
      if (v1.equals(v2)) {
        consistent++;
      }
      if (!v1.equals("TIE")) {
        decisive++;
        if (v1.equals("A")) {
          first++;
        }
      }
      if (!v2.equals("TIE")) {
        decisive++;
        if (v2.equals("B")) {
          first++;
        }
      }
    }
    double p = decisive == 0 ? 1.0
        : BinomialTest.withDefaults().test(decisive, first, 0.5).getPValue();
    return new PositionBiasReport(judge, pairs, consistent, decisive, first, p);
  }

  /** One report per judge ({@code provenance().sourceId()}), sorted by judge. */
  public static Map<String, PositionBiasReport> byJudge(List<PairwiseComparison> labels) {
    Require.nonNull("labels", labels);
    Map<String, List<PairwiseComparison>> groups =
        labels.stream().collect(Collectors.groupingBy(l -> l.provenance().sourceId(), TreeMap::new,
            Collectors.toList()));
    Map<String, PositionBiasReport> out = new TreeMap<>();
    groups.forEach((j, ls) -> out.put(j, of(j, ls)));
    return out;
  }
}
