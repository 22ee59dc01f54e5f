package dev.align4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void knownValues() {
    LearningRateSchedule lin = LearningRateSchedule.linear(1.0, 10, 110);
    assertEquals(0.0, lin.rate(0));
    assertEquals(0.5, lin.rate(5), 1e-15);
    assertEquals(1.0, lin.rate(10), 1e-15);
    assertEquals(0.5, lin.rate(60), 1e-15);
    assertEquals(0.0, lin.rate(110));
    assertEquals(0.0, lin.rate(500));
    LearningRateSchedule cos = LearningRateSchedule.cosine(2.0, 0, 100);
    assertEquals(2.0, cos.rate(0), 1e-15);
    assertEquals(1.0, cos.rate(50), 1e-12);
    assertEquals(0.0, cos.rate(100));
    assertEquals(3.0, LearningRateSchedule.constant(3.0).rate(1_000_000));
    assertEquals(1.5, LearningRateSchedule.constantWithWarmup(3.0, 4).rate(2), 1e-15);
  }

  @Property(trials = 40)
  void warmupRisesThenDecayNeverIncreasesAndStaysInRange(Gen gen) {
    double peak = gen.doubleIn(1e-6, 1);
    long total = gen.intIn(1, 400);
    long warmup = gen.intIn(0, (int) total);
    for (LearningRateSchedule s :
        new LearningRateSchedule[] {
          LearningRateSchedule.linear(peak, warmup, total), LearningRateSchedule.cosine(peak, warmup, total)
        }) {
      double prev = -1;
      for (long t = 0; t <= total + 5; t++) {
        double r = s.rate(t);
        assertTrue(r >= 0 && r <= peak * (1 + 1e-12), s + " at " + t + " gave " + r);
        if (t <= warmup && t < total) {
          assertTrue(r >= prev, s + " must rise during warm-up at " + t);
        } else {
          assertTrue(r <= prev + 1e-15, s + " must not rise after warm-up at " + t);
        }
        prev = r;
      }
      assertEquals(0.0, s.rate(total), 1e-15 * peak);
    }
  }

  @Test
  void badArgumentsAreNamed() {
    AdamWTest.assertMessage(
        "warmupSteps must be in [0, totalSteps=10], was 11", () -> LearningRateSchedule.cosine(1, 11, 10));
    AdamWTest.assertMessage("peak must be finite and >= 0, was -1.0", () -> LearningRateSchedule.constant(-1));
    AdamWTest.assertMessage("totalSteps must be > 0, was 0", () -> LearningRateSchedule.linear(1, 0, 0));
    AdamWTest.assertMessage("step must be >= 0, was -1", () -> LearningRateSchedule.constant(1).rate(-1));
  }
}
