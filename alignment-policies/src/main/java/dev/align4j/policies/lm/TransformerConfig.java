package dev.align4j.policies.lm;

import dev.align4j.core.check.Require;

/**
 * The shape and optimiser settings of a {@link TransformerLanguageModel}. Build with {@link #builder()}; the defaults
 * are the configuration the benchmarks use (width 128, 2 layers, 4 heads, context 64) with published defaults for the
 * rest, each named at its builder method.
 *
 * @param contextLength the most tokens (prompt, separator and completion) the model sees at once
 * @param width the model width d (embedding size), a multiple of {@code heads}
 * @param layers the number of transformer blocks
 * @param heads attention heads per block
 * @param ffnWidth the hidden width of the feed-forward layer
 * @param positions learned or rotary positions
 * @param ropeBase the base of the rotary angles (ignored for learned positions)
 * @param valueHead whether the model has a scalar value head (for PPO)
 * @param layerNormEpsilon the epsilon of every layer norm
 * @param initStd the standard deviation of the normal weight initialisation
 * @param beta1 AdamW first-moment decay
 * @param beta2 AdamW second-moment decay
 * @param adamEpsilon AdamW denominator epsilon
 * @param weightDecay AdamW decoupled weight decay, applied to weight matrices and embeddings (not to layer-norm gains
 *     and biases or the value-head bias)
 * @param maxGradNorm the global L2 norm gradients are clipped to before each step; {@code +∞} disables clipping
 * @param gradientShards the most shards a batch backward pass is split into: the cap on its parallelism and on its
 *     extra memory ({@code (gradientShards − 1) × parameterCount} floats); it fixes the order in which the examples'
 *     gradients are summed, so it is part of a run's bits and is saved in checkpoints
 */
public record TransformerConfig(
    int contextLength,
    int width,
    int layers,
    int heads,
    int ffnWidth,
    PositionEncoding positions,
    double ropeBase,
    boolean valueHead,
    double layerNormEpsilon,
    double initStd,
    double beta1,
    double beta2,
    double adamEpsilon,
    double weightDecay,
    double maxGradNorm,
    int gradientShards) {

  /** Validates every field. */
  public TransformerConfig {
    Require.inClosedRange("contextLength", contextLength, 2, 1 << 16);
    Require.positive("width", width);
    Require.positive("layers", layers);
    Require.positive("heads", heads);
    Require.nonNull("positions", positions);
    Require.argument(
        width % heads == 0, "width must be a multiple of heads = %s, was %s", heads, width);
    Require.argument(
        positions != PositionEncoding.ROTARY || (width / heads) % 2 == 0,
        "width / heads must be even for rotary positions, was %s",
        width / heads);
    Require.positive("ffnWidth", ffnWidth);
    Require.positive("ropeBase", ropeBase);
    Require.positive("layerNormEpsilon", layerNormEpsilon);
    Require.positive("initStd", initStd);
    Require.argument(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), was %s", beta1);
    Require.argument(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), was %s", beta2);
    Require.positive("adamEpsilon", adamEpsilon);
    Require.nonNegative("weightDecay", weightDecay);
    Require.argument(
        maxGradNorm > 0, "maxGradNorm must be > 0 (or +Infinity to disable), was %s", maxGradNorm);
    Require.inClosedRange("gradientShards", gradientShards, 1, MAX_GRADIENT_SHARDS);
  }

  /** The largest {@link #gradientShards()} accepted. */
  public static final int MAX_GRADIENT_SHARDS = 1024;

  /** The default {@link #gradientShards()}. */
  public static final int DEFAULT_GRADIENT_SHARDS = 4;

  /** The width of one attention head, {@code width / heads}. */
  public int headWidth() {
    return width / heads;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.contextLength = contextLength;
    b.width = width;
    b.layers = layers;
    b.heads = heads;
    b.ffnWidth = ffnWidth;
    b.positions = positions;
    b.ropeBase = ropeBase;
    b.valueHead = valueHead;
    b.layerNormEpsilon = layerNormEpsilon;
    b.initStd = initStd;
    b.beta1 = beta1;
    b.beta2 = beta2;
    b.adamEpsilon = adamEpsilon;
    b.weightDecay = weightDecay;
    b.maxGradNorm = maxGradNorm;
    b.gradientShards = gradientShards;
    return b;
  }

  /** Builds a {@link TransformerConfig}; every setter documents its default and where the default comes from. */
  public static final class Builder {
    private int contextLength = 64;
    private int width = 128;
    private int layers = 2;
    private int heads = 4;
    private int ffnWidth = -1;
    private PositionEncoding positions = PositionEncoding.LEARNED;
    private double ropeBase = 10_000;
    private boolean valueHead = false;
    private double layerNormEpsilon = 1e-5;
    private double initStd = 0.02;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double adamEpsilon = 1e-8;
    private double weightDecay = 0.01;
    private double maxGradNorm = 1.0;
    private int gradientShards = DEFAULT_GRADIENT_SHARDS;

    private Builder() {}

    /** Context length in tokens; default 64 (the benchmark configuration). */
    public Builder contextLength(int v) {
      contextLength = v;
      return this;
    }

    /** Model width; default 128. */
    public Builder width(int v) {
      width = v;
      return this;
    }

    /** Number of blocks; default 2. */
    public Builder layers(int v) {
      layers = v;
      return this;
    }

    /** Attention heads; default 4. */
    public Builder heads(int v) {
      heads = v;
      return this;
    }

    /** Feed-forward hidden width; default 4 × width (GPT-2, "Attention Is All You Need"). */
    public Builder ffnWidth(int v) {
      ffnWidth = v;
      return this;
    }

    /** Position encoding; default learned (GPT-2). */
    public Builder positions(PositionEncoding v) {
      positions = v;
      return this;
    }

    /** Rotary base; default 10000 (RoFormer, LLaMA). */
    public Builder ropeBase(double v) {
      ropeBase = v;
      return this;
    }

    /** Value head for PPO; default off. */
    public Builder valueHead(boolean v) {
      valueHead = v;
      return this;
    }

    /** Layer-norm epsilon; default 1e-5 (GPT-2 and PyTorch {@code nn.LayerNorm}). */
    public Builder layerNormEpsilon(double v) {
      layerNormEpsilon = v;
      return this;
    }

    /** Initialisation standard deviation; default 0.02 (GPT-2), residual projections scaled by 1/√(2·layers). */
    public Builder initStd(double v) {
      initStd = v;
      return this;
    }

    /** AdamW β1; default 0.9 (PyTorch {@code torch.optim.AdamW}). */
    public Builder beta1(double v) {
      beta1 = v;
      return this;
    }

    /** AdamW β2; default 0.999 (PyTorch {@code torch.optim.AdamW}). */
    public Builder beta2(double v) {
      beta2 = v;
      return this;
    }

    /** AdamW ε; default 1e-8 (PyTorch {@code torch.optim.AdamW}). */
    public Builder adamEpsilon(double v) {
      adamEpsilon = v;
      return this;
    }

    /** AdamW weight decay; default 0.01 (PyTorch {@code torch.optim.AdamW}). */
    public Builder weightDecay(double v) {
      weightDecay = v;
      return this;
    }

    /** Gradient clipping norm; default 1.0 (Hugging Face {@code TrainingArguments.max_grad_norm}). */
    public Builder maxGradNorm(double v) {
      maxGradNorm = v;
      return this;
    }

    /**
     * The most shards a batch backward pass is split into; default 4 (this project's choice: on 2 to 4 threads the
     * shards keep the threads busy, and the extra memory stays at 3 gradient-sized buffers). Raise it to use more
     * threads in the backward pass; it changes the summation order, so the last bits of a run.
     */
    public Builder gradientShards(int v) {
      gradientShards = v;
      return this;
    }

    /** Validates and builds. */
    public TransformerConfig build() {
      return new TransformerConfig(
          contextLength,
          width,
          layers,
          heads,
          ffnWidth < 0 ? 4 * width : ffnWidth,
          positions,
          ropeBase,
          valueHead,
          layerNormEpsilon,
          initStd,
          beta1,
          beta2,
          adamEpsilon,
          weightDecay,
          maxGradNorm,
          gradientShards);
    }
  }
}
