package dev.align4j.optimizers.optimizer.preference;

import dev.align4j.optimizers.policy.lm.TransformerConfig;
import dev.align4j.optimizers.policy.lm.TransformerLanguageModel;
import dev.align4j.optimizers.policy.token.ByteTokenizer;
import dev.align4j.testkit.contract.RewardModelContract;

/**
 * {@link ImplicitRewardModel} (β·log π/π_ref of two tiny transformers) runs the reward-model contract. (Issue 12 merges
 * it with rewards' {@code ImplicitReward}; the merged class keeps this test.)
 */
class ImplicitRewardModelContractTest implements RewardModelContract<ImplicitRewardModel> {
  private static final TransformerConfig TINY = TransformerConfig.builder().width(8).heads(2).layers(1).ffnWidth(12)
      .contextLength(256).initStd(0.3).build();

  @Override
  public ImplicitRewardModel rewardModel() {
    TransformerLanguageModel policy = TransformerLanguageModel.create(ByteTokenizer.INSTANCE, TINY, 1);
    TransformerLanguageModel reference = TransformerLanguageModel.create(ByteTokenizer.INSTANCE, TINY, 2);
    return new ImplicitRewardModel(policy, () -> reference, 0.1);
  }
}
