package dev.align4j.optimizers.objective;

import dev.align4j.core.check.Require;
import org.jspecify.annotations.Nullable;

/**
 * A ragged batch of sampled completions for a policy-gradient objective (PPO, GRPO and relatives), stored as flat
 * per-token arrays: sequence {@code i} owns the tokens {@code offset(i) .. offset(i) + lengths[i] − 1} of every
 * per-token array, where {@code offset(i) = lengths[0] + … + lengths[i−1]} (see {@link #offsets()}).
 *
 * <p>All log-probabilities are natural-log probabilities of the sampled completion tokens (≤ 0, finite), one per
 * token, exactly as TRL's {@code per_token_logps}:
 *
 * <ul>
 *   <li>{@code logProbs}: the current policy πθ — the input the objectives differentiate;
 *   <li>{@code oldLogProbs}: the sampling ("old") policy πold that generated the tokens (for the importance ratio
 *       r = exp(logπθ − logπold)); pass {@code logProbs} itself for on-policy data (ratio 1);
 *   <li>{@code samplerLogProbs} (nullable): the log-probabilities the sampling engine reported for the same tokens
 *       when it is not the trainer (vLLM, a quantised or stale copy: TRL's {@code sampling_per_token_logps}); they
 *       differ from {@code oldLogProbs} by the sampler/trainer mismatch, which the GRPO objectives correct with a
 *       {@code SamplerCorrection} and report as {@code sampling/*} metrics; null when the trainer sampled itself;
 *   <li>{@code referenceLogProbs} (nullable): the frozen reference πref, needed only when a KL term is in the loss;
 *   <li>{@code advantages}: one advantage per token (GAE gives one per token; a per-sequence advantage such as
 *       GRPO's is broadcast to its tokens by {@link Builder#sequenceAdvantages(double[])});
 *   <li>{@code mask} (nullable = all ones): per-token loss weights in [0, 1] (TRL's {@code completion_mask}; 0 drops a
 *       token from every sum and every normaliser);
 *   <li>{@code values}, {@code oldValues}, {@code returns} (nullable): value-head predictions V, the predictions at
 *       sampling time V_old (for PPO's value clipping; null means "same as values", i.e. no clipping) and the return
 *       targets, for PPO's value loss;
 *   <li>{@code entropies} (nullable): per-token policy entropies in nats, only reported as the {@code entropy} metric.
 * </ul>
 *
 * <p>The constructor validates everything once (lengths match, log-probabilities are finite and ≤ 0, advantages and
 * values are finite, the mask is in [0, 1]) and names the first bad index; objectives then trust the batch. Arrays
 * are not copied: do not modify them while the batch is in use.
 *
 * @param lengths tokens per sequence (≥ 0); their sum is the length of every per-token array
 * @param logProbs current-policy per-token log-probabilities
 * @param oldLogProbs sampling-policy per-token log-probabilities
 * @param samplerLogProbs the sampling engine's per-token log-probabilities, or null
 * @param referenceLogProbs reference-policy per-token log-probabilities, or null
 * @param advantages per-token advantages
 * @param mask per-token weights in [0, 1], or null for all ones
 * @param values per-token value predictions, or null
 * @param oldValues per-token value predictions at sampling time, or null
 * @param returns per-token return targets for the value loss, or null (required with {@code values})
 * @param entropies per-token entropies (nats), or null
 */
public record PolicyGradientBatch(
    int[] lengths,
    double[] logProbs,
    double[] oldLogProbs,
    double @Nullable [] samplerLogProbs,
    double @Nullable [] referenceLogProbs,
    double[] advantages,
    double @Nullable [] mask,
    double @Nullable [] values,
    double @Nullable [] oldValues,
    double @Nullable [] returns,
    double @Nullable [] entropies) {

  /** Validates the batch; see the class documentation. */
  public PolicyGradientBatch {
    Require.nonNull("lengths", lengths);
    Require.argument(lengths.length > 0, "lengths must hold at least one sequence, was empty");
    long total = 0;
    for (int i = 0; i < lengths.length; i++) {
      if (lengths[i] < 0) {
        throw new IllegalArgumentException("lengths[" + i + "] must be >= 0, was " + lengths[i]);
      }
      total += lengths[i];
    }
    Require.argument(total <= Integer.MAX_VALUE, "sum of lengths must fit an int, was %d", total);
    int tokens = (int) total;
    checkLength(
        "logProbs",
        Require.logProbabilities("logProbs", Require.nonNull("logProbs", logProbs)),
        tokens);
    checkLength(
        "oldLogProbs",
        Require.logProbabilities("oldLogProbs", Require.nonNull("oldLogProbs", oldLogProbs)),
        tokens);
    if (samplerLogProbs != null) {
      checkLength(
          "samplerLogProbs", Require.logProbabilities("samplerLogProbs", samplerLogProbs), tokens);
    }
    if (referenceLogProbs != null) {
      checkLength(
          "referenceLogProbs",
          Require.logProbabilities("referenceLogProbs", referenceLogProbs),
          tokens);
    }
    checkLength(
        "advantages",
        Require.allFinite("advantages", Require.nonNull("advantages", advantages)),
        tokens);
    if (mask != null) {
      checkLength("mask", mask, tokens);
      for (int t = 0; t < mask.length; t++) {
        if (!(mask[t] >= 0.0 && mask[t] <= 1.0)) {
          throw new IllegalArgumentException("mask[" + t + "] must be in [0, 1], was " + mask[t]);
        }
      }
    }
    if (values != null) {
      checkLength("values", Require.allFinite("values", values), tokens);
      Require.argument(
          returns != null, "returns must be given with values (the value loss needs both)");
    }
    if (returns != null) {
      checkLength("returns", Require.allFinite("returns", returns), tokens);
      Require.argument(
          values != null, "values must be given with returns (the value loss needs both)");
    }
    if (oldValues != null) {
      Require.argument(
          values != null, "oldValues needs values (they are the predictions at sampling time)");
      checkLength("oldValues", Require.allFinite("oldValues", oldValues), tokens);
    }
    if (entropies != null) {
      checkLength("entropies", Require.allFinite("entropies", entropies), tokens);
    }
  }

  /** A batch without sampler log-probabilities (the trainer sampled the completions itself). */
  public PolicyGradientBatch(
      int[] lengths,
      double[] logProbs,
      double[] oldLogProbs,
      double @Nullable [] referenceLogProbs,
      double[] advantages,
      double @Nullable [] mask,
      double @Nullable [] values,
      double @Nullable [] oldValues,
      double @Nullable [] returns,
      double @Nullable [] entropies) {
    this(
        lengths,
        logProbs,
        oldLogProbs,
        null,
        referenceLogProbs,
        advantages,
        mask,
        values,
        oldValues,
        returns,
        entropies);
  }

  /** This batch with other current-policy log-probabilities (everything else shared, not copied). */
  public PolicyGradientBatch withLogProbs(double[] logProbs) {
    return new PolicyGradientBatch(
        lengths,
        logProbs,
        oldLogProbs,
        samplerLogProbs,
        referenceLogProbs,
        advantages,
        mask,
        values,
        oldValues,
        returns,
        entropies);
  }

  private static void checkLength(String name, double[] array, int tokens) {
    if (array.length != tokens) {
      throw new IllegalArgumentException(
          name
              + " must hold one value per token (sum of lengths = "
              + tokens
              + "), had "
              + array.length);
    }
  }

  /** The number of sequences. */
  public int sequenceCount() {
    return lengths.length;
  }

  /** The number of tokens (the length of every per-token array). */
  public int tokenCount() {
    return logProbs.length;
  }

  /** Start offsets: {@code offsets()[i]} is sequence i's first token, {@code offsets()[n]} the token count. */
  public int[] offsets() {
    int[] out = new int[lengths.length + 1];
    for (int i = 0; i < lengths.length; i++) {
      out[i + 1] = out[i] + lengths[i];
    }
    return out;
  }

  /** The mask weight of token {@code t} (1 when there is no mask). */
  public double maskAt(int t) {
    return mask == null ? 1.0 : mask[t];
  }

  /**
   * A builder; {@code lengths}, {@code logProbs} and advantages are required, {@code oldLogProbs} defaults to logProbs.
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return "PolicyGradientBatch[sequences="
        + lengths.length
        + ", tokens="
        + logProbs.length
        + ", sampler="
        + (samplerLogProbs != null)
        + ", reference="
        + (referenceLogProbs != null)
        + ", mask="
        + (mask != null)
        + ", values="
        + (values != null)
        + "]";
  }

  /** Builds a {@link PolicyGradientBatch}; validation happens in {@link #build()}. */
  public static final class Builder {
    private int @Nullable [] lengths;
    private double @Nullable [] logProbs;
    private double @Nullable [] oldLogProbs;
    private double @Nullable [] samplerLogProbs;
    private double @Nullable [] referenceLogProbs;
    private double @Nullable [] advantages;
    private double @Nullable [] sequenceAdvantages;
    private double @Nullable [] mask;
    private double @Nullable [] values;
    private double @Nullable [] oldValues;
    private double @Nullable [] returns;
    private double @Nullable [] entropies;

    private Builder() {}

    /** Tokens per sequence. */
    public Builder lengths(int... lengths) {
      this.lengths = lengths;
      return this;
    }

    /** Current-policy per-token log-probabilities (flat). */
    public Builder logProbs(double[] logProbs) {
      this.logProbs = logProbs;
      return this;
    }

    /** Sampling-policy per-token log-probabilities (flat); defaults to {@code logProbs} (on-policy, ratio 1). */
    public Builder oldLogProbs(double[] oldLogProbs) {
      this.oldLogProbs = oldLogProbs;
      return this;
    }

    /**
     * The sampling engine's per-token log-probabilities (flat) when it is not the trainer; default none (the trainer
     * sampled, no mismatch).
     */
    public Builder samplerLogProbs(double @Nullable [] samplerLogProbs) {
      this.samplerLogProbs = samplerLogProbs;
      return this;
    }

    /** Reference-policy per-token log-probabilities (flat), for a KL term. */
    public Builder referenceLogProbs(double @Nullable [] referenceLogProbs) {
      this.referenceLogProbs = referenceLogProbs;
      return this;
    }

    /** Per-token advantages (flat). Mutually exclusive with {@link #sequenceAdvantages(double[])}. */
    public Builder advantages(double[] advantages) {
      this.advantages = advantages;
      return this;
    }

    /** One advantage per sequence, broadcast to its tokens (GRPO, RLOO, ReMax). */
    public Builder sequenceAdvantages(double[] sequenceAdvantages) {
      this.sequenceAdvantages = sequenceAdvantages;
      return this;
    }

    /** Per-token weights in [0, 1]; default all ones. */
    public Builder mask(double @Nullable [] mask) {
      this.mask = mask;
      return this;
    }

    /** Per-token value predictions and return targets for PPO's value loss. */
    public Builder values(double[] values, double[] returns) {
      this.values = values;
      this.returns = returns;
      return this;
    }

    /** Per-token value predictions at sampling time (PPO's value clipping); default: equal to the values. */
    public Builder oldValues(double @Nullable [] oldValues) {
      this.oldValues = oldValues;
      return this;
    }

    /** Per-token entropies in nats (reported as the {@code entropy} metric). */
    public Builder entropies(double @Nullable [] entropies) {
      this.entropies = entropies;
      return this;
    }

    /** Validates and builds. */
    public PolicyGradientBatch build() {
      int[] len = Require.nonNull("lengths", lengths);
      double[] lp = Require.nonNull("logProbs", logProbs);
      double[] adv;
      if (sequenceAdvantages != null) {
        Require.argument(
            advantages == null,
            "give either advantages (per token) or sequenceAdvantages, not both");
        Require.sameLength("sequenceAdvantages", sequenceAdvantages.length, "lengths", len.length);
        long total = 0;
        for (int l : len) {
          total += Math.max(0, l);
        }
        Require.argument(
            total <= Integer.MAX_VALUE, "sum of lengths must fit an int, was %d", total);
        adv = new double[(int) total];
        int t = 0;
        for (int i = 0; i < len.length; i++) {
          double a = Require.finite("sequenceAdvantages[" + i + "]", sequenceAdvantages[i]);
          for (int k = 0; k < Math.max(0, len[i]); k++) {
            adv[t++] = a;
          }
        }
      } else {
        adv = Require.nonNull("advantages", advantages);
      }
      return new PolicyGradientBatch(
          len,
          lp,
          oldLogProbs == null ? lp : oldLogProbs,
          samplerLogProbs,
          referenceLogProbs,
          adv,
          mask,
          values,
          oldValues,
          returns,
          entropies);
    }
  }
}
