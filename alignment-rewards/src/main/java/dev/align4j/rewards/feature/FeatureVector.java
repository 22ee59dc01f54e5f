package dev.align4j.rewards.feature;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.kernel.Kernels;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An immutable feature vector of a fixed dimension, stored either densely ({@code float[dimension]}) or sparsely
 * (strictly increasing indices with their non-zero values). Every value is finite: construction refuses NaN and
 * infinities with a message naming the first bad component.
 *
 * <p>Dense dot products and AXPY go through {@link Kernels#active()} (Vector API when available); sparse ones are
 * gather loops over the non-zeros.
 */
public final class FeatureVector {
  private final int dimension;
  private final int @Nullable [] indices;
  private final float[] values;

  private FeatureVector(int dimension, int @Nullable [] indices, float[] values) {
    this.dimension = dimension;
    this.indices = indices;
    this.values = values;
  }

  /** A dense vector; the array is copied. */
  public static FeatureVector dense(float[] values) {
    Require.nonNull("values", values);
    Require.positive("values.length", values.length);
    float[] copy = values.clone();
    for (int i = 0; i < copy.length; i++) {
      if (!Float.isFinite(copy[i])) {
        throw new IllegalArgumentException("features[" + i + "] must be finite, was " + copy[i]);
      }
    }
    return new FeatureVector(copy.length, null, copy);
  }

  /** A dense vector from doubles (converted to float; values beyond the float range are refused, not clamped). */
  public static FeatureVector dense(double[] values) {
    Require.nonNull("values", values);
    float[] f = new float[values.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) values[i];
      if (!Float.isFinite(f[i])) {
        throw new IllegalArgumentException("features[" + i + "] must be finite (as a float), was " + values[i]);
      }
    }
    return dense(f);
  }

  /**
   * A sparse vector; arrays are copied.
   *
   * @param dimension the full dimension, {@code > 0}
   * @param indices strictly increasing indices in {@code [0, dimension)}
   * @param values the values at those indices, finite
   */
  public static FeatureVector sparse(int dimension, int[] indices, float[] values) {
    Require.positive("dimension", dimension);
    Require.nonNull("indices", indices);
    Require.nonNull("values", values);
    Require.sameLength("indices", indices.length, "values", values.length);
    int[] idx = indices.clone();
    float[] val = values.clone();
    int prev = -1;
    for (int k = 0; k < idx.length; k++) {
      Require.argument(idx[k] > prev && idx[k] < dimension,
          "indices[%d] must be strictly increasing and in [0, %d), was %d (previous %d)", k, dimension, idx[k], prev);
      prev = idx[k];
      if (!Float.isFinite(val[k])) {
        throw new IllegalArgumentException("features[" + idx[k] + "] must be finite, was " + val[k]);
      }
    }
    return new FeatureVector(dimension, idx, val);
  }

  /** Wraps trusted arrays without copying or checking (for featurizers in this package). */
  static FeatureVector sparseTrusted(int dimension, int[] indices, float[] values) {
    return new FeatureVector(dimension, indices, values);
  }

  /** The dimension. */
  public int dimension() {
    return dimension;
  }

  /** Whether the vector is stored sparsely. */
  public boolean isSparse() {
    return indices != null;
  }

  /** The number of stored components (the dimension when dense). */
  public int storedCount() {
    return values.length;
  }

  /** The index of stored component {@code k} ({@code k} itself when dense). */
  public int indexAt(int k) {
    return indices == null ? k : indices[k];
  }

  /** The value of stored component {@code k}. */
  public float valueAt(int k) {
    return values[k];
  }

  /** Component {@code i} of the vector. */
  public float get(int i) {
    Require.inClosedRange("i", i, 0, dimension - 1);
    if (indices == null) {
      return values[i];
    }
    int k = Arrays.binarySearch(indices, i);
    return k >= 0 ? values[k] : 0f;
  }

  /** {@code Σ_i x_i · w[offset + i]}. */
  public double dot(float[] w, int offset) {
    if (indices == null) {
      return Kernels.active().dot(values, 0, w, offset, dimension);
    }
    double s = 0;
    for (int k = 0; k < indices.length; k++) {
      s += values[k] * w[offset + indices[k]];
    }
    return s;
  }

  /** {@code target[offset + i] += alpha · x_i} for every i. */
  public void addScaledTo(float alpha, float[] target, int offset) {
    if (indices == null) {
      Kernels.active().axpy(alpha, values, 0, target, offset, dimension);
      return;
    }
    for (int k = 0; k < indices.length; k++) {
      target[offset + indices[k]] += alpha * values[k];
    }
  }

  /** A dense copy. */
  public float[] toDense() {
    if (indices == null) {
      return values.clone();
    }
    float[] out = new float[dimension];
    for (int k = 0; k < indices.length; k++) {
      out[indices[k]] = values[k];
    }
    return out;
  }

  /** The squared Euclidean norm. */
  public double squaredNorm() {
    double s = 0;
    for (float v : values) {
      s += (double) v * v;
    }
    return s;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof FeatureVector && Arrays.equals(toDense(), ((FeatureVector) o).toDense());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(toDense());
  }

  @Override
  public String toString() {
    return "FeatureVector[dimension=" + dimension + (indices == null ? ", dense" : ", nnz=" + indices.length) + "]";
  }
}
