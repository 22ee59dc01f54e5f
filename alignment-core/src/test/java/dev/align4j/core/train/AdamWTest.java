package dev.align4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class AdamWTest {

  @Property(trials = 100)
  void firstStepMovesEachCoordinateByTheRateTimesTheSign(Gen gen) {
    int n = gen.intIn(1, 6);
    double[] p = gen.gaussians(n);
    double[] g = gen.gaussians(n);
    double[] before = p.clone();
    double lr = gen.doubleIn(1e-4, 0.1);
    AdamW adam = AdamW.builder().maxGradNorm(0).build();
    adam.step(new double[][] {p}, new double[][] {g}, lr);
    for (int i = 0; i < n; i++) {
      // m̂ = g, v̂ = g²  ⇒  Δ = lr · g / (|g| + ε)
      double expected = before[i] - lr * g[i] / (Math.abs(g[i]) + 1e-8);
      assertEquals(expected, p[i], 1e-12, "coordinate " + i);
    }
    assertEquals(1, adam.stepCount());
  }

  @Property(trials = 100)
  void matchesTheAdamWRecurrenceOverSeveralSteps(Gen gen) {
    int n = gen.intIn(1, 4);
    double b1 = gen.doubleIn(0.5, 0.95);
    double b2 = gen.doubleIn(0.9, 0.9999);
    double wd = gen.doubleIn(0, 0.1);
    double lr = gen.doubleIn(1e-3, 0.05);
    AdamW adam = AdamW.builder().beta1(b1).beta2(b2).weightDecay(wd).maxGradNorm(0).build();
    double[] p = gen.gaussians(n);
    double[] q = p.clone();
    double[] m = new double[n];
    double[] v = new double[n];
    for (int t = 1; t <= 5; t++) {
      double[] g = gen.gaussians(n);
      adam.step(new double[][] {p}, new double[][] {g}, lr);
      for (int i = 0; i < n; i++) {
        q[i] *= 1 - lr * wd;
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        q[i] -= lr * (m[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(v[i] / (1 - Math.pow(b2, t))) + 1e-8);
      }
    }
    assertArrayEquals(q, p, 1e-12);
  }

  @Property(trials = 100)
  void clippingEqualsAStepWithTheRescaledGradient(Gen gen) {
    int n = gen.intIn(1, 5);
    double[] g = gen.gaussians(n);
    for (int i = 0; i < n; i++) {
      g[i] *= 10;
    }
    double norm = GradientClipping.globalNorm(new double[][] {g});
    double max = norm / gen.doubleIn(1.5, 20);
    double[] p1 = gen.gaussians(n);
    double[] p2 = p1.clone();
    AdamW clipped = AdamW.builder().beta2(0.9).maxGradNorm(max).build();
    AdamW plain = AdamW.builder().beta2(0.9).maxGradNorm(0).build();
    double[] scaled = g.clone();
    for (int i = 0; i < n; i++) {
      scaled[i] *= max / (norm + 1e-6);
    }
    double reported = clipped.step(new double[][] {p1}, new double[][] {g}, 0.01);
    plain.step(new double[][] {p2}, new double[][] {scaled}, 0.01);
    // a second step shows that the moments saw the clipped gradient
    clipped.step(new double[][] {p1}, new double[][] {g}, 0.01);
    plain.step(new double[][] {p2}, new double[][] {scaled}, 0.01);
    assertEquals(norm, reported, 1e-12 * norm, "the returned norm is the norm before clipping");
    assertArrayEquals(p2, p1, 1e-12);
  }

  @Test
  void nonFiniteGradientChangesNothing() {
    AdamW adam = AdamW.builder().build();
    double[] p = {1, 2, 3};
    adam.step(new double[][] {p}, new double[][] {{0.1, 0.2, 0.3}}, 0.01);
    double[] afterOne = p.clone();
    AdamW twin = AdamW.builder().build();
    double[] q = {1, 2, 3};
    twin.step(new double[][] {q}, new double[][] {{0.1, 0.2, 0.3}}, 0.01);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> adam.step(new double[][] {p}, new double[][] {{0.1, Double.NaN, 0.3}}, 0.01));
    assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    assertArrayEquals(afterOne, p);
    assertEquals(1, adam.stepCount());
    adam.step(new double[][] {p}, new double[][] {{-0.2, 0.1, 0.5}}, 0.01);
    twin.step(new double[][] {q}, new double[][] {{-0.2, 0.1, 0.5}}, 0.01);
    assertArrayEquals(q, p, 0.0, "moments were not touched by the failed step");
  }

  @Test
  void globalNormDoesNotOverflow() {
    assertEquals(Math.sqrt(2) * 1e200, GradientClipping.globalNorm(new double[][] {{1e200}, {1e200}}), 1e186);
    assertEquals(5.0, GradientClipping.globalNorm(new double[][] {{3}, {}, {4}}), 1e-15);
    assertEquals(0.0, GradientClipping.globalNorm(new double[][] {{0, 0}}));
  }

  @Test
  void stateRoundTripContinuesTheSameTrajectory() throws IOException {
    AdamW a = AdamW.builder().weightDecay(0.01).build();
    double[] p = {0.5, -1};
    a.step(new double[][] {p}, new double[][] {{0.3, -0.1}}, 0.05);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    a.writeState(new DataOutputStream(buf));
    AdamW b = a.freshCopy();
    b.readState(new DataInputStream(new ByteArrayInputStream(buf.toByteArray())));
    double[] q = p.clone();
    a.step(new double[][] {p}, new double[][] {{0.2, 0.4}}, 0.05);
    b.step(new double[][] {q}, new double[][] {{0.2, 0.4}}, 0.05);
    assertArrayEquals(p, q, 0.0);
    assertEquals(2, b.stepCount());
  }

  @Test
  void badArgumentsAreNamed() {
    assertMessage("beta1 must be in [0, 1), was 1.0", () -> AdamW.builder().beta1(1.0));
    assertMessage("epsilon must be finite and > 0, was 0.0", () -> AdamW.builder().epsilon(0));
    assertMessage("maxGradNorm must be finite and >= 0, was -1.0", () -> AdamW.builder().maxGradNorm(-1));
    AdamW a = AdamW.builder().build();
    a.step(new double[][] {{1, 2}}, new double[][] {{1, 1}}, 0.1);
    assertMessage(
        "parameters[0] must have 2 values as in earlier steps, had 3",
        () -> a.step(new double[][] {{1, 2, 3}}, new double[][] {{1, 1, 1}}, 0.1));
    assertMessage(
        "parameters[0] and gradients[0] must have the same length, were 2 and 1",
        () -> a.step(new double[][] {{1, 2}}, new double[][] {{1}}, 0.1));
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertEquals(expected, x.getMessage());
  }
}
