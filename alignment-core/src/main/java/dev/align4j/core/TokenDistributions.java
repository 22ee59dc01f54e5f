package dev.align4j.core;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * The per-position next-token distributions of a completion under a policy: for each completion token t the whole
 * vector {@code log π(v | x, y_<t)} over the vocabulary v (natural log). Row t is the distribution the policy drew
 * completion token t from; {@link TokenLogProbs} holds only the entry of the token actually produced. Distillation
 * (GKD's generalised Jensen–Shannon divergence), TDPO's sequential KL and WPO's weights need the whole row.
 *
 * <p>Immutable: the array is copied in, and rows are copied out. Memory is {@code length × vocabularySize} doubles.
 */
public final class TokenDistributions {
  /** How far from 0 a row's log-sum-exp may be (the rows come from float logits normalised in double). */
  static final double NORMALISATION_TOLERANCE = 1e-6;

  private final double[] logProbs;
  private final int vocabularySize;
  private final int length;

  /**
   * @param logProbs {@code length × vocabularySize} log-probabilities, row-major (row t = position t); each entry
   *     {@code <= 0} or {@code -∞}, each row normalised ({@code |logsumexp(row)| <= 1e-6})
   * @param vocabularySize the number of tokens in the vocabulary, positive
   * @throws IllegalArgumentException naming the first row or entry that is not a log-distribution
   */
  public TokenDistributions(double[] logProbs, int vocabularySize) {
    Require.nonNull("logProbs", logProbs);
    Require.positive("vocabularySize", vocabularySize);
    Require.argument(
        logProbs.length % vocabularySize == 0,
        "logProbs.length must be a multiple of vocabularySize %s, was %s",
        vocabularySize,
        logProbs.length);
    this.vocabularySize = vocabularySize;
    this.length = logProbs.length / vocabularySize;
    this.logProbs = logProbs.clone();
    for (int t = 0; t < length; t++) {
      int r = t * vocabularySize;
      for (int v = 0; v < vocabularySize; v++) {
        double x = this.logProbs[r + v];
        if (Double.isNaN(x) || x > 0 || x == Double.POSITIVE_INFINITY) {
          throw new IllegalArgumentException(
              "logProbs["
                  + t
                  + "]["
                  + v
                  + "] must be a log-probability (<= 0 or -Infinity), was "
                  + x);
        }
      }
      double lse = StableMath.logSumExp(this.logProbs, r, vocabularySize);
      if (!(Math.abs(lse) <= NORMALISATION_TOLERANCE)) {
        throw new IllegalArgumentException(
            "row " + t + " of logProbs must be normalised (logsumexp 0 within 1e-6), was " + lse);
      }
    }
  }

  /** The number of completion positions. */
  public int length() {
    return length;
  }

  /** The number of tokens in the vocabulary (the row width). */
  public int vocabularySize() {
    return vocabularySize;
  }

  /** {@code log π(token | x, y_<t)}. */
  public double logProb(int t, int token) {
    Objects.checkIndex(t, length);
    Objects.checkIndex(token, vocabularySize);
    return logProbs[t * vocabularySize + token];
  }

  /** A copy of row t, the log-distribution at completion position t. */
  public double[] row(int t) {
    Objects.checkIndex(t, length);
    double[] out = new double[vocabularySize];
    System.arraycopy(logProbs, t * vocabularySize, out, 0, vocabularySize);
    return out;
  }

  /** A copy of all rows, row-major ({@code length × vocabularySize}). */
  public double[] values() {
    return logProbs.clone();
  }

  /**
   * The k most likely tokens of every position, most likely first (ties broken by the smaller token id): what a
   * remote endpoint's {@code top_logprobs} returns.
   *
   * @throws IllegalArgumentException when k is not in {@code [1, vocabularySize]}
   */
  public TopKLogProbs topK(int k) {
    Require.inClosedRange("k", k, 1, vocabularySize);
    int[] tokens = new int[length * k];
    double[] values = new double[length * k];
    Integer[] order = new Integer[vocabularySize];
    for (int t = 0; t < length; t++) {
      int r = t * vocabularySize;
      for (int v = 0; v < vocabularySize; v++) {
        order[v] = v;
      }
      Arrays.sort(order, byDescendingValue(r));
      for (int j = 0; j < k; j++) {
        tokens[t * k + j] = order[j];
        values[t * k + j] = logProbs[r + order[j]];
      }
    }
    return new TopKLogProbs(tokens, values, k);
  }

  private Comparator<Integer> byDescendingValue(int rowOffset) {
    return (a, b) -> {
      int c = Double.compare(logProbs[rowOffset + b], logProbs[rowOffset + a]);
      return c != 0 ? c : Integer.compare(a, b);
    };
  }

  @Override
  public String toString() {
    return "TokenDistributions[" + length + " positions × " + vocabularySize + " tokens]";
  }
}
