package dev.align4j.feedback.aggregate;

import dev.align4j.core.check.Require;

/**
 * One comparison between two systems for {@link BradleyTerry}: {@code scoreFirst} is 1 when {@code first} won, 0 when
 * it lost, ½ for a tie (or a soft label in between).
 *
 * @param first a system
 * @param second another system
 * @param scoreFirst first's score in [0, 1]
 */
public record PairOutcome(String first, String second, double scoreFirst) {
  /** Validates. */
  public PairOutcome {
    Require.nonBlank("first", first);
    Require.nonBlank("second", second);
    Require.argument(!first.equals(second), "second must differ from first, both were %s", first);
    Require.probability("scoreFirst", scoreFirst);
  }

  /** {@code winner} beat {@code loser}. */
  public static PairOutcome win(String winner, String loser) {
    return new PairOutcome(winner, loser, 1.0);
  }

  /** A tie. */
  public static PairOutcome tie(String a, String b) {
    return new PairOutcome(a, b, 0.5);
  }
}
