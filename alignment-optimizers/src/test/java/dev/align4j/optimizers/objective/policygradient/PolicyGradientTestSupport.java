package dev.align4j.optimizers.objective.policygradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientObjective;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.testkit.Gen;

/** Random ragged batches and finite-difference checks for the policy-gradient objective tests. */
public final class PolicyGradientTestSupport {
  private PolicyGradientTestSupport() {}

  /** The TV10/TV11 batch of trl-objectives.md §16: one prompt, G = 4, lengths 3, 2, 4, 1. */
  public static final int[] TV_LENGTHS = {3, 2, 4, 1};

  public static final double[] TV_LOGP = {-1, -.5, -2, -.3, -1.2, -.9, -.1, -1.5, -.7, -2};
  public static final double[] TV_OLD = {-1.1, -.5, -1.7, -.3, -1.0, -1.0, -.4, -1.5, -.6, -1.5};
  public static final double[] TV_REF = {-1.2, -.6, -1.9, -.4, -1.1, -.8, -.2, -1.4, -.9, -1.8};
  public static final double[] TV_ADV_GROUP = {1.305310, -0.783186, 0.261062, -0.783186};

  /** A batch with a new copy of the policy log-probabilities (for finite differences). */
  public static PolicyGradientBatch withLogProbs(PolicyGradientBatch b, double[] logProbs) {
    return b.withLogProbs(logProbs);
  }

  /** A batch with new value predictions. */
  public static PolicyGradientBatch withValues(PolicyGradientBatch b, double[] values) {
    return new PolicyGradientBatch(
        b.lengths(),
        b.logProbs(),
        b.oldLogProbs(),
        b.samplerLogProbs(),
        b.referenceLogProbs(),
        b.advantages(),
        b.mask(),
        values,
        b.oldValues(),
        b.returns(),
        b.entropies());
  }

  /**
   * A random ragged batch: 1–6 sequences of 0–8 tokens (at least one token overall), policy log-probabilities in
   * [−8, −1e-3], old and reference log-probabilities within about ±0.5 of them, Gaussian advantages (per sequence or
   * per token), an optional 0/1 (or fractional) mask, values, old values and returns.
   */
  public static PolicyGradientBatch randomBatch(Gen gen, boolean perSequenceAdvantages) {
    int n = gen.intIn(1, 6);
    int[] lengths = new int[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      lengths[i] = gen.random().nextInt(9);
      total += lengths[i];
    }
    if (total == 0) {
      lengths[0] = 1;
      total = 1;
    }
    double[] lp = new double[total];
    double[] old = new double[total];
    double[] ref = new double[total];
    double[] values = new double[total];
    double[] oldValues = new double[total];
    double[] returns = new double[total];
    for (int t = 0; t < total; t++) {
      lp[t] = -gen.uniform(1e-3, 8);
      old[t] = Math.min(-1e-4, lp[t] + gen.gaussian(0, 0.3));
      ref[t] = Math.min(-1e-4, lp[t] + gen.gaussian(0, 0.5));
      values[t] = gen.gaussian(0, 1);
      oldValues[t] = values[t] + gen.gaussian(0, 0.3);
      returns[t] = gen.gaussian(0, 1);
    }
    double[] mask = null;
    int maskKind = gen.random().nextInt(3);
    if (maskKind > 0) {
      mask = new double[total];
      for (int t = 0; t < total; t++) {
        mask[t] = maskKind == 1 ? (gen.random().nextInt(5) == 0 ? 0.0 : 1.0) : gen.uniform(0, 1);
      }
    }
    PolicyGradientBatch.Builder b =
        PolicyGradientBatch.builder()
            .lengths(lengths)
            .logProbs(lp)
            .oldLogProbs(old)
            .referenceLogProbs(ref)
            .mask(mask)
            .values(values, returns)
            .oldValues(oldValues);
    if (perSequenceAdvantages) {
      double[] a = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = gen.gaussian(0, 1);
      }
      b.sequenceAdvantages(a);
    } else {
      double[] a = new double[total];
      for (int t = 0; t < total; t++) {
        a[t] = gen.gaussian(0, 1);
      }
      b.advantages(a);
    }
    return b.build();
  }

  /**
   * Checks ∂loss/∂logProbs[t] against a central difference for every token (step h = 1e-6·max(1, |x|)); tokens for
   * which {@code nearKink} is true are skipped (the loss is not differentiable there).
   */
  public static void checkLogProbGradient(
      PolicyGradientObjective objective,
      PolicyGradientBatch batch,
      java.util.function.IntPredicate nearKink) {
    PolicyGradientResult r = objective.evaluate(batch);
    double[] lp = batch.logProbs();
    for (int t = 0; t < lp.length; t++) {
      if (nearKink.test(t)) {
        continue;
      }
      double h = 1e-6 * Math.max(1, Math.abs(lp[t]));
      final int tt = t;
      double fd =
          centralDifference(
              x -> {
                double[] copy = lp.clone();
                copy[tt] = x;
                return objective.evaluate(withLogProbs(batch, copy)).loss();
              },
              lp[t],
              h);
      double a = r.gradLogProbs()[t];
      assertEquals(a, fd, 1e-6 * Math.abs(a) + 2e-9, "d loss / d logProbs[" + t + "]");
    }
  }

  /** Checks ∂loss/∂values[t] against a central difference. */
  public static void checkValueGradient(
      PolicyGradientObjective objective,
      PolicyGradientBatch batch,
      java.util.function.IntPredicate nearKink) {
    PolicyGradientResult r = objective.evaluate(batch);
    double[] v = batch.values();
    for (int t = 0; t < v.length; t++) {
      if (nearKink.test(t)) {
        continue;
      }
      final int tt = t;
      double fd =
          centralDifference(
              x -> {
                double[] copy = v.clone();
                copy[tt] = x;
                return objective.evaluate(withValues(batch, copy)).loss();
              },
              v[t],
              1e-6);
      double a = r.gradValues()[t];
      assertEquals(a, fd, 1e-6 * Math.abs(a) + 2e-9, "d loss / d values[" + t + "]");
    }
  }

  public static double centralDifference(
      java.util.function.DoubleUnaryOperator f, double x, double h) {
    // Richardson-extrapolated central difference: O(h^4) truncation error.
    double d1 = (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    double d2 = (f.applyAsDouble(x + 2 * h) - f.applyAsDouble(x - 2 * h)) / (4 * h);
    return (4 * d1 - d2) / 3;
  }

  /** The sequence index of every token. */
  public static int[] sequenceOf(PolicyGradientBatch b) {
    int[] seq = new int[b.tokenCount()];
    int t = 0;
    for (int i = 0; i < b.lengths().length; i++) {
      for (int k = 0; k < b.lengths()[i]; k++) {
        seq[t++] = i;
      }
    }
    return seq;
  }

  /** GSPO's per-sequence ratio exp(Σ m·(lp − old)/max(Σ m, 1)) (or the plain sum when {@code mean} is false). */
  public static double[] sequenceRatios(PolicyGradientBatch b, boolean mean) {
    int n = b.sequenceCount();
    double[] num = new double[n];
    double[] den = new double[n];
    int[] seq = sequenceOf(b);
    for (int t = 0; t < seq.length; t++) {
      num[seq[t]] += b.maskAt(t) * (b.logProbs()[t] - b.oldLogProbs()[t]);
      den[seq[t]] += b.maskAt(t);
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = Math.exp(mean ? num[i] / Math.max(den[i], 1) : num[i]);
    }
    return out;
  }

  /** Whether x is within {@code tol} (relative) of any of the kinks. */
  public static boolean near(double x, double tol, double... kinks) {
    for (double k : kinks) {
      if (Math.abs(x - k) <= tol * Math.max(1, Math.abs(k))) {
        return true;
      }
    }
    return false;
  }

  public static void assertArrayClose(double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
    }
  }

  public static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  public static void assertAllFinite(double[] x, String what) {
    for (int i = 0; i < x.length; i++) {
      assertTrue(Double.isFinite(x[i]), what + "[" + i + "] = " + x[i]);
    }
  }
}
