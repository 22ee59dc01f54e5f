package dev.align4j.optimizers.advantage;

import static dev.align4j.optimizers.ReferenceAssertions.assertClose;
import static dev.align4j.optimizers.advantage.AdvantageReferenceValues.ADVANTAGES;
import static dev.align4j.optimizers.advantage.AdvantageReferenceValues.BOOTSTRAP;
import static dev.align4j.optimizers.advantage.AdvantageReferenceValues.GREEDY;
import static dev.align4j.optimizers.advantage.AdvantageReferenceValues.GROUP_REWARDS;
import static dev.align4j.optimizers.advantage.AdvantageReferenceValues.LENGTHS;
import static dev.align4j.optimizers.advantage.AdvantageReferenceValues.MASK;
import static dev.align4j.optimizers.advantage.AdvantageReferenceValues.REWARDS;
import static dev.align4j.optimizers.advantage.AdvantageReferenceValues.VALUES;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Every advantage estimator against independent reference values within 1e-12 relative (from
 * {@code src/test/python/reference_values.py}: GAE as the explicit sum Σ_l (γλ)^l δ_{t+l} of Schulman et al. 2016,
 * Eq. 16, not as the recursion the code uses; GRPO's group statistics with Bessel's correction and ε = 1e-4 as TRL;
 * leave-one-out baselines; REINFORCE++ discounted returns whitened over a fractional mask; ReMax; TRL's
 * {@code masked_whiten}). The inputs have ragged lengths, a bootstrap value, a constant reward group and mask weights
 * 0, 0.5 and 1.
 */
class AdvantageReferenceValuesTest {
  @Test
  void gae() {
    TokenAdvantages a = GaeEstimator.builder().gamma(0.97).lambda(0.9).build()
        .estimate(LENGTHS, REWARDS, VALUES, BOOTSTRAP);
    assertClose(ADVANTAGES.get("gae/bootstrap")[0], a.advantages(), "GAE advantages");
    assertClose(ADVANTAGES.get("gae/bootstrap")[1], a.returns(), "GAE returns");
    TokenAdvantages d = GaeEstimator.builder().build().estimate(LENGTHS, REWARDS, VALUES);
    assertClose(ADVANTAGES.get("gae/trl_defaults")[0], d.advantages(), "GAE (TRL defaults) advantages");
    assertClose(ADVANTAGES.get("gae/trl_defaults")[1], d.returns(), "GAE (TRL defaults) returns");
  }

  @Test
  void groupNormalizedInEveryScaling() {
    for (GroupNormalizedAdvantages.ScaleRewards mode : GroupNormalizedAdvantages.ScaleRewards.values()) {
      String name = "group_normalized/" + mode.name().toLowerCase(Locale.ROOT);
      double[][] e = ADVANTAGES.get(name);
      GroupNormalizedAdvantages.Result r = GroupNormalizedAdvantages.builder().scaleRewards(mode).build()
          .compute(GROUP_REWARDS, 4);
      assertClose(e[0], r.advantages(), name + " advantages");
      assertClose(e[1], r.groupMeans(), name + " group means");
      assertClose(e[2], r.groupStds(), name + " group stds");
      assertClose(e[3][0], r.metrics().get("reward"), name + " reward");
      assertClose(e[3][1], r.metrics().get("reward_std"), name + " reward_std");
      assertClose(e[3][2], r.metrics().get("frac_reward_zero_std"), name + " frac_reward_zero_std");
    }
  }

  @Test
  void rlooLeaveOneOut() {
    assertClose(ADVANTAGES.get("rloo")[0], RlooAdvantages.builder().build().compute(GROUP_REWARDS, 4), "RLOO");
    assertClose(ADVANTAGES.get("rloo/normalized")[0],
        RlooAdvantages.builder().normalizeAdvantages(true).build().compute(GROUP_REWARDS, 4), "RLOO normalised");
  }

  @Test
  void reinforcePlusPlusOverAFractionalMask() {
    TokenAdvantages a = ReinforcePlusPlusAdvantages.builder().gamma(0.98).build().estimate(LENGTHS, REWARDS, MASK);
    assertClose(ADVANTAGES.get("reinforce_plus_plus")[0], a.advantages(), "REINFORCE++ advantages");
    assertClose(ADVANTAGES.get("reinforce_plus_plus")[1], a.returns(), "REINFORCE++ returns");
  }

  @Test
  void whitening() {
    assertClose(ADVANTAGES.get("whiten/masked_shift")[0], Whitening.whiten(VALUES, MASK, true), "masked whiten");
    assertClose(ADVANTAGES.get("whiten/unmasked_no_shift")[0], Whitening.whiten(VALUES, null, false),
        "whiten without mean shift");
  }

  @Test
  void remaxSharedGreedyBaseline() {
    assertClose(ADVANTAGES.get("remax/grouped")[0], RemaxBaseline.advantages(GROUP_REWARDS, GREEDY, 4), "ReMax");
  }
}
