package dev.align4j.core.llm;

import dev.align4j.core.check.Require;
import java.util.List;

/**
 * One generated token with its log-probability (natural log) and the top alternatives the endpoint returned at that
 * position (the chosen token may or may not be among them).
 *
 * @param token the token text
 * @param logProb its log-probability, {@code <= 0}
 * @param alternatives the top alternatives, most likely first; copied
 */
public record TokenLogProb(String token, double logProb, List<Alternative> alternatives) {

  /** Validates the log-probability and copies the alternatives. */
  public TokenLogProb {
    Require.nonNull("token", token);
    Require.argument(logProb <= 0, "logProb must be <= 0, was %s", logProb);
    alternatives = List.copyOf(Require.nonNull("alternatives", alternatives));
  }

  /**
   * An alternative token at a position.
   *
   * @param token the token text
   * @param logProb its log-probability, {@code <= 0}
   */
  public record Alternative(String token, double logProb) {
    /** Validates the log-probability. */
    public Alternative {
      Require.nonNull("token", token);
      Require.argument(logProb <= 0, "logProb must be <= 0, was %s", logProb);
    }
  }
}
