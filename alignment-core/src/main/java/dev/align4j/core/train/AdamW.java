package dev.align4j.core.train;

import dev.align4j.core.check.Require;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019; Adam:
 * Kingma and Ba 2015), preceded by clipping of the global L2 norm of the gradient (Pascanu et al. 2013), for
 * parameters held in one or more {@code double[]} blocks.
 *
 * <p>One {@link #step(double[][], double[][], double)} with gradient g, rate η and t the new step number:
 *
 * <pre>
 *   n = ‖g‖₂ over all blocks;  if n &gt; maxGradNorm &gt; 0:  g ← g · maxGradNorm / (n + 1e-6)
 *   θ ← θ · (1 − η·λ)
 *   m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²
 *   θ ← θ − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
 * </pre>
 *
 * which is PyTorch's {@code torch.optim.AdamW} after {@code clip_grad_norm_}. The step is all-or-nothing: the global
 * norm is computed first and a non-finite gradient throws {@link IllegalStateException} before any parameter or
 * moment changes.
 *
 * <p>Two arrangements of this one formula, equal in exact arithmetic, round differently; both are kept so that every
 * recorded training trajectory stays bit for bit what it was:
 *
 * <ul>
 *   <li>{@link #step(double[][], double[][], double)} ({@code double} parameters, moments held here, used by the
 *       log-linear policy) computes m̂ and v̂ as written above (Algorithm 2 of Loshchilov and Hutter), with the decay
 *       folded into the same expression;
 *   <li>{@link FloatUpdate} ({@code float} parameters whose moments the caller keeps: the transformer and the reward
 *       trainer) uses PyTorch's arrangement: step size η/(1 − β₁ᵗ), denominator √v/√(1 − β₂ᵗ) + ε, coefficients
 *       rounded to {@code float} once per step.
 * </ul>
 *
 * <p>Where decay applies, and whether the gradient is clipped, is the caller's choice: the transformer decays only
 * weight matrices and embeddings and clips; the reward trainer decays every parameter and does not clip
 * ({@link FloatUpdate#of} with clip factor 1).
 *
 * <p>Defaults: β₁ = 0.9, β₂ = 0.999, ε = 1e-8 (the Adam paper and PyTorch), weight decay λ = 0 and
 * {@code maxGradNorm} = 1.0 (Hugging Face {@code TrainingArguments}, which TRL inherits). Not thread-safe: one
 * instance holds the moments of one parameter set.
 */
public final class AdamW {
  private static final int STATE_MAGIC = 0x41644d57; // "AdMW"

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final double maxGradNorm;
  private double @Nullable [][] m;
  private double @Nullable [][] v;
  private long steps;

  private AdamW(Builder b) {
    this.beta1 = b.beta1;
    this.beta2 = b.beta2;
    this.epsilon = b.epsilon;
    this.weightDecay = b.weightDecay;
    this.maxGradNorm = b.maxGradNorm;
  }

  /** A builder with the published defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A fresh optimiser (no moments, step 0) with the same hyper-parameters. */
  public AdamW freshCopy() {
    return builder().beta1(beta1).beta2(beta2).epsilon(epsilon).weightDecay(weightDecay).maxGradNorm(maxGradNorm)
        .build();
  }

  /**
   * Clips and applies one AdamW update in place.
   *
   * @param parameters the parameter blocks, updated in place
   * @param gradients the gradient blocks, same shapes; not modified
   * @param learningRate η, finite and {@code >= 0}
   * @return the global gradient norm before clipping
   * @throws IllegalArgumentException when the shapes differ from each other or from earlier steps
   * @throws IllegalStateException when a gradient is not finite; nothing is changed then
   */
  public double step(double[][] parameters, double[][] gradients, double learningRate) {
    Require.nonNegative("learningRate", learningRate);
    Require.sameLength("parameters", parameters.length, "gradients", gradients.length);
    for (int b = 0; b < parameters.length; b++) {
      Require.sameLength("parameters[" + b + "]", parameters[b].length, "gradients[" + b + "]", gradients[b].length);
    }
    double norm = GradientClipping.globalNorm(gradients);
    if (!Double.isFinite(norm)) {
      throw new IllegalStateException(
          "gradient is not finite (global norm " + norm + "); no parameter was changed");
    }
    ensureState(parameters);
    double clip = GradientClipping.factor(norm, maxGradNorm);
    long t = steps + 1;
    double bias1 = 1 - Math.pow(beta1, t);
    double bias2 = 1 - Math.pow(beta2, t);
    double decay = 1 - learningRate * weightDecay;
    double[][] ms = m;
    double[][] vs = v;
    for (int b = 0; b < parameters.length; b++) {
      double[] p = parameters[b];
      double[] g = gradients[b];
      double[] mb = ms[b];
      double[] vb = vs[b];
      for (int i = 0; i < p.length; i++) {
        double gi = g[i] * clip;
        mb[i] = beta1 * mb[i] + (1 - beta1) * gi;
        vb[i] = beta2 * vb[i] + (1 - beta2) * gi * gi;
        double mHat = mb[i] / bias1;
        double vHat = vb[i] / bias2;
        p[i] = p[i] * decay - learningRate * mHat / (Math.sqrt(vHat) + epsilon);
      }
    }
    steps = t;
    return norm;
  }

  private void ensureState(double[][] parameters) {
    double[][] ms = m;
    if (ms == null) {
      m = new double[parameters.length][];
      v = new double[parameters.length][];
      for (int b = 0; b < parameters.length; b++) {
        m[b] = new double[parameters[b].length];
        v[b] = new double[parameters[b].length];
      }
      return;
    }
    Require.argument(
        ms.length == parameters.length,
        "parameters must have %d blocks as in earlier steps, had %d", ms.length, parameters.length);
    for (int b = 0; b < parameters.length; b++) {
      Require.argument(
          ms[b].length == parameters[b].length,
          "parameters[%d] must have %d values as in earlier steps, had %d", b, ms[b].length, parameters[b].length);
    }
  }

  /** The number of updates applied. */
  public long stepCount() {
    return steps;
  }

  /** β₁, the first-moment decay. */
  public double beta1() {
    return beta1;
  }

  /** β₂, the second-moment decay. */
  public double beta2() {
    return beta2;
  }

  /** ε, added to the root of the second moment. */
  public double epsilon() {
    return epsilon;
  }

  /** λ, the decoupled weight decay. */
  public double weightDecay() {
    return weightDecay;
  }

  /** The global-norm clipping threshold; 0 disables clipping. */
  public double maxGradNorm() {
    return maxGradNorm;
  }

  /** Writes the step count and both moments. */
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(STATE_MAGIC);
    out.writeLong(steps);
    double[][] ms = m;
    double[][] vs = v;
    if (ms == null || vs == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(ms.length);
    for (int b = 0; b < ms.length; b++) {
      out.writeInt(ms[b].length);
      for (int i = 0; i < ms[b].length; i++) {
        out.writeDouble(ms[b][i]);
        out.writeDouble(vs[b][i]);
      }
    }
  }

  /**
   * Reads a state written by {@link #writeState(DataOutput)}; validates everything before replacing the current state.
   *
   * @throws IllegalArgumentException when the data is not an AdamW state or holds non-finite moments
   */
  public void readState(DataInput in) throws IOException {
    int magic = in.readInt();
    Require.argument(magic == STATE_MAGIC, "AdamW state must start with 0x%08x, was 0x%08x", STATE_MAGIC, magic);
    long s = in.readLong();
    Require.argument(s >= 0, "AdamW step count must be >= 0, was %d", s);
    int blocks = in.readInt();
    if (blocks < 0) {
      m = null;
      v = null;
      steps = s;
      return;
    }
    double[][] nm = new double[blocks][];
    double[][] nv = new double[blocks][];
    for (int b = 0; b < blocks; b++) {
      int n = in.readInt();
      Require.argument(n >= 0, "AdamW block %d length must be >= 0, was %d", b, n);
      nm[b] = new double[n];
      nv[b] = new double[n];
      for (int i = 0; i < n; i++) {
        nm[b][i] = in.readDouble();
        nv[b][i] = in.readDouble();
        Require.argument(
            Double.isFinite(nm[b][i]) && nv[b][i] >= 0 && Double.isFinite(nv[b][i]),
            "AdamW moments of block %d index %d must be finite (second moment >= 0), were %s and %s",
            b, i, nm[b][i], nv[b][i]);
      }
    }
    m = nm;
    v = nv;
    steps = s;
  }

  @Override
  public String toString() {
    return "AdamW[beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon + ", weightDecay=" + weightDecay
        + ", maxGradNorm=" + maxGradNorm + ", steps=" + steps + "]";
  }

  /**
   * The coefficients of AdamW step t for {@code float} parameters, gradients and moments that the caller keeps (in
   * flat arrays), in PyTorch's arrangement. With g the gradient times the clip factor:
   *
   * <pre>
   *   m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²
   *   θ ← θ·d − s·m / (√v / b + ε)     with s = η/(1 − β₁ᵗ), b = √(1 − β₂ᵗ), d = 1 − η·λ
   * </pre>
   *
   * <p>Every coefficient is computed in {@code double} and rounded to {@code float} once; the update is then float
   * arithmetic only, element by element (so splitting a parameter array into ranges does not change any result).
   *
   * @param beta1 β₁ as a float
   * @param beta2 β₂ as a float
   * @param epsilon ε as a float
   * @param stepSize s = η/(1 − β₁ᵗ)
   * @param bias2Sqrt b = √(1 − β₂ᵗ)
   * @param decay d = 1 − η·λ; 1 where no weight decay applies
   * @param clip the gradient clipping factor ({@link GradientClipping#factor}), 1 for none
   */
  public record FloatUpdate(
      float beta1, float beta2, float epsilon, float stepSize, float bias2Sqrt, float decay, float clip) {

    /**
     * The coefficients of step {@code step}.
     *
     * @param learningRate η, finite and {@code >= 0}
     * @param beta1 β₁ in [0, 1)
     * @param beta2 β₂ in [0, 1)
     * @param epsilon ε &gt; 0
     * @param weightDecay λ &gt;= 0
     * @param step t, the 1-based number of this update
     * @param clip the gradient clipping factor, in (0, 1]
     */
    public static FloatUpdate of(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
        long step, double clip) {
      Require.nonNegative("learningRate", learningRate);
      Require.argument(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), was %s", beta1);
      Require.argument(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), was %s", beta2);
      Require.positive("epsilon", epsilon);
      Require.nonNegative("weightDecay", weightDecay);
      Require.argument(step >= 1, "step must be >= 1, was %d", step);
      Require.argument(clip > 0 && clip <= 1, "clip must be in (0, 1], was %s", clip);
      return new FloatUpdate((float) beta1, (float) beta2, (float) epsilon,
          (float) (learningRate / (1 - Math.pow(beta1, step))), (float) Math.sqrt(1 - Math.pow(beta2, step)),
          (float) (1 - learningRate * weightDecay), (float) clip);
    }

    /** The same step for parameters that receive no weight decay (d = 1). */
    public FloatUpdate withoutDecay() {
      return new FloatUpdate(beta1, beta2, epsilon, stepSize, bias2Sqrt, 1f, clip);
    }

    /**
     * Updates {@code params[from, to)} and their moments in place from {@code grads[from, to)}.
     *
     * @throws IndexOutOfBoundsException when the range does not fit one of the arrays
     */
    public void apply(float[] params, float[] grads, float[] m, float[] v, int from, int to) {
      Objects.checkFromToIndex(from, to, params.length);
      Objects.checkFromToIndex(from, to, grads.length);
      Objects.checkFromToIndex(from, to, m.length);
      Objects.checkFromToIndex(from, to, v.length);
      float b1 = beta1;
      float b2 = beta2;
      float eps = epsilon;
      float s = stepSize;
      float b = bias2Sqrt;
      float d = decay;
      float c = clip;
      for (int i = from; i < to; i++) {
        float gi = grads[i] * c;
        float mi = b1 * m[i] + (1 - b1) * gi;
        float vi = b2 * v[i] + (1 - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        params[i] = params[i] * d - s * mi / ((float) Math.sqrt(vi) / b + eps);
      }
    }
  }

  /** Configures an {@link AdamW}; every setter validates its argument. */
  public static final class Builder {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private double weightDecay = 0.0;
    private double maxGradNorm = 1.0;

    private Builder() {}

    /** β₁ in [0, 1); default 0.9 (Kingma and Ba). */
    public Builder beta1(double beta1) {
      Require.argument(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), was %s", beta1);
      this.beta1 = beta1;
      return this;
    }

    /** β₂ in [0, 1); default 0.999 (Kingma and Ba). */
    public Builder beta2(double beta2) {
      Require.argument(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), was %s", beta2);
      this.beta2 = beta2;
      return this;
    }

    /** ε &gt; 0; default 1e-8 (Kingma and Ba). */
    public Builder epsilon(double epsilon) {
      this.epsilon = Require.positive("epsilon", epsilon);
      return this;
    }

    /** Decoupled weight decay λ ≥ 0; default 0 (Hugging Face {@code TrainingArguments.weight_decay}). */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = Require.nonNegative("weightDecay", weightDecay);
      return this;
    }

    /** Global-norm clipping threshold ≥ 0, 0 disables; default 1.0 ({@code TrainingArguments.max_grad_norm}). */
    public Builder maxGradNorm(double maxGradNorm) {
      this.maxGradNorm = Require.nonNegative("maxGradNorm", maxGradNorm);
      return this;
    }

    /** A new optimiser with no moments. */
    public AdamW build() {
      return new AdamW(this);
    }
  }
}
