package dev.align4j.core.reward;

import dev.align4j.core.Policy;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.TokenRewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The implicit reward of a policy against its reference (Rafailov et al., "Direct Preference Optimization", 2023;
 * "From r to Q*", 2024): per token {@code r_t = β·(log π(y_t | x, y_<t) − log π_ref(y_t | x, y_<t))}, and the
 * response-level reward {@code r(x, y) = β·log π(y|x)/π_ref(y|x)}, their sum. It is how a DPO-trained policy is scored
 * as a reward model (RewardBench scores DPO models this way; β does not change the ranking).
 *
 * <p>Variants: without a reference ({@link Builder#referenceFree()}) the reward is {@code β·log π} (RewardBench's
 * reference-free "sum"); with {@link Builder#lengthNormalized(boolean)} every token reward is divided by the length,
 * so the response reward is the mean, {@code (β/|y|)·log π(y|x)/π_ref} (SimPO's reward when reference-free).
 *
 * <p>The reference can be a fixed policy ({@link Builder#reference(Policy)}) or one read at every call
 * ({@link Builder#referenceFrom(Supplier)}), so a judge follows a reference that training replaces: the self-rewarding
 * (DICE, Chen et al. 2024) judge of the online preference optimiser is this class.
 *
 * <p>{@link #score} is {@code β·(log π(y|x) − log π_ref(y|x))} from the sums of the two policies' token log-probs
 * (length-normalised: the mean of {@link #tokenScores}); it equals the sum of the token rewards up to rounding. Both
 * policies must tokenise the completion identically; a length mismatch is an error, never a truncation. Units: nats
 * times β; deterministic for fixed parameters; as thread-safe as the policies.
 */
public final class ImplicitReward implements TokenRewardModel {
  private final Policy policy;
  private final @Nullable Supplier<Policy> reference;
  private final double beta;
  private final boolean lengthNormalized;

  private ImplicitReward(Builder b) {
    this.policy = Require.nonNull("policy", b.policy);
    this.reference = b.reference;
    Require.argument(
        b.reference != null || b.referenceFree,
        "reference must be set, or referenceFree() chosen explicitly");
    this.beta = b.beta;
    this.lengthNormalized = b.lengthNormalized;
  }

  /** A builder; β defaults to 0.1 (TRL's DPO default). */
  public static Builder builder(Policy policy) {
    return new Builder(policy);
  }

  /** {@code β·log π/π_ref}, response and token level. */
  public static ImplicitReward of(Policy policy, Policy reference, double beta) {
    return builder(policy).reference(reference).beta(beta).build();
  }

  @Override
  public double[] tokenScores(Prompt prompt, Completion completion) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    TokenLogProbs lp = policy.logProbs(prompt, completion);
    return tokenScores(lp, reference == null ? null : reference.get().logProbs(prompt, completion));
  }

  /**
   * The response-level reward {@code β·(log π(y|x) − log π_ref(y|x))} (reference-free: {@code β·log π(y|x)};
   * length-normalised: the sum of {@link #tokenScores}).
   */
  @Override
  public double score(Prompt prompt, Completion completion) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    TokenLogProbs lp = policy.logProbs(prompt, completion);
    return score(lp, reference == null ? null : reference.get().logProbs(prompt, completion));
  }

  /** The completions of one prompt, scored through one {@link Policy#logProbsBatch} call per policy. */
  @Override
  public double[] scoreAll(Prompt prompt, List<Completion> completions) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completions", completions);
    return scoreBatch(Collections.nCopies(completions.size(), prompt), completions);
  }

  /**
   * Aligned prompts and completions, scored through one {@link Policy#logProbsBatch} call on the policy and one on
   * the reference (so a policy that runs batches in parallel scores in parallel); equal to {@link #score} element by
   * element.
   */
  @Override
  public double[] scoreBatch(List<Prompt> prompts, List<Completion> completions) {
    Require.nonNull("prompts", prompts);
    Require.nonNull("completions", completions);
    Require.sameLength("prompts", prompts.size(), "completions", completions.size());
    for (int i = 0; i < prompts.size(); i++) {
      Require.nonNull("prompts[" + i + "]", prompts.get(i));
      Require.nonNull("completions[" + i + "]", completions.get(i));
    }
    List<TokenLogProbs> lps = policy.logProbsBatch(prompts, completions);
    List<TokenLogProbs> refs =
        reference == null ? null : reference.get().logProbsBatch(prompts, completions);
    double[] out = new double[lps.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = score(lps.get(i), refs == null ? null : refs.get(i));
    }
    return out;
  }

  private double[] tokenScores(TokenLogProbs lp, @Nullable TokenLogProbs ref) {
    double[] out = lp.values();
    if (ref != null) {
      requireSameTokens(lp, ref);
      for (int t = 0; t < out.length; t++) {
        out[t] -= ref.get(t);
      }
    }
    double scale = lengthNormalized && out.length > 0 ? beta / out.length : beta;
    for (int t = 0; t < out.length; t++) {
      out[t] *= scale;
    }
    return out;
  }

  private double score(TokenLogProbs lp, @Nullable TokenLogProbs ref) {
    if (lengthNormalized) {
      double s = 0;
      for (double v : tokenScores(lp, ref)) {
        s += v;
      }
      return s;
    }
    double logRatio = lp.sum();
    if (ref != null) {
      requireSameTokens(lp, ref);
      logRatio -= ref.sum();
    }
    return beta * logRatio;
  }

  private static void requireSameTokens(TokenLogProbs policy, TokenLogProbs reference) {
    Require.argument(
        reference.length() == policy.length(),
        "reference must score the same tokens as the policy: policy gave %d token log-probs, reference %d",
        policy.length(),
        reference.length());
  }

  /** β. */
  public double beta() {
    return beta;
  }

  @Override
  public String toString() {
    return "ImplicitReward[beta="
        + beta
        + (reference == null ? ", reference-free" : "")
        + (lengthNormalized ? ", length-normalised" : "")
        + "]";
  }

  /** Configures an {@link ImplicitReward}. */
  public static final class Builder {
    private final Policy policy;
    private @Nullable Supplier<Policy> reference;
    private boolean referenceFree;
    private double beta = 0.1;
    private boolean lengthNormalized;

    private Builder(Policy policy) {
      this.policy = Require.nonNull("policy", policy);
    }

    /** The reference policy π_ref. */
    public Builder reference(Policy reference) {
      Require.nonNull("reference", reference);
      this.reference = () -> reference;
      this.referenceFree = false;
      return this;
    }

    /** A reference read at every call (e.g. {@code optimizer::reference}, which training may replace). */
    public Builder referenceFrom(Supplier<Policy> reference) {
      this.reference = Require.nonNull("reference", reference);
      this.referenceFree = false;
      return this;
    }

    /** Score with {@code β·log π} alone (no reference). */
    public Builder referenceFree() {
      this.reference = null;
      this.referenceFree = true;
      return this;
    }

    /** β &gt; 0; default 0.1 (TRL {@code DPOConfig.beta}). */
    public Builder beta(double beta) {
      this.beta = Require.positive("beta", beta);
      return this;
    }

    /** Divide by the completion's token count; default false. */
    public Builder lengthNormalized(boolean lengthNormalized) {
      this.lengthNormalized = lengthNormalized;
      return this;
    }

    /** Builds the reward. */
    public ImplicitReward build() {
      return new ImplicitReward(this);
    }
  }
}
