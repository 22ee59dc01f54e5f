package dev.align4j.feedback.calibration;

import dev.align4j.core.check.Require;
import java.util.ArrayList;
import java.util.List;

/**
 * The reliability curve of a judge's confidence (reliability diagram; Guo et al. 2017, "On Calibration of Modern
 * Neural Networks", §2) over items with a human winner.
 *
 * <p>Per item, the confidence is {@code c = max(p, 1 − p)} with {@code p} the judge's probability that A is better,
 * and the item is right (1) when the judge's side ({@code p > ½} → A, {@code p < ½} → B) is the people's winner, wrong
 * (0) otherwise; at {@code p = ½} the judge names no side and scores ½ (the expected accuracy of a fair coin, so an
 * undecided judge is calibrated at ½). The range [½, 1] is cut into {@code M} equal-width bins with edges
 * {@code e_i = ½ + i·(½/M)}; bin {@code i} holds {@code e_i ≤ c < e_{i+1}}, and the last bin also holds {@code c = 1}
 * ({@code numpy.digitize(c, e[1:-1])}). Per bin: mean confidence {@code conf_m} and accuracy {@code acc_m}.
 *
 * <pre>
 *   ECE = Σ_m (n_m / n) · |acc_m − conf_m|          MCE = max over non-empty m of |acc_m − conf_m|
 * </pre>
 *
 * @param bins the {@code M} bins, least confident first (empty bins included, with NaN means)
 * @param items the number of items
 * @param expectedCalibrationError ECE (NaN with no items)
 * @param maxCalibrationError MCE (NaN with no items)
 */
public record CalibrationCurve(
    List<ReliabilityBin> bins,
    int items,
    double expectedCalibrationError,
    double maxCalibrationError) {

  /** Copies the bins. */
  public CalibrationCurve {
    bins = List.copyOf(Require.nonNull("bins", bins));
    Require.nonNegative("items", items);
  }

  /**
   * The curve of {@code confidence[i]} (in [½, 1]) against {@code correct[i]} (in {0, ½, 1}) over {@code binCount}
   * equal-width bins.
   */
  public static CalibrationCurve of(double[] confidence, double[] correct, int binCount) {
    Require.nonNull("confidence", confidence);
    Require.nonNull("correct", correct);
    Require.sameLength("confidence", confidence.length, "correct", correct.length);
    Require.positive("binCount", binCount);
    double[] edges = edges(binCount);
    int[] n = new int[binCount];
    double[] sumConf = new double[binCount];
    double[] sumCorrect = new double[binCount];
    for (int i = 0; i < confidence.length; i++) {
      double c = Require.inClosedRange("confidence[" + i + "]", confidence[i], 0.5, 1.0);
      double y = Require.inClosedRange("correct[" + i + "]", correct[i], 0.0, 1.0);
      int b = bin(edges, c);
      n[b]++;
      sumConf[b] += c;
      sumCorrect[b] += y;
    }
    List<ReliabilityBin> bins = new ArrayList<>(binCount);
    double ece = 0;
    double mce = Double.NaN;
    int total = confidence.length;
    for (int b = 0; b < binCount; b++) {
      double conf = n[b] == 0 ? Double.NaN : sumConf[b] / n[b];
      double acc = n[b] == 0 ? Double.NaN : sumCorrect[b] / n[b];
      bins.add(new ReliabilityBin(b, edges[b], edges[b + 1], n[b], conf, acc));
      if (n[b] > 0) {
        double gap = Math.abs(acc - conf);
        ece += (double) n[b] / total * gap;
        mce = Double.isNaN(mce) ? gap : Math.max(mce, gap);
      }
    }
    return new CalibrationCurve(bins, total, total == 0 ? Double.NaN : ece, mce);
  }

  /** The {@code M + 1} bin edges {@code ½ + i·(½/M)}. */
  static double[] edges(int binCount) {
    double[] e = new double[binCount + 1];
    double width = 0.5 / binCount;
    for (int i = 0; i <= binCount; i++) {
      e[i] = 0.5 + i * width;
    }
    e[binCount] = 1.0;
    return e;
  }

  /** The bin of {@code c}: the number of interior edges at or below it. */
  static int bin(double[] edges, double c) {
    int b = 0;
    while (b + 1 < edges.length - 1 && c >= edges[b + 1]) {
      b++;
    }
    return b;
  }

  /**
   * The undecided band chosen from this curve (selective classification; Geifman and El-Yaniv 2017): the lowest bin
   * edge {@code t} such that the judge's accuracy over all items with confidence {@code ≥ t} is at least
   * {@code targetAccuracy}; the judge abstains below it, band {@code [½, t)}. {@link UndecidedBand#NONE} when the judge
   * is accurate enough everywhere, {@link UndecidedBand#ALWAYS} when no edge reaches the target (or there are no
   * items).
   *
   * @param targetAccuracy the accuracy the judge must reach on the items it decides, in (0, 1]; the calibrator's
   *     default 0.81 is the human–human agreement without ties on MT-Bench (Zheng et al. 2023): the judge
   *     decides alone where it agrees with people as often as a second person would
   */
  public UndecidedBand undecidedBand(double targetAccuracy) {
    Require.inClosedRange("targetAccuracy", targetAccuracy, Double.MIN_VALUE, 1.0);
    int m = bins.size();
    for (int i = 0; i < m; i++) {
      long count = 0;
      double right = 0;
      for (int b = i; b < m; b++) {
        ReliabilityBin bin = bins.get(b);
        if (bin.count() > 0) {
          count += bin.count();
          right += bin.accuracy() * bin.count();
        }
      }
      if (count > 0 && right / count >= targetAccuracy - 1e-12) {
        return i == 0 ? UndecidedBand.NONE : new UndecidedBand(0.5, bins.get(i).lower());
      }
    }
    return UndecidedBand.ALWAYS;
  }
}
