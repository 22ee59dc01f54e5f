package dev.align4j.feedback.agreement;

import dev.align4j.core.check.Require;
import dev.align4j.core.eval.HealthSignal;
import dev.align4j.core.eval.HealthStatus;
import dev.align4j.core.eval.LengthBiasVerdict;
import dev.align4j.core.eval.LengthControlledWinRate;
import dev.align4j.core.label.PairwiseComparison;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.statistics.inference.BinomialTest;

/**
 * How much a judge favours the longer answer (verbosity bias; Zheng et al. 2023, Dubois et al. 2024): over decisive
 * labels whose candidates differ in length (characters), the share won by the longer one, with a two-sided exact
 * binomial p-value against ½. This is a screening statistic: a real quality–length correlation also raises it; use
 * {@link LengthControlledWinRate} to separate the two.
 *
 * <p>{@link #verdict()} decides on the effect size rather than the p-value: the length–win correlation
 * {@code 2p − 1} with its 95 % Wilson interval against ±0.1 ({@link LengthBiasVerdict}: biased when the whole
 * interval lies beyond the threshold, unbiased when it lies within, inconclusive otherwise). As a
 * {@link HealthSignal} the report gives that verdict's status (source {@code "judge:<name>"}), so a gate can refuse a
 * judge found biased.
 *
 * @param judge the judge
 * @param decisive decisive labels with unequal lengths
 * @param longerWins of those, won by the longer candidate
 * @param pValue two-sided binomial p-value
 */
public record LengthBiasReport(String judge, int decisive, int longerWins, double pValue)
    implements HealthSignal {

  /** The verdict with the defaults: threshold 0.1 (Cohen 1988), 95 % interval. */
  public LengthBiasVerdict verdict() {
    return verdict(LengthBiasVerdict.DEFAULT_THRESHOLD, LengthBiasVerdict.DEFAULT_ALPHA);
  }

  /**
   * The verdict on the length–win correlation.
   *
   * @param threshold the smallest |2p − 1| that counts as a bias, in (0, 1)
   * @param alpha 1 − the interval's confidence, in (0, 1)
   */
  public LengthBiasVerdict verdict(double threshold, double alpha) {
    return LengthBiasVerdict.ofLongerWins("judge:" + judge, longerWins, decisive, threshold, alpha);
  }

  /** The default verdict's status: FAILED when biased, WARNING when inconclusive, HEALTHY when unbiased. */
  @Override
  public HealthStatus status() {
    return verdict().status();
  }

  /** Share won by the longer candidate (½ when there are none). */
  public double longerWinRate() {
    return decisive == 0 ? 0.5 : (double) longerWins / decisive;
  }

  /** Whether the rate differs from ½ at level {@code alpha}. */
  public boolean biased(double alpha) {
    Require.inOpenRange("alpha", alpha, 0, 1);
    return pValue < alpha;
  }

  /** One report over all labels. */
  public static LengthBiasReport of(String judge, List<PairwiseComparison> labels) {
    Require.nonNull("labels", labels);
    int n = 0;
    int longer = 0;
    for (PairwiseComparison p : labels) {
      int la = p.a().text().length();
      int lb = p.b().text().length();
      if (!p.isDecisive() || la == lb) {
        continue;
      }
      n++;
      if (p.chosen().text().length() == Math.max(la, lb)) {
        longer++;
      }
    }
    double pv = n == 0 ? 1.0 : BinomialTest.withDefaults().test(n, longer, 0.5).getPValue();
    return new LengthBiasReport(judge, n, longer, pv);
  }

  /** One report per judge. */
  public static Map<String, LengthBiasReport> byJudge(List<PairwiseComparison> labels) {
    Require.nonNull("labels", labels);
    Map<String, LengthBiasReport> out = new TreeMap<>();
    labels.stream()
        .collect(Collectors.groupingBy(l -> l.provenance().sourceId()))
        .forEach((j, ls) -> out.put(j, of(j, ls)));
    return out;
  }
}
