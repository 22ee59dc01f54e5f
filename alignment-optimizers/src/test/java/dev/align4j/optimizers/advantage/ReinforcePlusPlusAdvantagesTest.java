package dev.align4j.optimizers.advantage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class ReinforcePlusPlusAdvantagesTest {

  @Test
  void returnsAreDiscountedRewardsToGoWithinEachSequence() {
    TokenAdvantages r = ReinforcePlusPlusAdvantages.builder().gamma(0.5).normalize(false).build()
        .estimate(new int[] {3, 2}, new double[] {1, 2, 4, 1, 1}, null);
    assertArrayEquals(new double[] {1 + 0.5 * 2 + 0.25 * 4, 2 + 0.5 * 4, 4, 1.5, 1}, r.returns(), 1e-15);
    assertArrayEquals(r.returns(), r.advantages(), 0.0);
  }

  @Property(trials = 50)
  void advantagesAreTheReturnsWhitenedOverTheBatch(Gen gen) {
    int n = gen.intIn(1, 4);
    int[] lengths = gen.lengths(n, 8);
    int total = 0;
    for (int l : lengths) {
      total += l;
    }
    if (total < 2) {
      return;
    }
    double[] rewards = gen.gaussians(total);
    TokenAdvantages r = ReinforcePlusPlusAdvantages.builder().build().estimate(lengths, rewards, null);
    double mean = 0;
    for (double a : r.advantages()) {
      mean += a / total;
    }
    double ss = 0;
    double rm = 0;
    for (double g : r.returns()) {
      rm += g / total;
    }
    double rss = 0;
    for (int t = 0; t < total; t++) {
      ss += (r.advantages()[t] - mean) * (r.advantages()[t] - mean);
      rss += (r.returns()[t] - rm) * (r.returns()[t] - rm);
    }
    double var = rss / (total - 1);
    assertEquals(0.0, mean, 1e-12);
    assertEquals(var / (var + Whitening.EPSILON), ss / (total - 1), 1e-9);
    // order is preserved: whitening is an increasing affine map
    for (int t = 1; t < total; t++) {
      assertEquals(Math.signum(r.returns()[t] - r.returns()[t - 1]),
          Math.signum(r.advantages()[t] - r.advantages()[t - 1]), 0.0);
    }
  }

  @Test
  void maskedTokensDoNotEnterTheStatistics() {
    double[] rewards = {1, 3, 100};
    double[] mask = {1, 1, 0};
    TokenAdvantages r = ReinforcePlusPlusAdvantages.builder().build().estimate(new int[] {1, 1, 1}, rewards, mask);
    double sd = Math.sqrt(2 + Whitening.EPSILON);
    assertArrayEquals(new double[] {-1 / sd, 1 / sd, 98 / sd}, r.advantages(), 1e-12);
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReinforcePlusPlusAdvantages.builder().build().estimate(new int[] {2}, new double[] {1}, null));
    assertTrue(e.getMessage().contains("tokenRewards"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ReinforcePlusPlusAdvantages.builder().build().estimate(new int[] {1}, new double[] {1}, null));
    assertTrue(e.getMessage().contains("mask weight > 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ReinforcePlusPlusAdvantages.builder().gamma(-0.5));
    assertTrue(e.getMessage().contains("gamma"), e.getMessage());
  }
}
