package dev.align4j.rewards.llm;

import dev.align4j.core.check.Require;

/**
 * The outcome of asking a chat model for a score: either a {@link Scored} value or an {@link Unscorable} answer
 * (no parseable rating, a rating off the scale, no log-probabilities, neither judge token among them). A closed set,
 * so that callers handle both cases; there is no silent default score.
 */
public sealed interface JudgeScore permits JudgeScore.Scored, JudgeScore.Unscorable {

  /** The raw text the chat model answered (for audit). */
  String rawAnswer();

  /**
   * A score.
   *
   * @param value the score (the rating on its scale, or the probability of the "good" token)
   * @param rawAnswer what the model answered
   */
  record Scored(double value, String rawAnswer) implements JudgeScore {
    /** Validates. */
    public Scored {
      Require.finite("value", value);
      Require.nonNull("rawAnswer", rawAnswer);
    }
  }

  /**
   * No score could be read.
   *
   * @param reason why, in words
   * @param rawAnswer what the model answered
   */
  record Unscorable(String reason, String rawAnswer) implements JudgeScore {
    /** Validates. */
    public Unscorable {
      Require.nonBlank("reason", reason);
      Require.nonNull("rawAnswer", rawAnswer);
    }
  }
}
