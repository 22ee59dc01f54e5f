package dev.align4j.optimizers.optimizer.sft;

import dev.align4j.core.Policy;
import dev.align4j.core.RewardModel;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.optimizers.optimizer.InputChecks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Best-of-n selection at inference time: sample n completions from a policy, score each with a reward model and return
 * the highest-scoring one (Nakano et al. 2021, WebGPT; Stiennon et al. 2020). No training: the policy is only
 * sampled, all n samples in one {@link Policy#sampleBatch} call (the prompt repeated n times). Ties go to the
 * earliest sample.
 *
 * <p>Defaults: n = 4, {@link SamplingParameters#DEFAULT}. A reward model that returns a non-finite score is an error
 * naming the sample. Thread-safe when the policy and the reward model are.
 */
public final class BestOfNSelector {
  private final Policy policy;
  private final RewardModel rewardModel;
  private final int n;
  private final SamplingParameters sampling;

  private BestOfNSelector(Builder b) {
    this.policy = b.policy;
    this.rewardModel = b.rewardModel;
    this.n = b.n;
    this.sampling = b.sampling;
  }

  /** A builder for sampling from {@code policy} and scoring with {@code rewardModel}. */
  public static Builder builder(Policy policy, RewardModel rewardModel) {
    return new Builder(policy, rewardModel);
  }

  /**
   * The n samples, their rewards, and the index of the best.
   *
   * @param candidates the samples, in sampling order
   * @param rewards their rewards
   * @param bestIndex the index of the highest reward (the first on ties)
   */
  public record Selection(List<Completion> candidates, double[] rewards, int bestIndex) {
    /** Copies. */
    public Selection {
      candidates = List.copyOf(candidates);
      rewards = rewards.clone();
    }

    /** The best completion. */
    public Completion best() {
      return candidates.get(bestIndex);
    }

    /** The best reward. */
    public double bestReward() {
      return rewards[bestIndex];
    }

    /** The mean reward of all samples. */
    public double meanReward() {
      double s = 0;
      for (double r : rewards) {
        s += r;
      }
      return s / rewards.length;
    }

    @Override
    public double[] rewards() {
      return rewards.clone();
    }
  }

  /** Samples n completions of {@code prompt} with {@code random} and selects the best. */
  public Selection select(Prompt prompt, RandomGenerator random) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("random", random);
    return select(policy, rewardModel, prompt, n, sampling, random);
  }

  static Selection select(
      Policy policy,
      RewardModel rewardModel,
      Prompt prompt,
      int n,
      SamplingParameters sampling,
      RandomGenerator random) {
    List<Completion> samples =
        InputChecks.namedBatch(
            i -> "sample " + i,
            () -> policy.sampleBatch(Collections.nCopies(n, prompt), sampling, random));
    Require.argument(
        samples.size() == n, "policy must return %d samples, returned %d", n, samples.size());
    return choose(rewardModel, prompt, samples);
  }

  /**
   * Best-of-n for every prompt, all {@code prompts.size() × n} samples in one {@link Policy#sampleBatch} call (prompt
   * p repeated n times, in prompt order: with a policy that samples in a loop, the samples {@link #select} would draw
   * prompt after prompt from the same generator).
   */
  static List<Selection> selectAll(
      Policy policy,
      RewardModel rewardModel,
      List<Prompt> prompts,
      int n,
      SamplingParameters sampling,
      RandomGenerator random) {
    List<Prompt> repeated = new ArrayList<>(prompts.size() * n);
    for (Prompt p : prompts) {
      repeated.addAll(Collections.nCopies(n, p));
    }
    List<Completion> samples =
        InputChecks.namedBatch(
            i -> "prompts[" + i / n + "] sample " + i % n,
            () -> policy.sampleBatch(repeated, sampling, random));
    Require.argument(
        samples.size() == repeated.size(),
        "policy must return %d samples, returned %d",
        repeated.size(),
        samples.size());
    List<Selection> out = new ArrayList<>(prompts.size());
    for (int p = 0; p < prompts.size(); p++) {
      out.add(choose(rewardModel, prompts.get(p), samples.subList(p * n, (p + 1) * n)));
    }
    return out;
  }

  private static Selection choose(
      RewardModel rewardModel, Prompt prompt, List<Completion> samples) {
    int n = samples.size();
    double[] rewards = rewardModel.scoreAll(prompt, samples);
    Require.argument(
        rewards.length == n, "reward model must return %d scores, returned %d", n, rewards.length);
    int best = 0;
    for (int i = 0; i < n; i++) {
      int idx = i;
      Require.argument(
          Double.isFinite(rewards[i]),
          "reward of sample %d (\"%s\") must be finite, was %s",
          idx,
          Require.abbreviate(samples.get(idx).text(), 40),
          rewards[i]);
      if (rewards[i] > rewards[best]) {
        best = i;
      }
    }
    return new Selection(samples, rewards, best);
  }

  /** Configures a {@link BestOfNSelector}. */
  public static final class Builder {
    private final Policy policy;
    private final RewardModel rewardModel;
    private int n = 4;
    private SamplingParameters sampling = SamplingParameters.DEFAULT;

    private Builder(Policy policy, RewardModel rewardModel) {
      this.policy = Require.nonNull("policy", policy);
      this.rewardModel = Require.nonNull("rewardModel", rewardModel);
    }

    /** How many samples, {@code >= 1}; default 4. */
    public Builder n(int n) {
      this.n = Require.positive("n", n);
      return this;
    }

    /** How to sample (default {@link SamplingParameters#DEFAULT}). */
    public Builder sampling(SamplingParameters sampling) {
      this.sampling = Require.nonNull("sampling", sampling);
      return this;
    }

    /** Builds the selector. */
    public BestOfNSelector build() {
      return new BestOfNSelector(this);
    }
  }
}
