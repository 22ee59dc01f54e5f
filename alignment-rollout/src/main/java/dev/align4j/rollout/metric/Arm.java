package dev.align4j.rollout.metric;

/** The two arms of a comparison. */
public enum Arm {
  /** The new model being rolled out. */
  CANDIDATE,
  /** The model serving today. */
  INCUMBENT
}
