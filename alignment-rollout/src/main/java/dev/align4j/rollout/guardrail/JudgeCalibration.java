package dev.align4j.rollout.guardrail;

import dev.align4j.core.check.Require;
import java.time.Instant;
import java.util.Locale;

/**
 * The judge-calibration precondition (§B.7.3; RLAIF's AI-labeller alignment): Cohen's κ between the judge's and the
 * humans' labels on an audit sample must be at least {@code minKappa}, on at least {@code minItems} items.
 *
 * <pre>
 *   κ = (p_o − p_e) / (1 − p_e),   p_o = observed agreement,   p_e = Σ_c p_judge(c) · p_human(c)
 * </pre>
 *
 * <p>Labels are small non-negative category ids (e.g. 0 = incumbent better, 1 = candidate better, 2 = tie). Add audit
 * pairs as they arrive; the gate reads the current κ at every evaluation. Not thread-safe.
 */
public final class JudgeCalibration implements Precondition {
  private final double minKappa;
  private final int minItems;
  private final int categories;
  private final long[][] table;
  private long n;

  /**
   * A calibration check over {@code categories} label values.
   *
   * @param minKappa the minimum κ, in [−1, 1] (e.g. 0.6, "substantial" agreement per Landis and Koch)
   * @param minItems the minimum audit sample
   * @param categories the number of label values
   */
  public JudgeCalibration(double minKappa, int minItems, int categories) {
    this.minKappa = Require.inClosedRange("minKappa", minKappa, -1, 1);
    this.minItems = Require.positive("minItems", minItems);
    this.categories = Require.inClosedRange("categories", categories, 2, 1000);
    this.table = new long[categories][categories];
  }

  /** Adds one audited item: the judge's label and the human's. */
  public void add(int judgeLabel, int humanLabel) {
    Require.inClosedRange("judgeLabel", judgeLabel, 0, categories - 1);
    Require.inClosedRange("humanLabel", humanLabel, 0, categories - 1);
    table[judgeLabel][humanLabel]++;
    n++;
  }

  /** The number of audited items. */
  public long items() {
    return n;
  }

  /** Cohen's κ so far (NaN with no items; 1 when both raters use a single identical category). */
  public double kappa() {
    if (n == 0) {
      return Double.NaN;
    }
    double po = 0;
    double pe = 0;
    for (int c = 0; c < categories; c++) {
      po += table[c][c];
      long row = 0;
      long col = 0;
      for (int j = 0; j < categories; j++) {
        row += table[c][j];
        col += table[j][c];
      }
      pe += (double) row / n * ((double) col / n);
    }
    po /= n;
    return pe >= 1 ? (po >= 1 ? 1 : 0) : (po - pe) / (1 - pe);
  }

  @Override
  public String name() {
    return "judge_calibration";
  }

  @Override
  public PreconditionResult check(Instant now) {
    double k = kappa();
    if (n < minItems) {
      return new PreconditionResult(name(), false, "TOO_FEW_AUDITED",
          String.format(Locale.ROOT, "%d audited items < min %d", n, minItems));
    }
    boolean ok = k >= minKappa;
    return new PreconditionResult(name(), ok, ok ? "PASS" : "KAPPA_BELOW_MIN",
        String.format(Locale.ROOT, "kappa %.4f %s min %.4f (n=%d)", k, ok ? ">=" : "<", minKappa, n));
  }
}
