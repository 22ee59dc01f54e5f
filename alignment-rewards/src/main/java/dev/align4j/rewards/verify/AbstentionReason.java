package dev.align4j.rewards.verify;

import java.util.Locale;

/** Why a verifier could not score a completion. A closed set, so that the abstention rate can be counted per reason. */
public enum AbstentionReason {
  /** The completion holds no candidate answer at all (blank, or no number where a number is asked for). */
  NO_ANSWER,
  /** A candidate answer is there (e.g. a {@code \boxed{…}}) but could not be read. */
  UNPARSEABLE,
  /**
   * A readable answer in a form the verifier does not handle (a LaTeX fraction where a decimal is compared, JSON nested
   * deeper than the recogniser's limit).
   */
  UNSUPPORTED_FORMAT,
  /** The check exceeded its budget (time or steps), e.g. a regular expression that backtracks catastrophically. */
  TIMEOUT;

  /** The reason's name in metric keys: lower case, e.g. {@code "no_answer"}. */
  public String metricName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
