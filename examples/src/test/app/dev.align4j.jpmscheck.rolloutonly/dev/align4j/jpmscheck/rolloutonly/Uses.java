package dev.align4j.jpmscheck.rolloutonly;

import dev.align4j.core.RolloutStage;
import dev.align4j.rollout.stats.Holm;

/** Names types of {@code dev.align4j.rollout} and of the modules its API exposes. */
public final class Uses {
  private Uses() {}

  /**
   * Uses the API.
   *
   * @return a value, so that nothing is dead code
   */
  public static Object use() {
    RolloutStage stage = RolloutStage.values()[0];
    return stage + " " + Holm.apply(new double[] {0.01}, 0.05).rejected()[0];
  }
}
