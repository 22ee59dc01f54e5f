package dev.align4j.feedback.agreement;

import dev.align4j.core.check.Require;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Krippendorff's α for any number of raters, missing data and four metrics (Krippendorff, "Computing Krippendorff's
 * Alpha-Reliability", 2011): {@code α = 1 − D_o / D_e} from the coincidence matrix
 * {@code o_ck = Σ_u (number of c–k pairs in unit u) / (m_u − 1)} over units with {@code m_u ≥ 2} values,
 * {@code n_c = Σ_k o_ck}, {@code D_o = Σ o_ck δ²_ck / n}, {@code D_e = Σ n_c n_k δ²_ck / (n(n − 1))}.
 *
 * <p>Input is the reliability-data matrix {@code data[rater][unit]} with {@link Double#NaN} for a missing value.
 * When the expected disagreement is 0 (a single value throughout) α is returned as 1.
 */
public final class KrippendorffAlpha {
  /** The difference function δ². */
  public enum Metric {
    /** {@code δ² = 1[c ≠ k]}. */
    NOMINAL,
    /** {@code δ² = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²} over the sorted values. */
    ORDINAL,
    /** {@code δ² = (c − k)²}. */
    INTERVAL,
    /** {@code δ² = ((c − k)/(c + k))²}; values must be ≥ 0. */
    RATIO
  }

  private KrippendorffAlpha() {}

  /** α of {@code data[rater][unit]} (NaN = missing). */
  public static double of(double[][] data, Metric metric) {
    check(data, metric);
    int units = data[0].length;
    int[] all = new int[units];
    for (int i = 0; i < units; i++) {
      all[i] = i;
    }
    return compute(data, all, metric);
  }

  /** α with a percentile-bootstrap interval over units. */
  public static ConfidenceInterval withInterval(double[][] data, Metric metric, int resamples, double level,
      RandomGenerator random) {
    check(data, metric);
    return Bootstrap.percentile(data[0].length, idx -> compute(data, idx, metric), resamples, level, random);
  }

  static double compute(double[][] data, int[] idx, Metric metric) {
    // distinct values
    double[] values = Arrays.stream(data).flatMapToDouble(Arrays::stream).filter(v -> !Double.isNaN(v))
        .distinct().sorted().toArray();
    int v = values.length;
    if (v == 0) {
      return Double.NaN;
    }
    double[][] o = new double[v][v];
    int[] counts = new int[v];
    for (int u : idx) {
      Arrays.fill(counts, 0);
      int mu = 0;
      for (double[] rater : data) {
        double x = rater[u];
        if (!Double.isNaN(x)) {
          counts[Arrays.binarySearch(values, x)]++;
          mu++;
        }
      }
      if (mu < 2) {
        continue;
      }
      for (int c = 0; c < v; c++) {
        if (counts[c] == 0) {
          continue;
        }
        for (int k = 0; k < v; k++) {
          if (counts[k] == 0) {
            continue;
          }
          double pairs = c == k ? (double) counts[c] * (counts[c] - 1) : (double) counts[c] * counts[k];
          o[c][k] += pairs / (mu - 1);
        }
      }
    }
    double[] nc = new double[v];
    double n = 0;
    for (int c = 0; c < v; c++) {
      for (int k = 0; k < v; k++) {
        nc[c] += o[c][k];
      }
      n += nc[c];
    }
    if (n <= 1) {
      return Double.NaN;
    }
    double dObs = 0;
    double dExp = 0;
    for (int c = 0; c < v; c++) {
      for (int k = 0; k < v; k++) {
        double d = delta2(c, k, values, nc, metric);
        dObs += o[c][k] * d;
        dExp += nc[c] * nc[k] * d;
      }
    }
    dObs /= n;
    dExp /= n * (n - 1);
    if (dExp <= 0) {
      return 1.0;
    }
    return 1 - dObs / dExp;
  }

  private static double delta2(int c, int k, double[] values, double[] nc, Metric metric) {
    if (c == k) {
      return 0;
    }
    double a = values[c];
    double b = values[k];
    switch (metric) {
      case NOMINAL:
        return 1;
      case INTERVAL:
        return (a - b) * (a - b);
      case RATIO: {
        double s = a + b;
        return s == 0 ? 0 : ((a - b) / s) * ((a - b) / s);
      }
      default: {
        int lo = Math.min(c, k);
        int hi = Math.max(c, k);
        double sum = 0;
        for (int g = lo; g <= hi; g++) {
          sum += nc[g];
        }
        double d = sum - (nc[c] + nc[k]) / 2;
        return d * d;
      }
    }
  }

  private static void check(double[][] data, Metric metric) {
    Require.nonNull("data", data);
    Require.nonNull("metric", metric);
    Require.argument(data.length >= 2, "data must hold >= 2 raters, had %d", data.length);
    int units = data[0].length;
    Require.argument(units >= 1, "data must hold >= 1 unit, had 0");
    for (int r = 0; r < data.length; r++) {
      Require.sameLength("data[0]", units, "data[" + r + "]", data[r].length);
      for (int u = 0; u < units; u++) {
        double x = data[r][u];
        Require.argument(Double.isNaN(x) || Double.isFinite(x),
            "data[%d][%d] must be finite or NaN (missing), was %s", r, u, x);
        Require.argument(metric != Metric.RATIO || Double.isNaN(x) || x >= 0,
            "data[%d][%d] must be >= 0 for the ratio metric, was %s", r, u, x);
      }
    }
  }
}
