package dev.align4j.rewards.model;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.rewards.feature.FeatureVector;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The shape of a reward head and its exact forward and backward passes over a flat {@code float[]} of parameters,
 * so that one trainer can fit any head with any optimiser. A closed set: a {@link Linear} head (the classic reward
 * model's last layer, {@code r = w·x + b}) and a small one-hidden-layer {@link Mlp}.
 *
 * <p>Dense inputs go through {@link Kernels#active()} (dot, AXPY and the {@code 1×D · D×H} product of the MLP);
 * sparse inputs touch only their non-zero rows.
 */
public sealed interface HeadArchitecture permits HeadArchitecture.Linear, HeadArchitecture.Mlp {

  /** The number of parameters for inputs of dimension {@code inputDimension}. */
  int parameterCount(int inputDimension);

  /** The size of the scratch array {@link #forward} and {@link #backward} need (0 for the linear head). */
  int workspaceSize();

  /** Writes initial parameters (zeros for the linear head; Glorot-normal weights for the MLP). */
  void initialize(float[] params, int inputDimension, RandomGenerator random);

  /** The score of {@code x}; fills {@code workspace} with what {@link #backward} needs. */
  double forward(float[] params, FeatureVector x, float[] workspace);

  /**
   * Adds {@code dScore · ∂score/∂params} to {@code grad}, using the workspace filled by the {@link #forward} call on
   * the same {@code x} and parameters.
   */
  void backward(float[] params, FeatureVector x, float[] workspace, double dScore, float[] grad);

  /** A short name, e.g. {@code "linear"} or {@code "mlp(32)"}. */
  String name();

  /** The linear head. */
  static HeadArchitecture linear() {
    return Linear.INSTANCE;
  }

  /** A tanh MLP head with one hidden layer of {@code hidden} units. */
  static HeadArchitecture mlp(int hidden) {
    return new Mlp(hidden);
  }

  /**
   * {@code r = w·x + b}; parameters {@code [w_0 … w_{D−1}, b]}, initialised to zero (the BT loss is convex in them,
   * so zero is as good a start as any and makes training deterministic without a seed).
   */
  record Linear() implements HeadArchitecture {
    /** The shared instance. */
    public static final Linear INSTANCE = new Linear();

    @Override
    public int parameterCount(int inputDimension) {
      return Math.addExact(inputDimension, 1);
    }

    @Override
    public int workspaceSize() {
      return 0;
    }

    @Override
    public void initialize(float[] params, int inputDimension, RandomGenerator random) {
      Arrays.fill(params, 0, parameterCount(inputDimension), 0f);
    }

    @Override
    public double forward(float[] params, FeatureVector x, float[] workspace) {
      return x.dot(params, 0) + params[x.dimension()];
    }

    @Override
    public void backward(float[] params, FeatureVector x, float[] workspace, double dScore, float[] grad) {
      x.addScaledTo((float) dScore, grad, 0);
      grad[x.dimension()] += (float) dScore;
    }

    @Override
    public String name() {
      return "linear";
    }
  }

  /**
   * {@code r = w₂·tanh(W₁ᵀx + b₁) + b₂} with {@code hidden} units. Parameter layout: {@code W₁} as D rows of
   * {@code hidden} weights (feature-major, so a sparse input reads only its rows), then {@code b₁}, {@code w₂},
   * {@code b₂}. tanh rather than ReLU keeps the loss smooth, which L-BFGS and gradient checks prefer.
   *
   * @param hidden the number of hidden units, in [1, 4096]
   */
  record Mlp(int hidden) implements HeadArchitecture {
    /** Validates the width. */
    public Mlp {
      Require.inClosedRange("hidden", hidden, 1, 4096);
    }

    @Override
    public int parameterCount(int inputDimension) {
      return Math.addExact(Math.multiplyExact(inputDimension + 2, hidden), 1);
    }

    @Override
    public int workspaceSize() {
      return hidden;
    }

    @Override
    public void initialize(float[] params, int inputDimension, RandomGenerator random) {
      int h = hidden;
      double s1 = Math.sqrt(2.0 / (inputDimension + h));
      for (int i = 0; i < inputDimension * h; i++) {
        params[i] = (float) (s1 * random.nextGaussian());
      }
      int b1 = inputDimension * h;
      Arrays.fill(params, b1, b1 + h, 0f);
      double s2 = Math.sqrt(2.0 / (h + 1));
      for (int j = 0; j < h; j++) {
        params[b1 + h + j] = (float) (s2 * random.nextGaussian());
      }
      params[b1 + 2 * h] = 0f;
    }

    @Override
    public double forward(float[] params, FeatureVector x, float[] workspace) {
      int d = x.dimension();
      int h = hidden;
      int b1 = d * h;
      System.arraycopy(params, b1, workspace, 0, h);
      Kernels k = Kernels.active();
      if (x.isSparse()) {
        for (int n = 0, m = x.storedCount(); n < m; n++) {
          k.axpy(x.valueAt(n), params, x.indexAt(n) * h, workspace, 0, h);
        }
      } else {
        float[] dense = x.toDense();
        k.matmul(dense, params, workspace, 1, d, h, true);
      }
      for (int j = 0; j < h; j++) {
        workspace[j] = (float) Math.tanh(workspace[j]);
      }
      return k.dot(params, b1 + h, workspace, 0, h) + params[b1 + 2 * h];
    }

    @Override
    public void backward(float[] params, FeatureVector x, float[] workspace, double dScore, float[] grad) {
      int d = x.dimension();
      int h = hidden;
      int b1 = d * h;
      float g = (float) dScore;
      float[] dz = new float[h];
      for (int j = 0; j < h; j++) {
        float a = workspace[j];
        grad[b1 + h + j] += g * a;
        dz[j] = g * params[b1 + h + j] * (1f - a * a);
        grad[b1 + j] += dz[j];
      }
      grad[b1 + 2 * h] += g;
      Kernels k = Kernels.active();
      for (int n = 0, m = x.storedCount(); n < m; n++) {
        float xv = x.valueAt(n);
        if (xv != 0f) {
          k.axpy(xv, dz, 0, grad, x.indexAt(n) * h, h);
        }
      }
    }

    @Override
    public String name() {
      return "mlp(" + hidden + ")";
    }
  }
}
