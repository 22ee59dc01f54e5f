package dev.align4j.rewards.verify;

import dev.align4j.core.check.Require;

/**
 * What a {@link Verifier} concluded about one completion: a {@link Scored} value (a 0 means "checked, and wrong") or an
 * {@link Abstained} verdict ("could not check"). A closed set, so that callers handle both; an abstention is not a 0.
 */
public sealed interface Verdict permits Verdict.Scored, Verdict.Abstained {

  /** A scored verdict. */
  static Verdict scored(double value) {
    return new Scored(value);
  }

  /** An abstention. */
  static Verdict abstained(AbstentionReason reason, String detail) {
    return new Abstained(reason, detail);
  }

  /** Whether the verifier abstained. */
  default boolean isAbstention() {
    return this instanceof Abstained;
  }

  /**
   * The verifier checked the completion.
   *
   * @param value the reward (finite); for a 0/1 rule, 1 is "passes" and 0 is "checked, and fails"
   */
  record Scored(double value) implements Verdict {
    /** Validates that the value is finite. */
    public Scored {
      Require.finite("value", value);
    }
  }

  /**
   * The verifier could not check the completion.
   *
   * @param reason why, as a closed code
   * @param detail the finding in words (short; no completion text beyond an excerpt)
   */
  record Abstained(AbstentionReason reason, String detail) implements Verdict {
    /** Validates. */
    public Abstained {
      Require.nonNull("reason", reason);
      Require.nonBlank("detail", detail);
    }
  }
}
