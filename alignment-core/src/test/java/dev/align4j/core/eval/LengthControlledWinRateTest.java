package dev.align4j.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.math.StableMath;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link LengthControlledWinRate}, the one AlpacaEval-LC estimator. Reference values come from
 * {@code src/test/python/length_controlled_win_rate.py} (scipy BFGS on the unpenalised cross-entropy).
 */
class LengthControlledWinRateTest {

  private static double[] diffs(int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = (i * 37.0) % 101.0 - 30.0;
    }
    return d;
  }

  private static double[] wins(int n) {
    double[] d = diffs(n);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = Math.min(1, Math.max(0, 0.5 + 0.45 * Math.sin(0.7 * i + 0.3) + 0.002 * d[i]));
    }
    return w;
  }

  private static double[] difficulty(int n) {
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = Math.cos(1.3 * i);
    }
    return g;
  }

  @Test
  void matchesTheScipyMaximumLikelihoodFitWithoutAnInstructionTerm() {
    LengthControlledWinRate f = LengthControlledWinRate.fit(wins(60), diffs(60));
    assertEquals(0.5524804246975522, f.winRate(), 1e-15);
    assertEquals(0.5081419374829047, f.lengthControlledWinRate(), 1e-10);
    assertEquals(0.0325706289943078, f.theta(), 1e-9);
    assertEquals(0.5111078863726464, f.phi(), 1e-9);
    assertEquals(0, f.gamma());
  }

  @Test
  void matchesTheScipyMaximumLikelihoodFitWithTheInstructionTerm() {
    LengthControlledWinRate f = LengthControlledWinRate.fit(wins(60), diffs(60), difficulty(60));
    assertEquals(0.5078003221694878, f.lengthControlledWinRate(), 1e-10);
    assertEquals(0.03307997079247158, f.theta(), 1e-9);
    assertEquals(0.5154813084226915, f.phi(), 1e-9);
    assertEquals(-0.08739839908915936, f.gamma(), 1e-9);
  }

  @Test
  void aPurelyLengthDrivenPreferenceIsControlledToOneHalf() {
    int n = 200;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = (i % 20) * 10.0 + 30;
    }
    double mean = 0;
    for (double x : d) {
      mean += x / n;
    }
    double var = 0;
    for (double x : d) {
      var += (x - mean) * (x - mean) / (n - 1);
    }
    double sd = Math.sqrt(var);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = StableMath.sigmoid(2 * Math.tanh(d[i] / sd));
    }
    LengthControlledWinRate f = LengthControlledWinRate.fit(w, d);
    assertEquals(sd, f.sigma(), 1e-12);
    assertEquals(0, f.theta(), 1e-10);
    assertEquals(2, f.phi(), 1e-10);
    assertEquals(0.5, f.lengthControlledWinRate(), 1e-10);
    assertTrue(f.winRate() > 0.8, "raw " + f.winRate());
  }

  @Test
  void equalLengthsLeaveTheRawRate() {
    // one Δlen for every prompt: the length column is constant and carries no information
    double[] w = {0.9, 1, 1, 0.8, 1, 1, 0.95, 1};
    double[] d = {40, 40, 40, 40, 40, 40, 40, 40};
    LengthControlledWinRate f = LengthControlledWinRate.fit(w, d);
    assertEquals(f.winRate(), f.lengthControlledWinRate(), 1e-9);
  }

  @Test
  void separableTargetsSaturateInsteadOfFailing() {
    LengthControlledWinRate f = LengthControlledWinRate.fit(new double[] {1, 1, 1, 1}, new double[] {5, -3, 8, 0});
    assertTrue(f.lengthControlledWinRate() > 0.999999 && f.lengthControlledWinRate() <= 1,
        "LC " + f.lengthControlledWinRate());
    assertTrue(Double.isFinite(f.theta()) && Double.isFinite(f.phi()));
  }

  @Property(trials = 50)
  void withoutALengthEffectTheControlledRateIsTheRawRate(Gen gen) {
    int n = gen.intIn(20, 200);
    double p = gen.doubleIn(0.1, 0.9);
    double[] w = new double[n];
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = p;
      d[i] = gen.gaussian(0, 50);
    }
    LengthControlledWinRate f = LengthControlledWinRate.fit(w, d);
    assertEquals(p, f.lengthControlledWinRate(), 1e-12);
    assertEquals(0, f.phi(), 1e-10);
  }

  @Property(trials = 50)
  void theFitIsAStationaryPointOfTheUnpenalisedLogLikelihood(Gen gen) {
    int n = gen.intIn(20, 80);
    double[] w = new double[n];
    double[] d = new double[n];
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = gen.uniform(0, 1);
      d[i] = gen.intIn(0, 300) - gen.intIn(0, 300);
      g[i] = gen.gaussian(0, 1);
    }
    LengthControlledWinRate f = LengthControlledWinRate.fit(w, d, g);
    double[] grad = new double[3];
    for (int i = 0; i < n; i++) {
      double z = Math.tanh(d[i] / f.sigma());
      double r = w[i] - StableMath.sigmoid(f.theta() + f.phi() * z + f.gamma() * g[i]);
      grad[0] += r;
      grad[1] += r * z;
      grad[2] += r * g[i];
    }
    for (double x : grad) {
      assertEquals(0, x, 1e-9);
    }
  }

  @Test
  void badInputNamesTheArgument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LengthControlledWinRate.fit(new double[] {0.5, 1.2}, new double[] {1, 2}));
    assertTrue(e.getMessage().contains("wins[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> LengthControlledWinRate.fit(new double[] {0.5, 1}, new double[] {1}));
    assertTrue(e.getMessage().contains("lengthDiffs"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> LengthControlledWinRate.lengthDifferences(new double[] {-1}, new double[] {1}));
    assertTrue(e.getMessage().contains("candidateLengths[0]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> LengthControlledWinRate.fit(new double[] {0.5}, new double[] {1}));
    assertTrue(e.getMessage().contains("wins"), e.getMessage());
  }
}
