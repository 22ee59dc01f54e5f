package dev.align4j.core.text;

import dev.align4j.core.check.Require;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A candidate answer to a {@link Prompt}: its text and, when the producer knows them, the token ids and the per-token
 * log-probabilities (natural log) under the model that produced it.
 *
 * <p>Arrays are copied on the way in and on the way out, so a {@code Completion} is immutable.
 */
public final class Completion {
  private final String text;
  private final int @Nullable [] tokenIds;
  private final double @Nullable [] tokenLogProbs;

  /**
   * @param text the completion text (may be empty)
   * @param tokenIds token ids, or null when unknown
   * @param tokenLogProbs per-token log-probabilities (finite, {@code <= 0}), or null when unknown; when both arrays
   *     are given they have the same length
   */
  public Completion(String text, int @Nullable [] tokenIds, double @Nullable [] tokenLogProbs) {
    this.text = Require.nonNull("text", text);
    this.tokenIds = tokenIds == null ? null : tokenIds.clone();
    this.tokenLogProbs =
        tokenLogProbs == null ? null : Require.logProbabilities("tokenLogProbs", tokenLogProbs.clone());
    if (tokenIds != null && tokenLogProbs != null) {
      Require.sameLength("tokenIds", tokenIds.length, "tokenLogProbs", tokenLogProbs.length);
    }
  }

  /** A completion known by its text only. */
  public static Completion of(String text) {
    return new Completion(text, null, null);
  }

  /** The text. */
  public String text() {
    return text;
  }

  /** A copy of the token ids, or null when unknown. */
  public int @Nullable [] tokenIds() {
    return tokenIds == null ? null : tokenIds.clone();
  }

  /** A copy of the per-token log-probabilities, or null when unknown. */
  public double @Nullable [] tokenLogProbs() {
    return tokenLogProbs == null ? null : tokenLogProbs.clone();
  }

  /** Whether per-token log-probabilities are attached. */
  public boolean hasTokenLogProbs() {
    return tokenLogProbs != null;
  }

  /** The sum of the per-token log-probabilities (the sequence log-probability), or NaN when unknown. */
  public double sequenceLogProb() {
    if (tokenLogProbs == null) {
      return Double.NaN;
    }
    double s = 0;
    for (double v : tokenLogProbs) {
      s += v;
    }
    return s;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Completion)) {
      return false;
    }
    Completion c = (Completion) o;
    return text.equals(c.text)
        && Arrays.equals(tokenIds, c.tokenIds)
        && Arrays.equals(tokenLogProbs, c.tokenLogProbs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, Arrays.hashCode(tokenIds), Arrays.hashCode(tokenLogProbs));
  }

  @Override
  public String toString() {
    return "Completion[\"" + Require.abbreviate(text, 60) + "\""
        + (tokenIds == null ? "" : ", " + tokenIds.length + " tokens")
        + (tokenLogProbs == null ? "" : ", logp=" + sequenceLogProb())
        + "]";
  }
}
