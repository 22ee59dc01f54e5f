package dev.align4j.rewards.normalize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizationTest {

  @Property(trials = 100)
  void runningStatisticsMatchTwoPassStatisticsOneByOneAndInBatches(Gen gen) {
    int n = gen.intIn(1, 200);
    double shift = gen.oneOf(0.0, 1e6, -3e8);
    double[] xs = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = shift + gen.gaussian(0, gen.oneOf(1e-3, 1.0, 50.0));
    }
    double mean = 0;
    for (double x : xs) {
      mean += x;
    }
    mean /= n;
    double var = 0;
    for (double x : xs) {
      var += (x - mean) * (x - mean);
    }
    var /= n;
    RunningMeanStd single = new RunningMeanStd();
    RunningMeanStd batched = new RunningMeanStd();
    int cut = gen.intIn(0, n);
    for (double x : xs) {
      single.update(x);
    }
    batched.updateAll(java.util.Arrays.copyOfRange(xs, 0, cut));
    batched.updateAll(java.util.Arrays.copyOfRange(xs, cut, n));
    for (RunningMeanStd r : List.of(single, batched)) {
      assertEquals(n, r.count());
      assertEquals(mean, r.mean(), 1e-9 * Math.max(1, Math.abs(mean)));
      assertEquals(var, r.variance(), 1e-6 * Math.max(1e-9, var) + 1e-12 * mean * mean);
    }
  }

  @Test
  void groupNormalisationMatchesTrlGrpoVectorTv10() {
    double[] a = GroupNormalizer.standard().normalize(new double[] {1, 0, 0.5, 0});
    assertArrayEquals(new double[] {1.305310, -0.783186, 0.261062, -0.783186}, a, 1e-6);
    assertArrayEquals(new double[] {0.625, -0.375, 0.125, -0.375},
        GroupNormalizer.centerOnly().normalize(new double[] {1, 0, 0.5, 0}), 1e-12);
    assertArrayEquals(new double[] {0}, GroupNormalizer.standard().normalize(new double[] {7}), 0);
    double[] scored = GroupNormalizer.centerOnly().scoreGroup((p, c) -> c.text().length(), Prompt.of("q"),
        List.of(Completion.of("a"), Completion.of("abc")));
    assertArrayEquals(new double[] {-1, 1}, scored, 1e-12);
  }

  @Test
  void whiteningAndClipping() {
    RunningMeanStd stats = new RunningMeanStd();
    assertThrows(IllegalStateException.class, () -> stats.whiten(1, 1e-8));
    assertThrows(IllegalArgumentException.class, () -> WhitenedReward.frozen((p, c) -> 1, stats));
    stats.updateAll(new double[] {1, 3});
    WhitenedReward frozen = WhitenedReward.frozen((p, c) -> c.text().length(), stats);
    assertEquals(1.0, frozen.score(Prompt.of("q"), Completion.of("abc")), 1e-6);
    assertEquals(2, stats.count());
    WhitenedReward updating = WhitenedReward.updating((p, c) -> 5.0, new RunningMeanStd());
    assertEquals(0.0, updating.score(Prompt.of("q"), Completion.of("x")), 1e-12);
    assertEquals(1, updating.stats().count());
    var clipped = ClippedReward.of((p, c) -> c.text().length(), -1, 2);
    assertEquals(2.0, clipped.score(Prompt.of("q"), Completion.of("abcdef")));
    assertThrows(IllegalStateException.class,
        () -> ClippedReward.of((p, c) -> Double.NaN, -1, 1).score(Prompt.of("q"), Completion.of("x")));
    assertThrows(IllegalArgumentException.class, () -> stats.update(Double.NaN));
  }
}
