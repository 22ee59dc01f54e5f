package dev.align4j.optimizers.optimizer.preference;

import dev.align4j.core.Policy;
import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.function.Supplier;

/**
 * The implicit reward of a DPO-trained policy, {@code r(x, y) = β·(log π(y | x) − log π_ref(y | x))} (Rafailov et al.
 * 2023, eq. 5), as a {@link RewardModel}. Used as the judge of self-rewarding online preference optimisation, it lets
 * the policy label its own samples: the DICE scheme (Chen et al. 2024, "Bootstrapping Language Models with DPO
 * Implicit Rewards"). The policy and the reference are read at each call, so the judge follows training.
 *
 * <p>The score is in nats times β; deterministic for fixed parameters; as thread-safe as the two policies.
 */
public final class ImplicitRewardModel implements RewardModel {
  private final Policy policy;
  private final Supplier<Policy> reference;
  private final double beta;

  /**
   * @param policy the (trained) policy π
   * @param reference supplies the reference π_ref (read at each call)
   * @param beta β &gt; 0, the DPO temperature the policy was trained with
   */
  public ImplicitRewardModel(Policy policy, Supplier<Policy> reference, double beta) {
    this.policy = Require.nonNull("policy", policy);
    this.reference = Require.nonNull("reference", reference);
    this.beta = Require.positive("beta", beta);
  }

  @Override
  public double score(Prompt prompt, Completion completion) {
    return beta * (policy.sequenceLogProb(prompt, completion) - reference.get().sequenceLogProb(prompt, completion));
  }

  @Override
  public String toString() {
    return "ImplicitRewardModel[beta=" + beta + "]";
  }
}
