package dev.align4j.optimizers.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.eval.GaoOverOptimizationFit;
import dev.align4j.core.eval.GaoOverOptimizationFit.Form;
import dev.align4j.optimizers.advantage.GroupNormalizedAdvantages;
import dev.align4j.optimizers.optimizer.rl.RolloutStatistics;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The monitor's statistics against values computed outside the implementation (numpy 2, the scripts in the comments)
 * and their properties over seeded generators.
 */
class HealthStatisticsReferenceTest {

  // numpy: sc.reshape(4, 3); np.mean(np.isclose(sc.std(axis=1), 0)) → 0.5 (the groups are of equal
  // size, so the
  // share of groups is the share of samples)
  @Test
  void fracRewardZeroStdMatchesNumpy() {
    double[] scores = {1, 1, 1, 0, 1, 0, 2, 2, 2, 0.5, 0.5, 0.25};
    assertEquals(0.5, zeroStd(scores, 3), 0.0);
    assertEquals(0.0, zeroStd(scores, 12), 0.0);
  }

  private static double zeroStd(double[] scores, int groupSize) {
    return GroupNormalizedAdvantages.builder()
        .build()
        .compute(scores, groupSize)
        .metrics()
        .get("frac_reward_zero_std");
  }

  // numpy: S = a + b + c; np.cov(x, S, ddof=1)[0, 1] / np.var(S, ddof=1) for x in (a, b, c)
  @Test
  void varianceSharesMatchNumpy() {
    Map<String, double[]> c = new LinkedHashMap<>();
    c.put("a", new double[] {0.001, 0.299, -0.274, -0.891, -0.455, -0.992});
    c.put("b", new double[] {0.018, 0.402, -0.148, -0.186, 0.147, 0.107});
    c.put("c", new double[] {0.011, -0.093, -0.003, 0.07, -0.134, -0.046});
    Map<String, Double> s = RolloutStatistics.varianceShares(c);
    assertEquals(0.8050857725164206, s.get("a"), 1e-12);
    assertEquals(0.2457635502650862, s.get("b"), 1e-12);
    assertEquals(-0.050849322781506695, s.get("c"), 1e-12);
  }

  @Test
  void varianceSharesAreEmptyWithoutVariance() {
    assertTrue(RolloutStatistics.varianceShares(Map.of("a", new double[] {1, 1, 1})).isEmpty());
    assertTrue(RolloutStatistics.varianceShares(Map.of("a", new double[] {3})).isEmpty());
  }

  @Property(trials = 50)
  void varianceSharesSumToOneAndIgnoreShifts(Gen gen) {
    int n = gen.intIn(3, 20);
    Map<String, double[]> c = new LinkedHashMap<>();
    Map<String, double[]> shifted = new LinkedHashMap<>();
    int k = gen.intIn(1, 4);
    for (int j = 0; j < k; j++) {
      double[] x = gen.gaussians(n);
      double shift = gen.uniform(-5, 5);
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        y[i] = x[i] + shift;
      }
      c.put("c" + j, x);
      shifted.put("c" + j, y);
    }
    Map<String, Double> s = RolloutStatistics.varianceShares(c);
    Map<String, Double> t = RolloutStatistics.varianceShares(shifted);
    double sum = 0;
    for (String name : c.keySet()) {
      sum += s.get(name);
      assertEquals(s.get(name), t.get(name), 1e-9, name);
    }
    assertEquals(1.0, sum, 1e-9);
  }

  // The fit itself (numpy lstsq on the columns d and −d ln d) is pinned in core's
  // GaoOverOptimizationFitTest; this checks the monitor's curve is that fit, and its own
  // conventions at d <= 0.
  @Test
  void overOptimizationCurveIsCoresPublishedLeastSquaresFit() {
    double[] d = {0.2, 0.5, 0.9, 1.3, 1.8, 2.4};
    double[] g = {0.05, 0.16, 0.24, 0.27, 0.25, 0.19};
    OverOptimizationCurve c = OverOptimizationCurve.fit(d, g);
    // numpy: np.linalg.lstsq(np.column_stack([d, -d * np.log(d)]), g) → α, β; d* = exp(α/β − 1)
    assertEquals(0.2328470259493505, c.alpha(), 1e-12);
    assertEquals(0.16728170145420423, c.beta(), 1e-12);
    assertEquals(1.4798571841882813, c.peakD(), 1e-10);
    assertEquals(0.24753019917705585, c.gainAt(1.5), 1e-12);
    assertEquals(6, c.points());
    GaoOverOptimizationFit core = GaoOverOptimizationFit.fit(Form.RL, d, g);
    assertEquals(core, c.toFit());
    assertEquals(c, OverOptimizationCurve.of(core));
    assertEquals(0, c.gainAt(0));
    assertEquals(0, c.gainAt(-1));
  }

  @Property(trials = 50)
  void overOptimizationCurveRecoversAPlantedCurve(Gen gen) {
    double alpha = gen.uniform(0.1, 2);
    double beta = gen.uniform(0.05, 1);
    int n = gen.intIn(3, 12);
    double[] d = new double[n];
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = 0.1 + i * gen.uniform(0.05, 0.5);
      g[i] = d[i] * (alpha - beta * Math.log(d[i]));
    }
    OverOptimizationCurve c = OverOptimizationCurve.fit(d, g);
    assertEquals(alpha, c.alpha(), 1e-9);
    assertEquals(beta, c.beta(), 1e-9);
    assertEquals(Math.exp(alpha / beta - 1), c.peakD(), 1e-6 * c.peakD());
    // at its peak the curve's slope α − β ln d − β is zero
    assertEquals(0, alpha - beta * Math.log(c.peakD()) - beta, 1e-9);
  }

  @Test
  void aRisingCurveHasNoPeak() {
    OverOptimizationCurve c =
        OverOptimizationCurve.fit(new double[] {1, 2, 3}, new double[] {1, 2 * 1.5, 3 * 2});
    assertTrue(c.beta() < 0);
    assertEquals(Double.POSITIVE_INFINITY, c.peakD());
  }

  @Test
  void overOptimizationCurveNamesBadInput() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OverOptimizationCurve.fit(new double[] {1, 0}, new double[] {1, 1}));
    assertEquals("d[1] must be finite and > 0, was 0.0", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OverOptimizationCurve.fit(new double[] {2, 2}, new double[] {1, 1}));
    assertEquals("d must not be all equal, was 2.0 at every point", e.getMessage());
  }
}
