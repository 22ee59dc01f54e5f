package dev.align4j.optimizers.advantage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class GaeEstimatorTest {

  @Test
  void handComputedExample() {
    // one sequence r = [0, 0, 1], V = [0.5, 0.2, 0.4], γ = 0.9, λ = 0.5:
    // δ2 = 1 − 0.4 = 0.6; δ1 = 0 + 0.9·0.4 − 0.2 = 0.16; δ0 = 0 + 0.9·0.2 − 0.5 = −0.32
    // A2 = 0.6; A1 = 0.16 + 0.45·0.6 = 0.43; A0 = −0.32 + 0.45·0.43 = −0.1265
    GaeEstimator gae = GaeEstimator.builder().gamma(0.9).lambda(0.5).build();
    TokenAdvantages r = gae.estimate(new int[] {3}, new double[] {0, 0, 1}, new double[] {0.5, 0.2, 0.4});
    assertArrayEquals(new double[] {-0.1265, 0.43, 0.6}, r.advantages(), 1e-15);
    assertArrayEquals(new double[] {-0.1265 + 0.5, 0.43 + 0.2, 0.6 + 0.4}, r.returns(), 1e-15);
    // a bootstrap value of 2 for a truncated sequence: δ2 = 1 + 0.9·2 − 0.4 = 2.4
    TokenAdvantages b = gae.estimate(new int[] {3}, new double[] {0, 0, 1}, new double[] {0.5, 0.2, 0.4},
        new double[] {2});
    assertEquals(2.4, b.advantages()[2], 1e-15);
  }

  /** Brute force: A_t = Σ_l (γλ)^l δ_{t+l}. */
  private static double[] bruteForce(int[] lengths, double[] r, double[] v, double gamma, double lambda) {
    double[] out = new double[r.length];
    int start = 0;
    for (int len : lengths) {
      for (int t = start; t < start + len; t++) {
        double a = 0;
        double w = 1;
        for (int s = t; s < start + len; s++) {
          double next = s + 1 < start + len ? v[s + 1] : 0.0;
          a += w * (r[s] + gamma * next - v[s]);
          w *= gamma * lambda;
        }
        out[t] = a;
      }
      start += len;
    }
    return out;
  }

  @Property(trials = 100)
  void equalsTheDiscountedSumOfTdErrors(Gen gen) {
    int n = gen.intIn(1, 4);
    int[] lengths = new int[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      lengths[i] = gen.random().nextInt(7);
      total += lengths[i];
    }
    double[] r = gen.gaussians(total);
    double[] v = gen.gaussians(total);
    double gamma = gen.doubleIn(0, 1);
    double lambda = gen.doubleIn(0, 1);
    TokenAdvantages res = GaeEstimator.builder().gamma(gamma).lambda(lambda).build().estimate(lengths, r, v);
    double[] expected = bruteForce(lengths, r, v, gamma, lambda);
    for (int t = 0; t < total; t++) {
      assertEquals(expected[t], res.advantages()[t], 1e-12, "A[" + t + "]");
      assertEquals(res.advantages()[t] + v[t], res.returns()[t], 1e-15);
    }
  }

  @Property(trials = 50)
  void lambdaLimits(Gen gen) {
    int len = gen.intIn(1, 8);
    double[] r = gen.gaussians(len);
    double[] v = gen.gaussians(len);
    double gamma = gen.uniform(0.5, 1);
    int[] lengths = {len};
    // λ = 0: the one-step TD error
    double[] td = GaeEstimator.builder().gamma(gamma).lambda(0).build().estimate(lengths, r, v).advantages();
    // λ = 1: the discounted Monte-Carlo return minus the value
    double[] mc = GaeEstimator.builder().gamma(gamma).lambda(1).build().estimate(lengths, r, v).advantages();
    double ret = 0;
    for (int t = len - 1; t >= 0; t--) {
      ret = r[t] + gamma * ret;
      assertEquals(ret - v[t], mc[t], 1e-12);
      double next = t + 1 < len ? v[t + 1] : 0;
      assertEquals(r[t] + gamma * next - v[t], td[t], 1e-15);
    }
  }

  @Test
  void defaultsAndBadInput() {
    GaeEstimator d = GaeEstimator.builder().build();
    assertEquals(1.0, d.gamma());
    assertEquals(0.95, d.lambda());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GaeEstimator.builder().lambda(1.5));
    assertTrue(e.getMessage().contains("lambda") && e.getMessage().contains("1.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> d.estimate(new int[] {2}, new double[] {0, Double.NaN}, new double[] {0, 0}));
    assertTrue(e.getMessage().contains("rewards[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> d.estimate(new int[] {3}, new double[2], new double[3]));
    assertTrue(e.getMessage().contains("rewards must hold one value per token"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> d.estimate(new int[] {1, 1}, new double[2], new double[2], new double[] {1}));
    assertTrue(e.getMessage().contains("bootstrapValues"), e.getMessage());
  }
}
