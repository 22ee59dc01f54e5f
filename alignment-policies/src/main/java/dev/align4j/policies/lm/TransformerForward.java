package dev.align4j.policies.lm;

import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.ValueHeadPolicy;
import dev.align4j.core.check.Require;
import org.jspecify.annotations.Nullable;

/**
 * The forward pass of a {@link TransformerLanguageModel} over one (prompt, completion) pair: the per-token
 * log-probabilities, the per-token value estimates when the model has a value head, and the backward pass.
 *
 * <p>It holds a pooled activation workspace until {@link #backward} or {@link #release()} is called; a forward that is
 * simply dropped is garbage-collected with its workspace (correct, but it defeats the pooling).
 */
public final class TransformerForward implements ValueHeadPolicy.ValueForward {
  private final TransformerLanguageModel model;
  private final TokenLogProbs logProbs;
  private final double @Nullable [] values;
  private @Nullable Workspace workspace;

  TransformerForward(TransformerLanguageModel model, Workspace workspace, TokenLogProbs logProbs,
      double @Nullable [] values) {
    this.model = model;
    this.workspace = workspace;
    this.logProbs = logProbs;
    this.values = values;
  }

  @Override
  public TokenLogProbs logProbs() {
    return logProbs;
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
      throw new IllegalStateException("this model has no value head; build it with TransformerConfig.valueHead(true)");
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
    Require.sameLength("dLossDTokenLogProbs", dLossDTokenLogProbs.length, "completion tokens", length());
    Require.allFinite("dLossDTokenLogProbs", dLossDTokenLogProbs);
    if (dLossDValues != null) {
      if (values == null) {
        throw new IllegalStateException("value gradients given, but this model has no value head");
      }
      Require.sameLength("dLossDValues", dLossDValues.length, "completion tokens", length());
      Require.allFinite("dLossDValues", dLossDValues);
    }
    Workspace ws;
    synchronized (this) {
      ws = workspace;
      workspace = null;
    }
    if (ws == null) {
      throw new IllegalStateException("backward may be called once per forward, and not after release()");
    }
    try {
      model.accumulateGradients(ws, dLossDTokenLogProbs, dLossDValues);
    } finally {
      model.releaseWorkspace(ws);
    }
  }

  /** Returns the activation workspace to the model's pool without a backward pass. Idempotent. */
  public void release() {
    Workspace ws;
    synchronized (this) {
      ws = workspace;
      workspace = null;
    }
    if (ws != null) {
      model.releaseWorkspace(ws);
    }
  }

  @Override
  public String toString() {
    return "TransformerForward[" + length() + " tokens, logp=" + logProbs.sum() + "]";
  }
}
