package dev.align4j.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StableMathTest {

  private static void assertRelClose(double expected, double actual, double rel, String what) {
    double tol = rel * Math.max(Math.abs(expected), Double.MIN_NORMAL);
    assertTrue(
        Math.abs(expected - actual) <= tol,
        () -> what + ": expected " + expected + " but was " + actual + " (rel tol " + rel + ")");
  }

  @Property(trials = 300)
  void logSigmoid_identity_overWholeRange(Gen gen) {
    double x = gen.finiteDouble();
    double a = StableMath.logSigmoid(x);
    double b = StableMath.logSigmoid(-x);
    assertTrue(Double.isFinite(a) && a <= 0, "logSigmoid(" + x + ") = " + a);
    assertEquals(x, a - b, 4 * Math.ulp(Math.abs(x)) + 1e-15, "logσ(x) − logσ(−x) = x at x=" + x);
  }

  @Property(trials = 300)
  void softplus_identity_andNonNegative(Gen gen) {
    double x = gen.finiteDouble();
    double sp = StableMath.softplus(x);
    assertTrue(Double.isFinite(sp) && sp >= 0, "softplus(" + x + ") = " + sp);
    assertEquals(x, sp - StableMath.softplus(-x), 4 * Math.ulp(Math.abs(x)) + 1e-15);
    assertEquals(-StableMath.logSigmoid(-x), sp, 2 * Math.ulp(sp) + 1e-300);
  }

  @Property(trials = 300)
  void logSigmoid_isMonotone(Gen gen) {
    double x = gen.finiteDouble();
    double y = gen.finiteDouble();
    double lo = Math.min(x, y);
    double hi = Math.max(x, y);
    assertTrue(StableMath.logSigmoid(lo) <= StableMath.logSigmoid(hi), lo + " vs " + hi);
    assertTrue(StableMath.sigmoid(lo) <= StableMath.sigmoid(hi), lo + " vs " + hi);
  }

  @Property(trials = 150)
  void logSigmoid_matchesHighPrecision(Gen gen) {
    double x = gen.doubleIn(-700, 700);
    assertRelClose(HighPrecision.logSigmoid(x), StableMath.logSigmoid(x), 1e-13, "logSigmoid(" + x + ")");
  }

  @Property(trials = 300)
  void sigmoid_complementsAndStaysInUnitInterval(Gen gen) {
    double x = gen.finiteDouble();
    double s = StableMath.sigmoid(x);
    assertTrue(s >= 0 && s <= 1, "sigmoid(" + x + ") = " + s);
    assertEquals(1.0, s + StableMath.sigmoid(-x), 2e-16);
  }

  @Property(trials = 150)
  void log1mexp_matchesHighPrecision(Gen gen) {
    double x = -gen.doubleIn(1e-12, 700);
    assertRelClose(HighPrecision.log1mexp(x), StableMath.log1mexp(x), 1e-13, "log1mexp(" + x + ")");
  }

  @Property(trials = 300)
  void log1mexp_finiteAndNonPositive_forAnyNegative(Gen gen) {
    double x = -Math.abs(gen.finiteDouble());
    if (x == 0) {
      assertEquals(Double.NEGATIVE_INFINITY, StableMath.log1mexp(x));
      return;
    }
    double v = StableMath.log1mexp(x);
    assertTrue(Double.isFinite(v) && v <= 0, "log1mexp(" + x + ") = " + v);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e-300, 0.5, 1, 1e300, Double.NaN, Double.POSITIVE_INFINITY})
  void log1mexp_rejectsNonLogProbabilities(double x) {
    var e = assertThrows(IllegalArgumentException.class, () -> StableMath.log1mexp(x));
    assertTrue(e.getMessage().contains("x must be <= 0") && e.getMessage().contains(String.valueOf(x)));
  }

  @Property(trials = 200)
  void logSumExp_shiftInvariantAndBounded(Gen gen) {
    int n = gen.intIn(1, 20);
    double[] xs = new double[n];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      xs[i] = gen.moderate(1e300);
      max = Math.max(max, xs[i]);
    }
    double lse = StableMath.logSumExp(xs);
    assertTrue(Double.isFinite(lse), "lse finite for huge inputs");
    assertTrue(lse >= max && lse <= max + Math.log(n) + 1e-12 * Math.max(1, Math.abs(max)), "max ≤ lse ≤ max + log n");
    double c = gen.doubleIn(-100, 100);
    double[] shifted = xs.clone();
    for (int i = 0; i < n; i++) {
      shifted[i] += c;
    }
    assertEquals(lse + c, StableMath.logSumExp(shifted), 1e-9 * Math.max(1, Math.abs(lse)));
  }

  @Property(trials = 100)
  void logSumExp_matchesHighPrecision(Gen gen) {
    int n = gen.intIn(1, 8);
    double[] xs = gen.uniforms(n, -600, 600);
    assertRelClose(HighPrecision.logSumExp(xs), StableMath.logSumExp(xs), 1e-13, "logSumExp");
  }

  @Property(trials = 200)
  void logAddExp_agreesWithLogSumExp(Gen gen) {
    double a = gen.moderate(1e300);
    double b = gen.moderate(1e300);
    double l = StableMath.logSumExp(new double[] {a, b});
    assertEquals(l, StableMath.logAddExp(a, b), 1e-15 * Math.max(1, Math.abs(l)));
    assertEquals(StableMath.logAddExp(a, b), StableMath.logAddExp(b, a));
  }

  @Test
  void extremes_haveTheRightAsymptotics() {
    assertEquals(-1e300, StableMath.logSigmoid(-1e300));
    assertEquals(-Math.exp(-40), StableMath.logSigmoid(40), 1e-30);
    assertEquals(-0.0, StableMath.logSigmoid(1e300), 0.0);
    assertEquals(1e300, StableMath.softplus(1e300));
    assertEquals(Math.exp(-745), StableMath.softplus(-745), 1e-320);
    assertEquals(Math.log(2), -StableMath.logSigmoid(0), 1e-16);
    assertEquals(Double.NEGATIVE_INFINITY, StableMath.logSumExp(new double[0]));
    assertEquals(Double.NEGATIVE_INFINITY, StableMath.logAddExp(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY));
    assertEquals(Math.log(1e-20), StableMath.log1mexp(-1e-20), 1e-12);
    assertEquals(-Math.exp(-50), StableMath.log1mexp(-50), 1e-30);
    assertEquals(0.0, StableMath.logit(0.5), 0.0);
    assertEquals(Double.NEGATIVE_INFINITY, StableMath.logit(0));
    assertThrows(IllegalArgumentException.class, () -> StableMath.logit(1.5));
  }
}
