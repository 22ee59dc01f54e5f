package dev.align4j.policies.lm;

import org.jspecify.annotations.Nullable;

/**
 * The upstream gradients of one sequence's backward pass, read where the caller keeps them: the token gradients are
 * either one constant ({@code ∂loss/∂log π(y|x)}, applied to every token) or the slice
 * {@code tokens[tokenOffset .. tokenOffset + n)} of a larger array; the value gradients, when present, are the slice
 * {@code values[valueOffset .. valueOffset + n)}. Nothing is copied or expanded; the caller validates ranges and
 * finiteness before building one.
 *
 * @param tokens the array holding the token gradients, or null when every token's gradient is {@code uniform}
 * @param tokenOffset where this sequence's token gradients start in {@code tokens}
 * @param uniform every token's gradient when {@code tokens} is null
 * @param values the array holding the value gradients, or null for no value loss
 * @param valueOffset where this sequence's value gradients start in {@code values}
 * @param distribution the gradients with respect to the per-position log-distributions, row-major
 *     ({@code n × vocab}, from index 0), or null when the loss does not depend on them
 */
record Upstream(
    double @Nullable [] tokens,
    int tokenOffset,
    double uniform,
    double @Nullable [] values,
    int valueOffset,
    double @Nullable [] distribution) {

  /** Every token's gradient is {@code g}; no value loss. */
  static Upstream uniform(double g) {
    return new Upstream(null, 0, g, null, 0, null);
  }

  /** Token gradients from {@code tokens[offset ..]}; value gradients, if any, from {@code values[offset ..]}. */
  static Upstream slice(double[] tokens, double @Nullable [] values, int offset) {
    return new Upstream(tokens, offset, 0.0, values, offset, null);
  }

  /** Token gradients from {@code tokens[0 ..]} (none when null) and per-position distribution gradients. */
  static Upstream withDistribution(double @Nullable [] tokens, double[] distribution) {
    return new Upstream(tokens, 0, 0.0, null, 0, distribution);
  }

  /** The gradient of completion token {@code c}. */
  double token(int c) {
    double[] t = tokens;
    return t == null ? uniform : t[tokenOffset + c];
  }

  /** Whether there are value gradients. */
  boolean hasValues() {
    return values != null;
  }

  /** The value gradient of completion token {@code c}; only when {@link #hasValues()}. */
  double value(int c) {
    double[] v = values;
    return v == null ? 0.0 : v[valueOffset + c];
  }

  @Override
  public String toString() {
    return "Upstream["
        + (tokens == null ? "uniform" : "slice at " + tokenOffset)
        + (values == null ? "" : ", values at " + valueOffset)
        + (distribution == null ? "" : ", distributions")
        + "]";
  }
}
