package dev.align4j.optimizers.kl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class KlControllerTest {

  @Test
  void fixedControllerNeverMoves() {
    FixedKlController c = new FixedKlController(0.05);
    c.update(100, 64);
    c.update(0, 64);
    assertEquals(0.05, c.coefficient(), 0.0);
    assertThrows(IllegalArgumentException.class, () -> new FixedKlController(-0.1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.update(Double.NaN, 1));
    assertTrue(e.getMessage().contains("observedKl"), e.getMessage());
  }

  @Test
  void adaptiveControllerFollowsZieglerEtAl() {
    AdaptiveKlController c = AdaptiveKlController.builder().build();
    assertEquals(0.2, c.coefficient(), 0.0);
    assertEquals(6.0, c.target(), 0.0);
    assertEquals(10_000, c.horizon(), 0.0);
    c.update(6.0, 256); // on target: no change
    assertEquals(0.2, c.coefficient(), 1e-15);
    c.update(6.6, 256); // e = 0.1
    assertEquals(0.2 * (1 + 0.1 * 256 / 10_000), c.coefficient(), 1e-15);
    c.reset();
    c.update(60, 256); // e clipped at +0.2
    assertEquals(0.2 * (1 + 0.2 * 256 / 10_000), c.coefficient(), 1e-15);
    c.reset();
    c.update(0, 256); // e clipped at −0.2 (KL/target − 1 = −1)
    assertEquals(0.2 * (1 - 0.2 * 256 / 10_000), c.coefficient(), 1e-15);
  }

  @Property(trials = 50)
  void closedLoopConvergesToTheCoefficientThatHitsTheTarget(Gen gen) {
    // A toy policy whose KL answers the penalty as KL = s / β; the fixed point is β* = s / target.
    double s = gen.uniform(0.1, 5);
    double target = gen.uniform(1, 10);
    AdaptiveKlController c = AdaptiveKlController.builder().target(target).horizon(1000)
        .initialCoefficient(gen.uniform(0.01, 1)).build();
    for (int step = 0; step < 20_000; step++) {
      double before = c.coefficient();
      double kl = s / before;
      c.update(kl, 10);
      // moves β towards the target: up when the KL is too high, down when too low
      if (kl > target * (1 + 1e-9)) {
        assertTrue(c.coefficient() > before, "step " + step);
      } else if (kl < target * (1 - 1e-9)) {
        assertTrue(c.coefficient() < before, "step " + step);
      }
    }
    assertEquals(s / target, c.coefficient(), 1e-3 * s / target);
  }

  @Test
  void checkUpdateRefusesWhatUpdateRefusesAndChangesNothing() {
    AdaptiveKlController c = AdaptiveKlController.builder().build();
    c.checkUpdate(60, 256); // accepted, but nothing moves
    assertEquals(0.2, c.coefficient(), 0.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.checkUpdate(0, 60_000));
    assertEquals(
        "steps must be < horizon / errorClip (50000.0) so that the coefficient stays positive, was 60000",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> c.checkUpdate(Double.NaN, 1));
    assertTrue(e.getMessage().contains("observedKl"), e.getMessage());
    assertEquals(0.2, c.coefficient(), 0.0);
    KlController custom = // the interface's default check
        new KlController() {
          @Override
          public double coefficient() {
            return 0.1;
          }

          @Override
          public void update(double observedKl, long steps) {}
        };
    assertThrows(IllegalArgumentException.class, () -> custom.checkUpdate(1, 0));
    custom.checkUpdate(1, 1);
  }

  @Test
  void rejectsBadSettings() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AdaptiveKlController.builder().target(0));
    assertTrue(e.getMessage().contains("target"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AdaptiveKlController.builder().horizon(-1));
    assertTrue(e.getMessage().contains("horizon"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AdaptiveKlController.builder().initialCoefficient(0));
    assertTrue(e.getMessage().contains("init_kl_coef"), e.getMessage());
    AdaptiveKlController c = AdaptiveKlController.builder().build();
    e = assertThrows(IllegalArgumentException.class, () -> c.update(1, 0));
    assertTrue(e.getMessage().contains("steps"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> c.update(0, 60_000));
    assertTrue(e.getMessage().contains("steps") && e.getMessage().contains("60000"), e.getMessage());
    assertEquals(0.2, c.coefficient(), 0.0);
  }
}
