package dev.align4j.optimizers.advantage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.align4j.optimizers.advantage.GroupNormalizedAdvantages.ScaleRewards;
import dev.align4j.optimizers.advantage.MultiRewardAdvantages.Aggregation;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Group baselines with abstained samples left out. Reference values from numpy (ddof = 1, ε = 1e-4), e.g. for GRPO:
 * {@code x = r[g]; m = ~isnan(x); (x[m] − x[m].mean()) / (x[m].std(ddof=1) + 1e-4)}.
 */
class AbstentionMaskedAdvantagesTest {
  private static final double N = Double.NaN;

  // 4 groups of 4: a group with one abstention, one where all abstain, one with a single scored
  // sample, one with
  // a tie and an abstention
  private static final double[] REWARDS = {
    1.0, N, 0.0, 0.5, N, N, N, N, 0.7, N, N, N, 0.2, 0.2, N, 0.9
  };

  private static boolean[] scored(double[] r) {
    boolean[] s = new boolean[r.length];
    for (int i = 0; i < r.length; i++) {
      s[i] = !Double.isNaN(r[i]);
    }
    return s;
  }

  @Test
  void grpoGroupStatisticsSkipAbstentions() {
    GroupNormalizedAdvantages.Result r =
        GroupNormalizedAdvantages.builder().build().compute(REWARDS, scored(REWARDS), 4);
    assertArrayEquals(
        new double[] {
          0.9998000399920016,
          0,
          -0.9998000399920016,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          -0.577207447386,
          -0.577207447386,
          0,
          1.154414894772
        },
        r.advantages(),
        1e-12);
    assertEquals(0.5000000000000001, r.metrics().get("reward"), 1e-12);
    assertEquals(0.38749079504260203, r.metrics().get("reward_std"), 1e-12);
    // the single scored sample of group 3 has no spread: 1 of the 7 scored samples
    assertEquals(1.0 / 7, r.metrics().get("frac_reward_zero_std"), 1e-15);
  }

  @Test
  void grpoBatchScalingUsesTheScoredSamplesStd() {
    double[] a =
        GroupNormalizedAdvantages.builder()
            .scaleRewards(ScaleRewards.BATCH)
            .build()
            .compute(REWARDS, scored(REWARDS), 4)
            .advantages();
    assertArrayEquals(
        new double[] {
          1.3052415995705702,
          0,
          -1.3052415995705702,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          -0.609112746466266,
          -0.609112746466266,
          0,
          1.218225492932532
        },
        a,
        1e-12);
  }

  @Test
  void abstentionIsNotAZero() {
    // the old behaviour: the abstention scored 0 joins the group (mean 0.375 instead of 0.5)
    double[] zeroFilled = {1.0, 0.0, 0.0, 0.5};
    double[] asZero =
        GroupNormalizedAdvantages.builder().build().compute(zeroFilled, 4).advantages();
    double[] masked =
        GroupNormalizedAdvantages.builder()
            .build()
            .compute(new double[] {1.0, N, 0.0, 0.5}, new boolean[] {true, false, true, true}, 4)
            .advantages();
    assertEquals(0.0, masked[1], 0.0);
    assertEquals(0.0, masked[3], 1e-15); // 0.5 is the scored mean: no signal
    assertEquals(0.2610619498707955, asZero[3], 1e-12); // while a 0 makes it look above average
  }

  @Test
  void rlooLeaveOneOutOverTheScoredMembers() {
    double[] a = RlooAdvantages.builder().build().compute(REWARDS, scored(REWARDS), 4);
    assertArrayEquals(
        new double[] {0.75, 0, -0.75, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0.35, -0.35, 0, 0.7}, a, 1e-12);
    double[] z =
        RlooAdvantages.builder()
            .normalizeAdvantages(true)
            .build()
            .compute(REWARDS, scored(REWARDS), 4);
    assertArrayEquals(
        new double[] {
          1.3467978731620334,
          0,
          -1.3467978731620334,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          0,
          -0.6285056741422823,
          -0.6285056741422823,
          0,
          1.2570113482845644
        },
        z,
        1e-12);
  }

  @Test
  void gdpoNormalisesOverTheScoredMembers() {
    double[][] c = {{1, 0, 1, 0, 1, 0.5}, {0.2, 0.9, 0.4, 0.3, 0.3, 0.8}};
    boolean[] s = {true, true, false, true, true, true};
    MultiRewardAdvantages.Result r =
        MultiRewardAdvantages.builder()
            .aggregation(Aggregation.NORMALIZE_THEN_SUM)
            .build()
            .compute(c, new double[] {1, 0.5}, List.of("a", "b"), s, 3);
    assertArrayEquals(
        new double[] {
          0.4264075367722602,
          -0.42640753677226034,
          0,
          -1.5539867926254596,
          0.8578510730838883,
          0.6961357195415713
        },
        r.advantages(),
        1e-12);
    assertEquals(0.75, r.metrics().get("reward"), 1e-12);
    assertEquals(0.4344536799245692, r.metrics().get("reward_std"), 1e-12);
  }

  @Property(trials = 100)
  void droppingOneMemberPerGroupEqualsSmallerGroups(Gen gen) {
    int g = gen.intIn(3, 7);
    int groups = gen.intIn(1, 4);
    double[] r = gen.gaussians(g * groups);
    boolean[] s = new boolean[r.length];
    double[] compact = new double[(g - 1) * groups];
    int c = 0;
    for (int k = 0; k < groups; k++) {
      int drop = gen.intIn(0, g - 1);
      for (int j = 0; j < g; j++) {
        s[k * g + j] = j != drop;
        if (j != drop) {
          compact[c++] = r[k * g + j];
        } else {
          r[k * g + j] = gen.bool() ? N : 1e6; // an abstention's value is never read
        }
      }
    }
    double[] grpo = GroupNormalizedAdvantages.builder().build().compute(r, s, g).advantages();
    double[] grpoRef =
        GroupNormalizedAdvantages.builder().build().compute(compact, g - 1).advantages();
    double[] rloo = RlooAdvantages.builder().build().compute(r, s, g);
    double[] rlooRef = RlooAdvantages.builder().build().compute(compact, g - 1);
    c = 0;
    for (int i = 0; i < r.length; i++) {
      if (s[i]) {
        assertEquals(grpoRef[c], grpo[i], 1e-12);
        assertEquals(rlooRef[c], rloo[i], 1e-12);
        c++;
      } else {
        assertEquals(0.0, grpo[i], 0.0);
        assertEquals(0.0, rloo[i], 0.0);
      }
    }
  }

  @Property(trials = 50)
  void everySampleScoredIsTheUnmaskedResult(Gen gen) {
    int g = gen.intIn(2, 6);
    double[] r = gen.gaussians(g * gen.intIn(1, 4));
    boolean[] s = new boolean[r.length];
    Arrays.fill(s, true);
    assertArrayEquals(
        GroupNormalizedAdvantages.builder().build().compute(r, g).advantages(),
        GroupNormalizedAdvantages.builder().build().compute(r, s, g).advantages(),
        0.0);
    assertArrayEquals(
        RlooAdvantages.builder().build().compute(r, g),
        RlooAdvantages.builder().build().compute(r, s, g),
        0.0);
  }

  @Test
  void aScoredRewardMustBeFinite() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                GroupNormalizedAdvantages.builder()
                    .build()
                    .compute(
                        new double[] {N, 1, 2, 3}, new boolean[] {true, true, false, true}, 2));
    assertEquals(true, e.getMessage().contains("rewards"), e.getMessage());
  }
}
