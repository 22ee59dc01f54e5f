package dev.align4j.policies.lm;

import dev.align4j.core.DistributionForward;
import dev.align4j.core.TokenDistributions;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.ValueHeadPolicy;
import dev.align4j.core.check.Require;
import org.jspecify.annotations.Nullable;

/**
 * The forward pass of a {@link TransformerLanguageModel} over one (prompt, completion) pair: the per-token
 * log-probabilities, the per-position next-token distributions ({@link #distributions()}), the per-token value
 * estimates when the model has a value head, and the backward pass (also of losses of the distributions,
 * {@link #backwardWithDistributions}).
 *
 * <p>It holds a pooled activation workspace until {@link #backward} or {@link #release()} is called; a forward that is
 * simply dropped is garbage-collected with its workspace (correct, but it defeats the pooling).
 *
 * <p>Every backward form reads the upstream gradients where the caller keeps them: {@link #backwardUniform(double)}
 * as a constant, {@link #backward(double[], int)} and {@link #backward(double[], double[], int)} as slices of larger
 * arrays (the layout of {@link dev.align4j.core.TokenGradients.PerToken}); none builds a per-sequence array. Ranges and
 * finiteness are checked before anything is accumulated. Called on its own, a backward pass is summed into the model's
 * gradient as described in the model's "Threads" paragraph; {@link TransformerLanguageModel#backwardBatch} sums a
 * batch in a fixed order.
 */
public final class TransformerForward implements ValueHeadPolicy.ValueForward, DistributionForward {
  private final TransformerLanguageModel model;
  private final TokenLogProbs logProbs;
  private final double @Nullable [] values;
  private final double[] entropies;
  private @Nullable Workspace workspace;
  private @Nullable TokenDistributions distributions;

  TransformerForward(
      TransformerLanguageModel model,
      Workspace workspace,
      TokenLogProbs logProbs,
      double @Nullable [] values,
      double[] entropies) {
    this.model = model;
    this.workspace = workspace;
    this.logProbs = logProbs;
    this.values = values;
    this.entropies = entropies;
  }

  @Override
  public TokenLogProbs logProbs() {
    return logProbs;
  }

  /**
   * The exact entropy of the next-token distribution at each completion position, in nats,
   * {@code H_t = −Σ_v π(v | x, y_<t) log π(v | x, y_<t)}, one value per completion token: computed by the forward
   * pass from its whole output row ({@code log Σ_j e^{z_j − max} − Σ_j p_j (z_j − max)} for logits z), so it is
   * available before and after the backward pass. The training-health metrics report it as the policy's
   * {@code entropy}.
   */
  @Override
  public double[] tokenEntropies() {
    return entropies.clone();
  }

  /** The number of completion tokens (the length of {@link #logProbs()} and of {@link #values()}). */
  public int length() {
    return logProbs.length();
  }

  /** Whether the model has a value head, so that {@link #values()} is available. */
  public boolean hasValues() {
    return values != null;
  }

  /**
   * The value-head estimates V(s_t), one per completion token, read at the same positions as the token's logits (the
   * state before the token is generated).
   *
   * @throws IllegalStateException when the model was built without a value head
   */
  @Override
  public double[] values() {
    if (values == null) {
      throw new IllegalStateException(
          "this model has no value head; build it with TransformerConfig.valueHead(true)");
    }
    return values.clone();
  }

  @Override
  public void backward(double[] dLossDTokenLogProbs) {
    backward(dLossDTokenLogProbs, null);
  }

  /**
   * Accumulates the parameter gradients of a loss whose derivatives are {@code dLossDTokenLogProbs[t]} with respect to
   * the token log-probabilities and {@code dLossDValues[t]} with respect to the values (null: no value loss).
   *
   * @throws IllegalArgumentException when an array has the wrong length or a non-finite element
   * @throws IllegalStateException when called twice, after {@link #release()}, or with value gradients on a model
   *     without a value head
   */
  @Override
  public void backward(double[] dLossDTokenLogProbs, double @Nullable [] dLossDValues) {
    Require.nonNull("dLossDTokenLogProbs", dLossDTokenLogProbs);
    Require.sameLength(
        "dLossDTokenLogProbs", dLossDTokenLogProbs.length, "completion tokens", length());
    Require.allFinite("dLossDTokenLogProbs", dLossDTokenLogProbs);
    if (dLossDValues != null) {
      requireValueHead();
      Require.sameLength("dLossDValues", dLossDValues.length, "completion tokens", length());
      Require.allFinite("dLossDValues", dLossDValues);
    }
    run(Upstream.slice(dLossDTokenLogProbs, dLossDValues, 0));
  }

  /**
   * Like {@link #backward(double[])} with every token's gradient {@code dLossDSequenceLogProb}, read as a constant
   * (no array is filled).
   *
   * @throws IllegalArgumentException when the value is not finite
   * @throws IllegalStateException when called twice or after {@link #release()}
   */
  @Override
  public void backwardUniform(double dLossDSequenceLogProb) {
    Require.finite("dLossDSequenceLogProb", dLossDSequenceLogProb);
    run(Upstream.uniform(dLossDSequenceLogProb));
  }

  /**
   * Like {@link #backward(double[])} with the token gradients read in place from
   * {@code tokenGradients[offset .. offset + length())} (nothing is copied).
   *
   * @throws IllegalArgumentException when the range does not fit in the array or holds a non-finite value
   * @throws IllegalStateException when called twice or after {@link #release()}
   */
  @Override
  public void backward(double[] tokenGradients, int offset) {
    Require.finiteSlice("tokenGradients", tokenGradients, offset, length());
    run(Upstream.slice(tokenGradients, null, offset));
  }

  /**
   * Like {@link #backward(double[], double[])} with both gradients read in place from
   * {@code [offset .. offset + length())} of their arrays (nothing is copied).
   *
   * @throws IllegalArgumentException when the arrays differ in length, or the range does not fit or holds a
   *     non-finite value
   * @throws IllegalStateException when called twice, after {@link #release()}, or on a model without a value head
   */
  @Override
  public void backward(double[] dLossDTokenLogProbs, double[] dLossDValues, int offset) {
    Require.nonNull("dLossDTokenLogProbs", dLossDTokenLogProbs);
    Require.nonNull("dLossDValues", dLossDValues);
    Require.sameLength(
        "dLossDTokenLogProbs", dLossDTokenLogProbs.length, "dLossDValues", dLossDValues.length);
    requireValueHead();
    Require.finiteSlice("dLossDTokenLogProbs", dLossDTokenLogProbs, offset, length());
    Require.finiteSlice("dLossDValues", dLossDValues, offset, length());
    run(Upstream.slice(dLossDTokenLogProbs, dLossDValues, offset));
  }

  /**
   * The next-token log-distributions at every completion position, computed in double from the float logits the
   * forward pass kept ({@code ℓ_v = z_v − log Σ_j exp(z_j)}); computed on the first call and kept, so it must first
   * be called before the backward pass or {@link #release()} returns the activations.
   *
   * @throws IllegalStateException when first called after the backward pass or {@link #release()}
   */
  @Override
  public synchronized TokenDistributions distributions() {
    TokenDistributions d = distributions;
    if (d != null) {
      return d;
    }
    Workspace ws = workspace;
    if (ws == null) {
      throw new IllegalStateException(
          "distributions() must first be called before backward or release(), which return the activations");
    }
    d = ws.completionDistributions(model.vocabularySize());
    distributions = d;
    return d;
  }

  /**
   * Accumulates the parameter gradients of a loss of the token log-probabilities ({@code dLossDTokenLogProbs}, may be
   * null) and of the per-position log-distributions ({@code dLossDLogDistributions}, row-major {@code T × V}); the
   * log-softmax Jacobian is applied in the backward pass ({@code ∂loss/∂z_j = G_j − p_j·Σ_v G_v}).
   *
   * @throws IllegalArgumentException when an array has the wrong length or a non-finite element
   * @throws IllegalStateException when called twice or after {@link #release()}
   */
  @Override
  public void backwardWithDistributions(
      double @Nullable [] dLossDTokenLogProbs, double[] dLossDLogDistributions) {
    if (dLossDTokenLogProbs != null) {
      Require.sameLength(
          "dLossDTokenLogProbs", dLossDTokenLogProbs.length, "completion tokens", length());
      Require.allFinite("dLossDTokenLogProbs", dLossDTokenLogProbs);
    }
    Require.nonNull("dLossDLogDistributions", dLossDLogDistributions);
    Require.sameLength(
        "dLossDLogDistributions",
        dLossDLogDistributions.length,
        "completion tokens × vocabulary size",
        length() * model.vocabularySize());
    Require.allFinite("dLossDLogDistributions", dLossDLogDistributions);
    run(Upstream.withDistribution(dLossDTokenLogProbs, dLossDLogDistributions));
  }

  void requireValueHead() {
    if (values == null) {
      throw new IllegalStateException("value gradients given, but this model has no value head");
    }
  }

  /** The model this forward pass belongs to. */
  TransformerLanguageModel model() {
    return model;
  }

  /**
   * Takes the workspace for a backward pass: the caller then owns it (and must release it to the model's pool, or give
   * it back with {@link #restore}).
   *
   * @return the workspace, or null when a backward pass already took it or the forward was released
   */
  synchronized @Nullable Workspace claim() {
    Workspace ws = workspace;
    workspace = null;
    return ws;
  }

  /** Gives back a workspace taken by {@link #claim()} without a backward pass (a refused batch). */
  synchronized void restore(Workspace ws) {
    workspace = ws;
  }

  private void run(Upstream up) {
    Workspace ws = claim();
    if (ws == null) {
      throw new IllegalStateException(
          "backward may be called once per forward, and not after release()");
    }
    try {
      model.accumulateGradients(ws, up);
    } finally {
      model.releaseWorkspace(ws);
    }
  }

  /** Returns the activation workspace to the model's pool without a backward pass. Idempotent. */
  public void release() {
    Workspace ws = claim();
    if (ws != null) {
      model.releaseWorkspace(ws);
    }
  }

  @Override
  public String toString() {
    return "TransformerForward[" + length() + " tokens, logp=" + logProbs.sum() + "]";
  }
}
