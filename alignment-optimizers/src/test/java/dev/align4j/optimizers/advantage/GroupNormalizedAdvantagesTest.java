package dev.align4j.optimizers.advantage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.advantage.GroupNormalizedAdvantages.ScaleRewards;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class GroupNormalizedAdvantagesTest {

  private static GroupNormalizedAdvantages of(ScaleRewards s) {
    return GroupNormalizedAdvantages.builder().scaleRewards(s).build();
  }

  @Test
  void matchesTrlVectorsTv10() {
    double[] rewards = {1, 0, 0.5, 0};
    GroupNormalizedAdvantages.Result g = of(ScaleRewards.GROUP).compute(rewards, 4);
    assertArrayEquals(new double[] {1.305310, -0.783186, 0.261062, -0.783186}, g.advantages(), 5e-7);
    assertEquals(0.375, g.groupMeans()[0], 1e-15);
    assertEquals(0.478714, g.groupStds()[0], 5e-7);
    assertArrayEquals(new double[] {0.625, -0.375, 0.125, -0.375}, of(ScaleRewards.NONE).compute(rewards, 4)
        .advantages(), 1e-15);
    assertEquals(0.375, g.metrics().get("reward"), 1e-15);
    assertEquals(0.0, g.metrics().get("frac_reward_zero_std"), 0.0);
  }

  @Property(trials = 100)
  void identicalRewardGroupsGiveExactlyZero(Gen gen) {
    int groupSize = gen.intIn(2, 8);
    int groups = gen.intIn(1, 4);
    double[] rewards = new double[groupSize * groups];
    for (int g = 0; g < groups; g++) {
      double value = gen.bool() ? gen.oneOf(0.1, 0.7, 1.0 / 3, -2.2) : gen.gaussian(0, 10);
      boolean constant = g == 0 || gen.bool();
      for (int j = 0; j < groupSize; j++) {
        rewards[g * groupSize + j] = constant ? value : gen.gaussian(0, 1);
      }
    }
    for (ScaleRewards s : ScaleRewards.values()) {
      GroupNormalizedAdvantages.Result r = of(s).compute(rewards, groupSize);
      for (int j = 0; j < groupSize; j++) {
        assertEquals(0.0, r.advantages()[j], 0.0, s + " sample " + j);
      }
    }
    GroupNormalizedAdvantages.Result r = of(ScaleRewards.GROUP).compute(rewards, groupSize);
    assertEquals(0.0, r.groupStds()[0], 0.0);
    assertTrue(r.metrics().get("frac_reward_zero_std") >= 1.0 / groups - 1e-15);
  }

  @Property(trials = 100)
  void groupAdvantagesAreCentredAndScaledAndShiftInvariant(Gen gen) {
    int groupSize = gen.intIn(2, 8);
    double[] rewards = gen.gaussians(groupSize * gen.intIn(1, 3));
    double shift = gen.gaussian(0, 5);
    double scale = gen.uniform(0.5, 3);
    GroupNormalizedAdvantages.Result a = of(ScaleRewards.GROUP).compute(rewards, groupSize);
    double[] moved = new double[rewards.length];
    for (int j = 0; j < rewards.length; j++) {
      moved[j] = scale * rewards[j] + shift;
    }
    GroupNormalizedAdvantages.Result b = of(ScaleRewards.GROUP).compute(moved, groupSize);
    for (int g = 0; g < rewards.length / groupSize; g++) {
      double sum = 0;
      double ss = 0;
      for (int j = g * groupSize; j < (g + 1) * groupSize; j++) {
        sum += a.advantages()[j];
        ss += a.advantages()[j] * a.advantages()[j];
        // invariant to shifts; to scaling up to the +1e-4 in the denominator
        assertEquals(a.advantages()[j], b.advantages()[j], 1e-3 * Math.max(1, Math.abs(a.advantages()[j])));
      }
      assertEquals(0.0, sum, 1e-12);
      // unbiased variance of the advantages is std²/(std + 1e-4)² ≤ 1
      double sd = a.groupStds()[g];
      assertEquals(sd * sd / ((sd + 1e-4) * (sd + 1e-4)), ss / (groupSize - 1), 1e-9);
    }
  }

  @Test
  void batchScalingUsesTheGroupMeanAndTheBatchStd() {
    double[] rewards = {1, 0, 5, 3};
    GroupNormalizedAdvantages.Result r = of(ScaleRewards.BATCH).compute(rewards, 2);
    double mean = 9 / 4.0;
    double var = ((1 - mean) * (1 - mean) + mean * mean + (5 - mean) * (5 - mean) + (3 - mean) * (3 - mean)) / 3;
    double sd = Math.sqrt(var) + 1e-4;
    assertArrayEquals(new double[] {0.5 / sd, -0.5 / sd, 1 / sd, -1 / sd}, r.advantages(), 1e-15);
  }

  @Test
  void groupsOfOneAreAllowedWithoutGroupScaling() {
    GroupNormalizedAdvantages.Result r = of(ScaleRewards.NONE).compute(new double[] {1, 2}, 1);
    assertArrayEquals(new double[] {0, 0}, r.advantages(), 0.0);
    assertFalse(r.metrics().containsKey("reward_std"));
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> of(ScaleRewards.GROUP).compute(new double[] {1, 2, 3}, 2));
    assertTrue(e.getMessage().contains("multiple of groupSize"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> of(ScaleRewards.GROUP).compute(new double[] {1, 2}, 1));
    assertTrue(e.getMessage().contains("groupSize must be >= 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> of(ScaleRewards.GROUP).compute(new double[] {1, Double.NaN}, 2));
    assertTrue(e.getMessage().contains("rewards[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> of(ScaleRewards.BATCH).compute(new double[] {1}, 1));
    assertTrue(e.getMessage().contains("batch"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ScaleRewards.fromName("grp"));
    assertTrue(e.getMessage().contains("grp") && e.getMessage().contains("group"), e.getMessage());
    assertEquals(ScaleRewards.GROUP, ScaleRewards.fromName("True"));
    assertEquals(ScaleRewards.NONE, ScaleRewards.fromName("false"));
    e = assertThrows(IllegalArgumentException.class, () -> GroupNormalizedAdvantages.builder().epsilon(0));
    assertTrue(e.getMessage().contains("epsilon"), e.getMessage());
  }
}
