package dev.align4j.rollout.guardrail;

import dev.align4j.core.check.Require;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * Output-length drift of the candidate against the incumbent on the same prompts: the ratio of mean lengths and the
 * ratio of 90th percentiles (nearest-rank), both to be at most {@code maxRatio} (and at least {@code 1/maxRatio}).
 * RLHF reward gains are largely length (Singhal et al. 2023, arXiv 2310.03716). A fixed offline check, usable as a
 * {@link Precondition}; for a monitored mean use {@link Guardrails#lengthRatio}.
 *
 * @param meanRatio mean candidate length / mean incumbent length
 * @param p90Ratio p90 candidate length / p90 incumbent length
 * @param maxRatio the allowed ratio (> 1)
 */
public record LengthDrift(double meanRatio, double p90Ratio, double maxRatio) implements Precondition {

  /** Validates. */
  public LengthDrift {
    Require.positive("meanRatio", meanRatio);
    Require.positive("p90Ratio", p90Ratio);
    Require.argument(maxRatio > 1 && Double.isFinite(maxRatio), "maxRatio must be finite and > 1, was %s", maxRatio);
  }

  /**
   * Measures the drift between token counts.
   *
   * @throws IllegalArgumentException if an array is empty or has a negative length, or an incumbent mean or p90 is 0
   */
  public static LengthDrift measure(int[] candidateLengths, int[] incumbentLengths, double maxRatio) {
    Require.argument(candidateLengths.length > 0, "candidateLengths must not be empty");
    Require.argument(incumbentLengths.length > 0, "incumbentLengths must not be empty");
    double mc = mean("candidateLengths", candidateLengths);
    double mi = mean("incumbentLengths", incumbentLengths);
    double pc = p90(candidateLengths);
    double pi = p90(incumbentLengths);
    Require.argument(mi > 0 && pi > 0, "incumbent lengths must have mean and p90 > 0, were %s and %s", mi, pi);
    Require.argument(mc > 0 && pc > 0, "candidate lengths must have mean and p90 > 0, were %s and %s", mc, pc);
    return new LengthDrift(mc / mi, pc / pi, maxRatio);
  }

  private static double mean(String name, int[] xs) {
    double s = 0;
    for (int i = 0; i < xs.length; i++) {
      Require.argument(xs[i] >= 0, "%s[%d] must be >= 0, was %d", name, i, xs[i]);
      s += xs[i];
    }
    return s / xs.length;
  }

  /** The nearest-rank 90th percentile. */
  static double p90(int[] xs) {
    int[] s = xs.clone();
    Arrays.sort(s);
    int rank = (int) Math.ceil(0.9 * s.length);
    return s[Math.max(0, rank - 1)];
  }

  /** Whether both ratios lie within {@code [1/maxRatio, maxRatio]}. */
  public boolean withinLimit() {
    return within(meanRatio) && within(p90Ratio);
  }

  private boolean within(double r) {
    return r <= maxRatio && r >= 1 / maxRatio;
  }

  @Override
  public String name() {
    return "length_drift";
  }

  @Override
  public PreconditionResult check(Instant now) {
    String msg = String.format(Locale.ROOT, "mean ratio %.4f, p90 ratio %.4f, allowed [%.4f, %.4f]", meanRatio,
        p90Ratio, 1 / maxRatio, maxRatio);
    return new PreconditionResult(name(), withinLimit(), withinLimit() ? "PASS" : "LENGTH_DRIFT", msg);
  }
}
