package dev.align4j.rewards.model;

import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.testkit.contract.RewardModelContract;
import java.util.SplittableRandom;

/** {@link FeatureRewardModel} (hashed n-grams, a linear head with seeded weights) runs the reward-model contract. */
class FeatureRewardModelContractTest implements RewardModelContract<FeatureRewardModel> {
  @Override
  public FeatureRewardModel rewardModel() {
    int d = 64;
    SplittableRandom random = new SplittableRandom(42);
    float[] p = new float[d + 1];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return new FeatureRewardModel(HashedNGramFeaturizer.builder().dimension(d).build(),
        new RewardHead(HeadArchitecture.linear(), d, p));
  }

  @Override
  public double batchTolerance() {
    return 1e-6; // the batch path may fuse the head into the featurizer (float sums in another order)
  }
}
