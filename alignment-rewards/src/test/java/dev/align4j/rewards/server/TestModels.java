package dev.align4j.rewards.server;

import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.model.HeadArchitecture;
import dev.align4j.rewards.model.RewardHead;
import java.util.SplittableRandom;

/** A realistic reward model for the server tests: hashed word and character n-grams, a seeded linear head. */
final class TestModels {
  private TestModels() {}

  static FeatureRewardModel hashedLinear(long seed) {
    int dim = 4096;
    HashedNGramFeaturizer f =
        HashedNGramFeaturizer.builder()
            .dimension(dim)
            .wordNgrams(1, 2)
            .charNgrams(3, 4)
            .includePrompt(true)
            .build();
    HeadArchitecture head = HeadArchitecture.linear();
    float[] w = new float[head.parameterCount(dim)];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    return new FeatureRewardModel(f, new RewardHead(head, dim, w));
  }
}
