package dev.align4j.rollout.metric;

/** Which way a metric may move without harm (Kayenta's {@code direction}). */
public enum Direction {
  /** Higher is better (win rate, task success): a fall is a regression. */
  INCREASE_IS_GOOD,
  /** Lower is better (unsafe rate, latency, cost): a rise is a regression. */
  DECREASE_IS_GOOD,
  /** Any change beyond the tolerance is a regression (refusal rate, RM score shift, length). */
  EITHER
}
