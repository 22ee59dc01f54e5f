package dev.align4j.core;

import dev.align4j.core.check.Require;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The per-token log-probabilities (natural log) of a completion under a policy: {@code log π(y_t | x, y_<t)} for
 * each completion token t. Their sum is the sequence log-probability that the objectives consume.
 *
 * <p>Immutable: the array is copied in and out.
 */
public final class TokenLogProbs {
  private final double[] values;

  /**
   * @param values one finite log-probability ({@code <= 0}) per completion token
   */
  public TokenLogProbs(double[] values) {
    this.values = Require.logProbabilities("values", Require.nonNull("values", values).clone());
  }

  /** A copy of the per-token values. */
  public double[] values() {
    return values.clone();
  }

  /** The value for token {@code t}. */
  public double get(int t) {
    return values[t];
  }

  /** The number of completion tokens. */
  public int length() {
    return values.length;
  }

  /** The sequence log-probability {@code Σ_t log π(y_t | …)}. */
  public double sum() {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }

  /** The mean per-token log-probability (the length-normalised score of SimPO, IPO and ORPO); NaN when empty. */
  public double mean() {
    return values.length == 0 ? Double.NaN : sum() / values.length;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TokenLogProbs && Arrays.equals(values, ((TokenLogProbs) o).values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "TokenLogProbs[" + values.length + " tokens, sum=" + sum() + "]";
  }
}
