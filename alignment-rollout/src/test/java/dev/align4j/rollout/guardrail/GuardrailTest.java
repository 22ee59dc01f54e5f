package dev.align4j.rollout.guardrail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GuardrailTest {
  private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");

  @Test
  void cohensKappaMatchesTheTextbookTable() {
    // judge x human: [[20, 5], [10, 15]]: p_o = 0.7, p_e = 0.5*0.6 + 0.5*0.4 = 0.5, kappa = 0.4
    JudgeCalibration k = new JudgeCalibration(0.6, 10, 2);
    add(k, 0, 0, 20);
    add(k, 0, 1, 5);
    add(k, 1, 0, 10);
    add(k, 1, 1, 15);
    assertEquals(0.4, k.kappa(), 1e-12);
    PreconditionResult r = k.check(NOW);
    assertFalse(r.satisfied());
    assertEquals("KAPPA_BELOW_MIN", r.code());
    add(k, 0, 0, 100);
    add(k, 1, 1, 100);
    assertTrue(k.kappa() > 0.6);
    assertTrue(k.check(NOW).satisfied());
  }

  @Test
  void tooFewAuditedItemsFailTheCalibration() {
    JudgeCalibration k = new JudgeCalibration(0.6, 50, 3);
    add(k, 2, 2, 10);
    assertEquals("TOO_FEW_AUDITED", k.check(NOW).code());
    assertThrows(IllegalArgumentException.class, () -> k.add(3, 0));
  }

  private static void add(JudgeCalibration k, int j, int h, int times) {
    for (int i = 0; i < times; i++) {
      k.add(j, h);
    }
  }

  @Property(trials = 50)
  void overOptimisationFitRecoversTheCurveAndItsPeak(Gen gen) {
    double alpha = gen.doubleIn(0.5, 3);
    double beta = gen.doubleIn(0.1, 1);
    double[] d = {0.2, 0.5, 1, 2, 3, 5, 8, 12};
    double[] rl = new double[d.length];
    double[] bon = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      rl[i] = d[i] * (alpha - beta * Math.log(d[i]));
      bon[i] = d[i] * (alpha - beta * d[i]);
    }
    OverOptimizationFit fit = OverOptimizationFit.fit(OverOptimizationFit.Form.RL, d, rl);
    assertEquals(alpha, fit.alpha(), 1e-9);
    assertEquals(beta, fit.beta(), 1e-9);
    double peak = fit.peak();
    assertEquals(Math.exp(alpha / beta - 1), peak, 1e-9 * peak);
    double h = 1e-5 * peak;
    assertEquals(
        0,
        (fit.predict(peak + h) - fit.predict(peak - h)) / (2 * h),
        1e-5,
        "dR/dd = 0 at the peak");
    OverOptimizationFit b = OverOptimizationFit.fit(OverOptimizationFit.Form.BEST_OF_N, d, bon);
    assertEquals(alpha / (2 * beta), b.peak(), 1e-9);
    assertTrue(fit.withCandidateKl(peak * peak * 0.81).check(NOW).satisfied());
    assertEquals("BEYOND_GOLD_PEAK", fit.withCandidateKl(peak * peak * 1.21).check(NOW).code());
  }

  // numpy: np.linalg.lstsq(np.column_stack([d, -d * np.log(d)]), g) (RL);
  // np.linalg.lstsq(np.column_stack([d, -d * d]), g) (best-of-n)
  @Test
  void overOptimisationFitIsTheLeastSquaresOnDAndGoldSoTheGateStopsPastTheObservedPeak() {
    double[] d = {0.2, 0.5, 0.9, 1.3, 1.8, 2.4};
    double[] g = {0.05, 0.16, 0.24, 0.27, 0.25, 0.19};
    OverOptimizationFit rl = OverOptimizationFit.fit(OverOptimizationFit.Form.RL, d, g);
    assertEquals(0.2328470259493505, rl.alpha(), 1e-12);
    assertEquals(0.16728170145420423, rl.beta(), 1e-12);
    assertEquals(1.4798571841882813, rl.peak(), 1e-10);
    OverOptimizationFit bon = OverOptimizationFit.fit(OverOptimizationFit.Form.BEST_OF_N, d, g);
    assertEquals(0.36137006261070165, bon.alpha(), 1e-12);
    assertEquals(0.11875646216949912, bon.beta(), 1e-12);
    assertEquals(1.521475362304597, bon.peak(), 1e-10);
    // the gold reward already fell from 0.27 at d 1.3 to 0.19 at d 2.4: d = 2 (KL 4) is past the
    // peak (a fit of R/d on ln d would put the peak at d 5.99 and pass it)
    PreconditionResult r = rl.withCandidateKl(4).check(NOW);
    assertEquals("BEYOND_GOLD_PEAK", r.code(), r.message());
    assertEquals(rl.alpha(), rl.curve().alpha());
    assertEquals(rl.predict(1.5), rl.curve().predict(1.5));
  }

  @Test
  void errorBudgetFreezesOnExhaustionOrBurnAlerts() {
    // SLO 99.9%: budget 0.1%.
    ErrorBudgetPolicy healthy =
        new ErrorBudgetPolicy(
            0.999,
            Duration.ofDays(28),
            BurnRateWindow.sreDefaults(),
            (w, end) ->
                new long[] {
                  w.toMinutes(), w.toMinutes() * 1000
                }); // bad share 0.1% = the budget: burn 1
    assertEquals(1.0, healthy.burnRate(Duration.ofHours(1), NOW), 1e-9);
    assertEquals(
        "BUDGET_EXHAUSTED",
        healthy.check(NOW).code(),
        "burn 1 over the whole period spends it all");
    ErrorBudgetPolicy fine =
        new ErrorBudgetPolicy(
            0.999,
            Duration.ofDays(28),
            BurnRateWindow.sreDefaults(),
            (w, end) -> new long[] {0, w.toMinutes() * 10});
    assertTrue(fine.check(NOW).satisfied());
    // a fast burn in the last hour only: 14.4 alert fires (1h and 5m both above 14.4), budget not
    // yet spent
    ErrorBudgetPolicy burning =
        new ErrorBudgetPolicy(
            0.999,
            Duration.ofDays(28),
            BurnRateWindow.sreDefaults(),
            (w, end) ->
                w.compareTo(Duration.ofHours(1)) <= 0
                    ? new long[] {20, 1000}
                    : new long[] {20, 100_000_000});
    PreconditionResult r = burning.check(NOW);
    assertEquals("BURN_RATE_ALERT", r.code(), r.message());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ErrorBudgetPolicy(
                    0.999,
                    Duration.ofDays(28),
                    BurnRateWindow.sreDefaults(),
                    (w, e) -> new long[] {5, 1})
                .check(NOW));
  }

  @Test
  void lengthDriftUsesMeanAndNearestRankP90() {
    int[] inc = new int[100];
    int[] cand = new int[100];
    for (int i = 0; i < 100; i++) {
      inc[i] = i + 1;
      cand[i] = (int) Math.round(1.5 * (i + 1));
    }
    assertEquals(90, LengthDrift.p90(inc));
    LengthDrift drift = LengthDrift.measure(cand, inc, 1.2);
    assertEquals(1.5, drift.p90Ratio(), 0.01);
    assertEquals(1.5, drift.meanRatio(), 0.01);
    assertEquals("LENGTH_DRIFT", drift.check(NOW).code());
    assertTrue(LengthDrift.measure(inc, inc, 1.2).check(NOW).satisfied());
    assertThrows(
        IllegalArgumentException.class, () -> LengthDrift.measure(new int[] {-1}, inc, 1.2));
  }

  @Property(trials = 100)
  void probeKlEstimatorsAgreeInExpectationAndK3IsNonNegative(Gen gen) {
    int n = gen.intIn(1, 50);
    double[] lp = gen.logProbs(n, -50);
    double[] lr = gen.logProbs(n, -50);
    double[] k1 = ProbeKl.k1(lp, lr);
    double[] k3 = ProbeKl.k3(lp, lr);
    for (int i = 0; i < n; i++) {
      assertEquals(lp[i] - lr[i], k1[i], 1e-12);
      assertTrue(k3[i] >= 0, "k3 >= 0");
    }
  }

  @Test
  void guardrailBuildersValidate() {
    assertThrows(IllegalArgumentException.class, () -> Guardrails.unsafeRate("u", 1.5));
    assertThrows(IllegalArgumentException.class, () -> Guardrails.lengthRatio("l", 0.9, 1));
    assertThrows(IllegalArgumentException.class, () -> Guardrails.winRate("w", 0.7, 0.1));
  }
}
