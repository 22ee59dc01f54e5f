package dev.align4j.optimizers.kl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.math.StableMath;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KlEstimatorTest {

  @Test
  void knownValues() {
    assertEquals(0.5, KlEstimator.K1.estimate(-1, -1.5), 1e-15);
    assertEquals(0.125, KlEstimator.K2.estimate(-1, -1.5), 1e-15);
    assertEquals(Math.exp(-0.5) - 1 + 0.5, KlEstimator.K3.estimate(-1, -1.5), 1e-15);
    // TV10 of trl-objectives.md §16: k3 of the first sequence
    double[] k3 = KlEstimator.K3.perToken(new double[] {-1, -.5, -2}, new double[] {-1.2, -.6, -1.9});
    assertEquals(0.018731, k3[0], 5e-7);
    assertEquals(0.004837, k3[1], 5e-7);
    assertEquals(0.005171, k3[2], 5e-7);
    // k3 is accurate for tiny log-ratios (expm1, not exp − 1): ≈ x²/2
    double x = (-1 + 1e-10) - (-1);
    assertEquals(x * x / 2 * (1 + x / 3), KlEstimator.K3.estimate(-1, -1 + 1e-10), 1e-12 * x * x);
  }

  @Test
  void tv10KlMetricAndTv11SequenceKl() {
    int[] lengths = {3, 2, 4, 1};
    double[] logp = {-1, -.5, -2, -.3, -1.2, -.9, -.1, -1.5, -.7, -2};
    double[] old = {-1.1, -.5, -1.7, -.3, -1.0, -1.0, -.4, -1.5, -.6, -1.5};
    double[] ref = {-1.2, -.6, -1.9, -.4, -1.1, -.8, -.2, -1.4, -.9, -1.8};
    assertEquals(0.009406, KlEstimator.K3.mean(logp, ref, null), 5e-7);
    double[] seq = KlEstimator.K1.sequenceSums(lengths, old, ref, null);
    double[] expected = {0.4, 0.2, -0.2, 0.3};
    for (int i = 0; i < 4; i++) {
      assertEquals(expected[i], seq[i], 1e-12);
    }
    double[] mask = {1, 1, 0, 1, 1, 1, 1, 1, 1, 0};
    assertEquals(0.4 - 0.2, KlEstimator.K1.sequenceSums(lengths, old, ref, mask)[0], 1e-12);
    assertEquals(0.0, KlEstimator.K1.sequenceSums(lengths, old, ref, mask)[3], 0.0);
  }

  @Property(trials = 200)
  void k2AndK3AreNonNegativeAndK3IsFiniteWhereRepresentable(Gen gen) {
    double lp = gen.logProb(-1e4);
    double ref = gen.logProb(-1e4);
    double k3 = KlEstimator.K3.estimate(lp, ref);
    assertTrue(k3 >= 0, "k3 = " + k3);
    assertTrue(KlEstimator.K2.estimate(lp, ref) >= 0);
    if (ref - lp < 709) {
      assertTrue(Double.isFinite(k3), "k3 = " + k3);
    }
    // k3 = e^x − 1 − x ≥ −1 − x = k1 − 1 (e^x ≥ 0)
    assertTrue(k3 >= KlEstimator.K1.estimate(lp, ref) - 1 - 1e-12 * Math.abs(lp - ref));
  }

  @Property(trials = 100)
  void gradientsMatchCentralDifferences(Gen gen) {
    double lp = -gen.uniform(0.01, 20);
    double ref = -gen.uniform(0.01, 20);
    if (ref - lp > 30) {
      ref = lp + 30 * gen.random().nextDouble();
    }
    for (KlEstimator k : KlEstimator.values()) {
      double h = 1e-6 * Math.max(1, Math.abs(lp));
      final double r = ref;
      double fd = (k.estimate(lp + h, r) - k.estimate(lp - h, r)) / (2 * h);
      double a = k.gradient(lp, ref);
      assertEquals(a, fd, 1e-6 * Math.max(1, Math.abs(a)), k.toString());
    }
  }

  /** A random categorical distribution over v outcomes, as log-probabilities. */
  private static double[] randomLogits(Gen gen, int v, double scale) {
    double[] z = new double[v];
    for (int i = 0; i < v; i++) {
      z[i] = gen.gaussian(0, scale);
    }
    double lse = StableMath.logSumExp(z);
    for (int i = 0; i < v; i++) {
      z[i] -= lse;
    }
    return z;
  }

  @Property(trials = 30)
  void k1AndK3AreUnbiasedAndK2IsNot(Gen gen) {
    int v = gen.intIn(2, 6);
    double[] logPi = randomLogits(gen, v, 1.5);
    double[] logRef = randomLogits(gen, v, 1.5);
    double kl = 0;
    double[] e = new double[3];
    for (int y = 0; y < v; y++) {
      double p = Math.exp(logPi[y]);
      kl += p * (logPi[y] - logRef[y]);
      for (KlEstimator k : KlEstimator.values()) {
        e[k.ordinal()] += p * k.estimate(logPi[y], logRef[y]);
      }
    }
    // exact expectations under π
    assertEquals(kl, e[0], 1e-12 * Math.max(1, kl));
    assertEquals(kl, e[2], 1e-12 * Math.max(1, kl));
    // Monte Carlo: the sample means of k1 and k3 are within 5 standard errors of the exact KL
    SplittableRandom rnd = new SplittableRandom(gen.seed());
    int samples = 20_000;
    double[] cdf = new double[v];
    double acc = 0;
    for (int y = 0; y < v; y++) {
      acc += Math.exp(logPi[y]);
      cdf[y] = acc;
    }
    for (KlEstimator k : new KlEstimator[] {KlEstimator.K1, KlEstimator.K3}) {
      double sum = 0;
      double sumSq = 0;
      SplittableRandom r = rnd.split();
      for (int s = 0; s < samples; s++) {
        double u = r.nextDouble() * acc;
        int y = 0;
        while (y < v - 1 && cdf[y] < u) {
          y++;
        }
        double x = k.estimate(logPi[y], logRef[y]);
        sum += x;
        sumSq += x * x;
      }
      double mean = sum / samples;
      double se = Math.sqrt(Math.max(sumSq / samples - mean * mean, 0) / samples);
      assertEquals(kl, mean, 5 * se + 1e-9, k + " Monte Carlo mean");
    }
  }

  @Test
  void k2IsBiasedForDistantDistributions() {
    double[] logPi = {Math.log(0.9), Math.log(0.1)};
    double[] logRef = {Math.log(0.1), Math.log(0.9)};
    double kl = 0;
    double k2 = 0;
    for (int y = 0; y < 2; y++) {
      double p = Math.exp(logPi[y]);
      kl += p * (logPi[y] - logRef[y]);
      k2 += p * KlEstimator.K2.estimate(logPi[y], logRef[y]);
    }
    assertTrue(Math.abs(k2 - kl) > 0.1 * kl, "E[k2] = " + k2 + " vs KL = " + kl);
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KlEstimator.K3.estimate(0.1, -1));
    assertTrue(e.getMessage().contains("logProb") && e.getMessage().contains("0.1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> KlEstimator.K1.estimate(-1, Double.NaN));
    assertTrue(e.getMessage().contains("referenceLogProb"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> KlEstimator.K1.perToken(new double[] {-1, -2}, new double[] {-1}));
    assertTrue(e.getMessage().contains("same length"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> KlEstimator.K1.perToken(new double[] {-1, Double.NEGATIVE_INFINITY}, new double[] {-1, -1}));
    assertTrue(e.getMessage().contains("logProbs[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> KlEstimator.K1.mean(new double[] {-1, -2}, new double[] {-1, -1}, new double[] {1, 2}));
    assertTrue(e.getMessage().contains("mask[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> KlEstimator.K1.sequenceSums(new int[] {1, 2}, new double[] {-1, -2}, new double[] {-1, -1}, null));
    assertTrue(e.getMessage().contains("sum of lengths"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> KlEstimator.fromName("k4"));
    assertTrue(e.getMessage().contains("k4") && e.getMessage().contains("k3"), e.getMessage());
    assertEquals(KlEstimator.K3, KlEstimator.fromName("K3"));
    assertEquals("k2", KlEstimator.K2.trlName());
  }
}
