package dev.align4j.feedback.agreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.eval.HealthStatus;
import dev.align4j.core.eval.LengthBiasVerdict;
import dev.align4j.core.eval.LengthControlledWinRate;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.math.StableMath;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BiasReportsTest {
  @Test
  void lengthBiasReportCountsLongerWins() {
    List<PairwiseComparison> ls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Completion longer = Completion.of("a much longer answer " + i);
      Completion shorter = Completion.of("short " + i);
      Outcome o = i < 18 ? Outcome.A : Outcome.B;
      ls.add(
          new PairwiseComparison(
              Prompt.of("p"),
              longer,
              shorter,
              o,
              null,
              null,
              Presentation.A_FIRST,
              Provenance.ai("judge-x", null, Instant.EPOCH)));
    }
    LengthBiasReport r = LengthBiasReport.of("judge-x", ls);
    assertEquals(20, r.decisive());
    assertEquals(18, r.longerWins());
    assertEquals(0.9, r.longerWinRate(), 1e-12);
    assertTrue(r.biased(0.01), "p = " + r.pValue());
    assertEquals(1, LengthBiasReport.byJudge(ls).size());
  }

  /** scipy: 2·binomtest(k, n).proportion_ci(0.95, 'wilson') − 1: [0.3979, 0.9443] at 18/20, [−0.3158, 0.4836] at 11/20. */
  @Test
  void lengthBiasVerdictHasAnIntervalAndReachesTheGateAsAHealthStatus() {
    LengthBiasReport strong = LengthBiasReport.of("judge-x", labels(20, 18));
    assertEquals(0.8, strong.verdict().estimate(), 1e-12);
    assertEquals(0.3979327095430256, strong.verdict().lower(), 1e-12);
    assertEquals(0.9442670375724638, strong.verdict().upper(), 1e-12);
    assertEquals(LengthBiasVerdict.Verdict.BIASED, strong.verdict().verdict());
    HealthStatus s = strong.status();
    assertEquals("judge:judge-x", s.source());
    assertEquals("LENGTH_BIASED", s.code());
    assertFalse(s.allowsPromotion());
    LengthBiasReport weak = LengthBiasReport.of("judge-x", labels(20, 11));
    assertEquals(-0.3158293150993152, weak.verdict().lower(), 1e-12);
    assertEquals(0.4836042834887515, weak.verdict().upper(), 1e-12);
    assertEquals(HealthStatus.State.WARNING, weak.status().state());
    assertTrue(weak.status().allowsPromotion());
  }

  private static List<PairwiseComparison> labels(int n, int longerWins) {
    List<PairwiseComparison> ls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Outcome o = i < longerWins ? Outcome.A : Outcome.B;
      ls.add(
          new PairwiseComparison(
              Prompt.of("p"),
              Completion.of("a much longer answer " + i),
              Completion.of("short " + i),
              o,
              null,
              null,
              Presentation.A_FIRST,
              Provenance.ai("judge-x", null, Instant.EPOCH)));
    }
    return ls;
  }

  @Test
  void lengthControlledWinRateRemovesAPurelyLengthDrivenPreference() {
    // the candidate is better only because it is longer: P(win) = σ(2·tanh(Δ/σ)), θ = 0
    SplittableRandom r = new SplittableRandom(9);
    int n = 4000;
    double[] win = new double[n];
    double[] lc = new double[n];
    double[] lb = new double[n];
    for (int i = 0; i < n; i++) {
      lb[i] = 200 + r.nextInt(100);
      lc[i] = lb[i] + 150 + r.nextGaussian() * 100;
      lc[i] = Math.max(0, lc[i]);
      double z = Math.tanh((lc[i] - lb[i]) / 100.0);
      win[i] = r.nextDouble() < StableMath.sigmoid(2 * z) ? 1 : 0;
    }
    LengthControlledWinRate fit =
        LengthControlledWinRate.fit(win, LengthControlledWinRate.lengthDifferences(lc, lb));
    assertTrue(fit.winRate() > 0.75, "raw " + fit.winRate());
    assertEquals(0.5, fit.lengthControlledWinRate(), 0.05, "LC " + fit.lengthControlledWinRate());
    assertTrue(fit.phi() > 1, "phi " + fit.phi());
  }

  @Test
  void lengthControlledWinRateKeepsAGenuineQualityDifference() {
    SplittableRandom r = new SplittableRandom(4);
    int n = 3000;
    double[] win = new double[n];
    double[] lc = new double[n];
    double[] lb = new double[n];
    for (int i = 0; i < n; i++) {
      lb[i] = 100 + r.nextInt(50);
      lc[i] = 100 + r.nextInt(50);
      win[i] = r.nextDouble() < 0.7 ? 1 : 0;
    }
    LengthControlledWinRate fit =
        LengthControlledWinRate.fit(win, LengthControlledWinRate.lengthDifferences(lc, lb));
    assertEquals(fit.winRate(), fit.lengthControlledWinRate(), 0.03);
    assertEquals(0.7, fit.lengthControlledWinRate(), 0.03);
  }

  @Test
  void positionBiasOfAFairJudgeIsNotSignificant() {
    List<PairwiseComparison> ls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Provenance p =
          Provenance.ai("j", null, Instant.EPOCH)
              .withAttribute("verdict_a_first", i % 2 == 0 ? "A" : "B")
              .withAttribute("verdict_b_first", i % 2 == 0 ? "A" : "B");
      ls.add(
          new PairwiseComparison(
              Prompt.of("p"),
              Completion.of("x"),
              Completion.of("y"),
              i % 2 == 0 ? Outcome.A : Outcome.B,
              null,
              null,
              Presentation.BOTH_ORDERS,
              p));
    }
    PositionBiasReport r = PositionBiasReport.byJudge(ls).get("j");
    assertEquals(10, r.pairs());
    assertEquals(1.0, r.consistencyRate());
    assertFalse(r.biased(0.05));
  }
}
