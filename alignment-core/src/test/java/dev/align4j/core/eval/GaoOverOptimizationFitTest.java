package dev.align4j.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.eval.GaoOverOptimizationFit.Accumulator;
import dev.align4j.core.eval.GaoOverOptimizationFit.Form;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link GaoOverOptimizationFit}: Gao et al. 2023's curves fitted by least squares on (d, R). Reference values from
 * numpy:
 *
 * <pre>{@code
 * d = np.array([0.2, 0.5, 0.9, 1.3, 1.8, 2.4]); g = np.array([0.05, 0.16, 0.24, 0.27, 0.25, 0.19])
 * a, b = np.linalg.lstsq(np.column_stack([d, -d * np.log(d)]), g, rcond=None)[0]   # RL
 * a, b = np.linalg.lstsq(np.column_stack([d, -d * d]), g, rcond=None)[0]           # best-of-n
 * }</pre>
 */
class GaoOverOptimizationFitTest {

  private static final double[] D = {0.2, 0.5, 0.9, 1.3, 1.8, 2.4};
  private static final double[] GAIN = {0.05, 0.16, 0.24, 0.27, 0.25, 0.19};

  @Test
  void rlFitMatchesNumpyLeastSquaresOnDAndMinusDLnD() {
    GaoOverOptimizationFit fit = GaoOverOptimizationFit.fit(Form.RL, D, GAIN);
    assertEquals(0.2328470259493505, fit.alpha(), 1e-12);
    assertEquals(0.16728170145420423, fit.beta(), 1e-12);
    assertEquals(1.4798571841882813, fit.peak(), 1e-10);
    assertEquals(0.24753019917705585, fit.predict(1.5), 1e-12);
    assertEquals(-0.0022615686695003356, fit.slope(1.5), 1e-12);
    assertEquals(6, fit.n());
    // the regression of R/d on ln d (weights 1/d²) gives alpha 0.2022, beta 0.0725, peak 5.99:
    // not the published fit
    assertTrue(Math.abs(fit.peak() - 5.988384784103441) > 4);
  }

  @Test
  void bestOfNFitMatchesNumpyLeastSquaresOnDAndMinusDSquared() {
    GaoOverOptimizationFit fit = GaoOverOptimizationFit.fit(Form.BEST_OF_N, D, GAIN);
    assertEquals(0.36137006261070165, fit.alpha(), 1e-12);
    assertEquals(0.11875646216949912, fit.beta(), 1e-12);
    assertEquals(1.521475362304597, fit.peak(), 1e-10);
    assertEquals(0.2748530540346794, fit.predict(1.5), 1e-12);
    assertEquals(0.005100676102204271, fit.slope(1.5), 1e-12);
  }

  @Test
  void theAccumulatorGivesTheBatchFitWithoutKeepingPoints() {
    Accumulator acc = new Accumulator(Form.RL);
    for (int i = 0; i < D.length; i++) {
      acc.add(D[i], GAIN[i]);
    }
    GaoOverOptimizationFit online = acc.fit();
    GaoOverOptimizationFit batch = GaoOverOptimizationFit.fit(Form.RL, D, GAIN);
    assertEquals(batch.alpha(), online.alpha(), 1e-15);
    assertEquals(batch.beta(), online.beta(), 1e-15);
    assertEquals(6, acc.n());
  }

  @Property(trials = 50)
  void aPlantedCurveIsRecovered(Gen gen) {
    Form form = gen.oneOf(Form.RL, Form.BEST_OF_N);
    double alpha = gen.uniform(0.1, 2);
    double beta = gen.uniform(0.05, 1);
    int n = gen.intIn(2, 12);
    double[] d = new double[n];
    double[] r = new double[n];
    Accumulator acc = new Accumulator(form);
    for (int i = 0; i < n; i++) {
      d[i] = 0.1 + (i + 1) * gen.uniform(0.05, 0.5);
      r[i] =
          form == Form.RL ? d[i] * (alpha - beta * Math.log(d[i])) : d[i] * (alpha - beta * d[i]);
      acc.add(d[i], r[i]);
    }
    GaoOverOptimizationFit fit = GaoOverOptimizationFit.fit(form, d, r);
    assertEquals(alpha, fit.alpha(), 1e-8);
    assertEquals(beta, fit.beta(), 1e-8);
    assertEquals(alpha, acc.fit().alpha(), 1e-8);
    assertEquals(beta, acc.fit().beta(), 1e-8);
    double peak = fit.peak();
    double expected = form == Form.RL ? Math.exp(alpha / beta - 1) : alpha / (2 * beta);
    assertEquals(expected, peak, 1e-6 * expected);
    // the slope is zero at the peak, and agrees with a central difference of predict elsewhere
    assertEquals(0, fit.slope(peak), 1e-7);
    double x = 0.5 + gen.uniform(0, 2);
    double h = 1e-6;
    assertEquals((fit.predict(x + h) - fit.predict(x - h)) / (2 * h), fit.slope(x), 1e-6);
  }

  @Test
  void aRisingCurveHasNoPeak() {
    // numpy lstsq on d = 1, 2, 3 and R = 1, 3, 6: alpha 0.8877383, beta -0.99301463
    GaoOverOptimizationFit fit =
        GaoOverOptimizationFit.fit(Form.RL, new double[] {1, 2, 3}, new double[] {1, 3, 6});
    assertEquals(0.8877383, fit.alpha(), 1e-7);
    assertEquals(-0.99301463, fit.beta(), 1e-8);
    assertEquals(Double.POSITIVE_INFINITY, fit.peak());
    assertEquals(Double.POSITIVE_INFINITY, GaoOverOptimizationFit.of(Form.BEST_OF_N, 1, 0).peak());
  }

  @Test
  void aBestOfNCurveThatNeverRisesPeaksAtZero() {
    assertEquals(0, GaoOverOptimizationFit.of(Form.BEST_OF_N, -0.2, 0.5).peak());
    assertEquals(
        Math.exp(-0.2 / 0.5 - 1), GaoOverOptimizationFit.of(Form.RL, -0.2, 0.5).peak(), 1e-15);
  }

  @Test
  void theCurveStartsAtZero() {
    GaoOverOptimizationFit fit = GaoOverOptimizationFit.of(Form.RL, 0.3, 0.2);
    assertEquals(0, fit.predict(0));
    assertEquals(0, GaoOverOptimizationFit.of(Form.BEST_OF_N, 0.3, 0.2).predict(0));
    assertEquals(0.3, GaoOverOptimizationFit.of(Form.BEST_OF_N, 0.3, 0.2).slope(0));
    assertEquals(0, fit.n());
  }

  @Test
  void degenerateInputsAreNamed() {
    assertEquals(
        "d must hold at least 2 points, had 1",
        assertThrows(IllegalArgumentException.class, () -> new Accumulator(Form.RL).add(1, 1).fit())
            .getMessage());
    assertEquals(
        "d must hold at least 2 points, had 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> GaoOverOptimizationFit.fit(Form.RL, new double[0], new double[0]))
            .getMessage());
    assertEquals(
        "d must not be all equal, was 2.0 at every point",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    GaoOverOptimizationFit.fit(
                        Form.BEST_OF_N, new double[] {2, 2, 2}, new double[] {1, 2, 3}))
            .getMessage());
    assertEquals(
        "d[1] must be finite and > 0, was 0.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> GaoOverOptimizationFit.fit(Form.RL, new double[] {1, 0}, new double[] {1, 1}))
            .getMessage());
    assertEquals(
        "d must be finite and > 0, was NaN",
        assertThrows(
                IllegalArgumentException.class, () -> new Accumulator(Form.RL).add(Double.NaN, 1))
            .getMessage());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                GaoOverOptimizationFit.fit(
                    Form.RL, new double[] {1, 2}, new double[] {1, Double.NaN}));
    assertTrue(e.getMessage().contains("r[1]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GaoOverOptimizationFit.fit(Form.RL, new double[] {1, 2}, new double[] {1}));
    assertTrue(e.getMessage().contains("d") && e.getMessage().contains("r"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> GaoOverOptimizationFit.of(Form.RL, 1, 1).predict(-1));
    assertThrows(
        IllegalArgumentException.class, () -> GaoOverOptimizationFit.of(Form.RL, 1, 1).slope(0));
    assertThrows(
        IllegalArgumentException.class, () -> GaoOverOptimizationFit.of(Form.RL, Double.NaN, 1));
    Accumulator one = new Accumulator(Form.RL).add(1.5, 0.2).add(1.5, 0.3);
    assertFalse(one.canFit());
    assertTrue(one.add(2, 0.1).canFit());
  }
}
