package dev.align4j.core;

import dev.align4j.core.check.Require;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The k most likely next tokens and their log-probabilities (natural log) at each completion position: the truncated
 * form of {@link TokenDistributions} that a remote model returns ({@code top_logprobs} of an OpenAI-compatible
 * endpoint). The mass outside the k tokens, {@code 1 − Σ_j exp(logProb(t, j))}, is the position's tail.
 *
 * <p>Immutable: the arrays are copied in and out.
 */
public final class TopKLogProbs {
  /** How far above 1 a position's listed mass may be (rounding in the endpoint's arithmetic). */
  static final double MASS_TOLERANCE = 1e-6;

  private final int[] tokens;
  private final double[] logProbs;
  private final int k;

  /**
   * @param tokens {@code length × k} token ids, row-major, distinct within a row, non-negative
   * @param logProbs {@code length × k} log-probabilities ({@code <= 0} or {@code -∞}) of those tokens; a row's mass
   *     must not exceed 1 (within 1e-6)
   * @param k the number of tokens per position, positive
   * @throws IllegalArgumentException naming the first entry that does not fit
   */
  public TopKLogProbs(int[] tokens, double[] logProbs, int k) {
    Require.nonNull("tokens", tokens);
    Require.nonNull("logProbs", logProbs);
    Require.positive("k", k);
    Require.sameLength("tokens", tokens.length, "logProbs", logProbs.length);
    Require.argument(
        tokens.length % k == 0,
        "tokens.length must be a multiple of k %s, was %s",
        k,
        tokens.length);
    this.tokens = tokens.clone();
    this.logProbs = logProbs.clone();
    this.k = k;
    int length = tokens.length / k;
    for (int t = 0; t < length; t++) {
      double mass = 0;
      for (int j = 0; j < k; j++) {
        int i = t * k + j;
        if (this.tokens[i] < 0) {
          throw new IllegalArgumentException(
              "tokens[" + t + "][" + j + "] must be >= 0, was " + this.tokens[i]);
        }
        for (int j2 = 0; j2 < j; j2++) {
          if (this.tokens[t * k + j2] == this.tokens[i]) {
            throw new IllegalArgumentException(
                "tokens of position "
                    + t
                    + " must be distinct, token "
                    + this.tokens[i]
                    + " appears twice");
          }
        }
        double x = this.logProbs[i];
        if (Double.isNaN(x) || x > 0 || x == Double.POSITIVE_INFINITY) {
          throw new IllegalArgumentException(
              "logProbs["
                  + t
                  + "]["
                  + j
                  + "] must be a log-probability (<= 0 or -Infinity), was "
                  + x);
        }
        mass += Math.exp(x);
      }
      if (mass > 1 + MASS_TOLERANCE) {
        throw new IllegalArgumentException(
            "the listed probabilities of position "
                + t
                + " must sum to at most 1, summed to "
                + mass);
      }
    }
  }

  /** The number of completion positions. */
  public int length() {
    return tokens.length / k;
  }

  /** The number of tokens listed per position. */
  public int k() {
    return k;
  }

  /** The j-th most likely token id at position t. */
  public int token(int t, int j) {
    return tokens[index(t, j)];
  }

  /** The log-probability of {@link #token(int, int)}. */
  public double logProb(int t, int j) {
    return logProbs[index(t, j)];
  }

  /** A copy of the token ids, row-major. */
  public int[] tokens() {
    return tokens.clone();
  }

  /** A copy of the log-probabilities, row-major. */
  public double[] logProbs() {
    return logProbs.clone();
  }

  private int index(int t, int j) {
    Objects.checkIndex(t, length());
    Objects.checkIndex(j, k);
    return t * k + j;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TopKLogProbs other
        && k == other.k
        && Arrays.equals(tokens, other.tokens)
        && Arrays.equals(logProbs, other.logProbs);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(tokens) + Arrays.hashCode(logProbs);
  }

  @Override
  public String toString() {
    return "TopKLogProbs[" + length() + " positions, k=" + k + "]";
  }
}
