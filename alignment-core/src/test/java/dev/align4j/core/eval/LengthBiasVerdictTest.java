package dev.align4j.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.eval.LengthBiasVerdict.Verdict;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

/**
 * Reference values from scipy 1.17: {@code 2·binomtest(k, n).proportion_ci(0.95, 'wilson') − 1} for the length–win
 * correlation; {@code pearsonr(s, l).confidence_interval(0.95)} (Fisher's z) for the score–length correlation, and
 * {@code tanh(arctanh(r) ± norm.ppf(0.975)/sqrt(n − 3))} for given (r, n).
 */
class LengthBiasVerdictTest {
  private static final double T = LengthBiasVerdict.DEFAULT_THRESHOLD;
  private static final double A = LengthBiasVerdict.DEFAULT_ALPHA;

  @Test
  void longerWinsMatchScipyWilsonAndDecide() {
    LengthBiasVerdict biased = LengthBiasVerdict.ofLongerWins("judge:x", 70, 100, T, A);
    assertEquals(0.4, biased.estimate(), 1e-12);
    assertEquals(0.20830290733306667, biased.lower(), 1e-12);
    assertEquals(0.5621022941013449, biased.upper(), 1e-12);
    assertEquals(Verdict.BIASED, biased.verdict());
    LengthBiasVerdict unsure = LengthBiasVerdict.ofLongerWins("judge:x", 52, 100, T, A);
    assertEquals(-0.15366844469552088, unsure.lower(), 1e-12);
    assertEquals(0.23070896483896175, unsure.upper(), 1e-12);
    assertEquals(Verdict.INCONCLUSIVE, unsure.verdict());
    LengthBiasVerdict fair = LengthBiasVerdict.ofLongerWins("judge:x", 1010, 2000, T, A);
    assertEquals(-0.03380108390783543, fair.lower(), 1e-12);
    assertEquals(0.053762742962210286, fair.upper(), 1e-12);
    assertEquals(Verdict.UNBIASED, fair.verdict());
    LengthBiasVerdict shorter = LengthBiasVerdict.ofLongerWins("judge:x", 0, 5, T, A);
    assertEquals(-0.13103507043365048, shorter.upper(), 1e-12);
    assertEquals(
        Verdict.BIASED,
        shorter.verdict()); // a bias towards the shorter answer is a length bias too
    assertEquals(
        Verdict.INCONCLUSIVE, LengthBiasVerdict.ofLongerWins("judge:x", 0, 0, T, A).verdict());
  }

  @Test
  void correlationMatchesScipyFisherInterval() {
    // s from numpy (rng(5)), l = 1..12 words; scipy: r = 0.8214061544648438, CI
    // [0.46823211654776054, 0.9482817...]
    double[] s = {
      -0.502, -0.724, 0.652, 1.62, 2.636, 1.91, 1.547, 1.615, 3.449, 4.635, 3.573, 2.367
    };
    double r = pearson(s);
    assertEquals(0.8214061544648438, r, 1e-12);
    LengthBiasVerdict v = LengthBiasVerdict.ofCorrelation("rm", r, 12, T, A);
    assertEquals(0.46823211654776054, v.lower(), 1e-9);
    assertEquals(0.948281757563551, v.upper(), 1e-9);
    assertEquals(Verdict.BIASED, v.verdict());
    LengthBiasVerdict big = LengthBiasVerdict.ofCorrelation("rm", 0.02, 5000, T, A);
    assertEquals(-0.007723574761707086, big.lower(), 1e-9);
    assertEquals(0.04769285267801027, big.upper(), 1e-9);
    assertEquals(Verdict.UNBIASED, big.verdict());
    LengthBiasVerdict some = LengthBiasVerdict.ofCorrelation("rm", 0.3, 50, T, A);
    assertEquals(0.023625077388833595, some.lower(), 1e-9);
    assertEquals(Verdict.INCONCLUSIVE, some.verdict());
  }

  private static double pearson(double[] s) {
    int n = s.length;
    double ms = 0;
    double ml = 0;
    for (int i = 0; i < n; i++) {
      ms += s[i] / n;
      ml += (i + 1.0) / n;
    }
    double sl = 0;
    double ss = 0;
    double ll = 0;
    for (int i = 0; i < n; i++) {
      sl += (s[i] - ms) * (i + 1 - ml);
      ss += (s[i] - ms) * (s[i] - ms);
      ll += (i + 1 - ml) * (i + 1 - ml);
    }
    return sl / Math.sqrt(ss * ll);
  }

  @Property(trials = 200)
  void verdictFollowsTheIntervalAndTheStatusFollowsTheVerdict(Gen gen) {
    int n = gen.intIn(1, 3000);
    int k = gen.intIn(0, n);
    double t = gen.doubleIn(0.01, 0.5);
    LengthBiasVerdict v = LengthBiasVerdict.ofLongerWins("judge:y", k, n, t, A);
    assertTrue(v.lower() <= v.estimate() && v.estimate() <= v.upper());
    boolean beyond = v.lower() > t || v.upper() < -t;
    boolean inside = v.lower() >= -t && v.upper() <= t;
    assertEquals(beyond, v.biased());
    assertEquals(inside, v.verdict() == Verdict.UNBIASED);
    HealthStatus s = v.status();
    assertEquals("judge:y", s.source());
    assertEquals(!beyond, s.allowsPromotion());
    assertEquals(v.estimate(), s.evidence().get("length_win_correlation"), 0.0);
    assertEquals(v.verdict() == Verdict.INCONCLUSIVE, s.state() == HealthStatus.State.WARNING);
  }

  @Test
  void badInputIsNamed() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> LengthBiasVerdict.ofLongerWins("j", 5, 3, T, A));
    assertTrue(e.getMessage().contains("longerWins"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LengthBiasVerdict.ofCorrelation("j", 1.5, 30, T, A));
    assertTrue(e.getMessage().contains("r"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LengthBiasVerdict.ofCorrelation("j", 0.1, 30, 0, A));
    assertTrue(e.getMessage().contains("threshold"), e.getMessage());
    assertFalse(LengthBiasVerdict.ofCorrelation("j", 0.1, 3, T, A).biased());
  }
}
