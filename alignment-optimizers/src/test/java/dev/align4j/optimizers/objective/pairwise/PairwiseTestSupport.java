package dev.align4j.optimizers.objective.pairwise;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.objective.PairwiseResult;
import dev.align4j.testkit.Gen;
import java.util.Map;

/** Shared helpers for the pairwise objective tests: random batches and central finite differences. */
public final class PairwiseTestSupport {
  private PairwiseTestSupport() {}

  /** A random batch with log-probabilities in [min, max] (max < 0) and lengths in [1, maxLength]. */
  public static PairwiseBatch randomBatch(Gen gen, int n, double min, double max, int maxLength, boolean reference) {
    double[] c = new double[n];
    double[] r = new double[n];
    double[] c0 = new double[n];
    double[] r0 = new double[n];
    int[] lc = new int[n];
    int[] lr = new int[n];
    for (int i = 0; i < n; i++) {
      lc[i] = 1 + gen.random().nextInt(maxLength);
      lr[i] = 1 + gen.random().nextInt(maxLength);
      c[i] = gen.uniform(min, max);
      r[i] = gen.uniform(min, max);
      c0[i] = gen.uniform(min, max);
      r0[i] = gen.uniform(min, max);
    }
    return reference ? PairwiseBatch.of(c, r, c0, r0, lc, lr) : PairwiseBatch.referenceFree(c, r, lc, lr);
  }

  public static PairwiseBatch withChosen(PairwiseBatch b, int i, double value) {
    double[] c = b.policyChosen().clone();
    c[i] = value;
    return new PairwiseBatch(c, b.policyRejected(), b.referenceChosen(), b.referenceRejected(), b.chosenLengths(),
        b.rejectedLengths());
  }

  public static PairwiseBatch withRejected(PairwiseBatch b, int i, double value) {
    double[] r = b.policyRejected().clone();
    r[i] = value;
    return new PairwiseBatch(b.policyChosen(), r, b.referenceChosen(), b.referenceRejected(), b.chosenLengths(),
        b.rejectedLengths());
  }

  /**
   * Checks every analytic gradient entry against central differences of the mean loss (steps h and h/2, h = 1e-5·max(1, |x|),
   * Richardson-extrapolated).
   * Where the two one-sided differences disagree by more than {@code kinkTolerance} (relative), the point is at a
   * kink (hinge, max, a sort swap) and the entry is skipped; smooth losses pass {@code kinkTolerance <= 0} and are
   * never skipped.
   *
   * @return the number of entries checked
   */
  public static int checkGradients(PairwiseObjective obj, PairwiseBatch b, double relTol, double kinkTolerance) {
    PairwiseResult base = obj.evaluate(b);
    int checked = 0;
    for (int side = 0; side < 2; side++) {
      double[] x = side == 0 ? b.policyChosen() : b.policyRejected();
      double[] analytic = side == 0 ? base.gradPolicyChosen() : base.gradPolicyRejected();
      for (int i = 0; i < x.length; i++) {
        double h = 1e-5 * Math.max(1, Math.abs(x[i]));
        double xp = x[i] + h;
        double xm = x[i] - h;
        if (xp > 0) {
          continue; // cannot step above log-probability 0; generators keep x away from 0
        }
        double fp = eval(obj, b, side, i, xp);
        double fm = eval(obj, b, side, i, xm);
        double fp2 = eval(obj, b, side, i, x[i] + h / 2);
        double fm2 = eval(obj, b, side, i, x[i] - h / 2);
        // Richardson extrapolation of two central differences: truncation error O(h⁴)
        double fd = (4 * (fp2 - fm2) / h - (fp - fm) / (2 * h)) / 3;
        if (kinkTolerance > 0) {
          double right = (fp - base.loss()) / h;
          double left = (base.loss() - fm) / h;
          if (Math.abs(right - left) > kinkTolerance * Math.max(1e-12, Math.max(Math.abs(right), Math.abs(left)))) {
            continue;
          }
        }
        double a = analytic[i];
        int idx = i;
        int sd = side;
        double scale = Math.max(Math.abs(a), Math.abs(fd));
        double absFloor = 1e-9 * Math.max(1, Math.abs(base.loss())) / x.length;
        assertTrue(Math.abs(a - fd) <= relTol * scale + absFloor,
            () -> obj + " " + side(b, sd) + "[" + idx + "] analytic " + a + " vs central difference " + fd
                + " (loss " + base.loss() + ")");
        checked++;
      }
    }
    return checked;
  }

  private static String side(PairwiseBatch b, int side) {
    return side == 0 ? "gradPolicyChosen" : "gradPolicyRejected";
  }

  private static double eval(PairwiseObjective obj, PairwiseBatch b, int side, int i, double v) {
    return obj.evaluate(side == 0 ? withChosen(b, i, v) : withRejected(b, i, v)).loss();
  }

  public static Map<String, Object> cfg(Object... kv) {
    java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
