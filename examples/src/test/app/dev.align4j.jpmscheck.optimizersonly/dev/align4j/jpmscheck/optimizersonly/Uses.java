package dev.align4j.jpmscheck.optimizersonly;

import dev.align4j.core.KernelPath;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.objective.pairwise.PairwiseLoss;

/** Names types of {@code dev.align4j.optimizers} and of the modules its API exposes. */
public final class Uses {
  private Uses() {}

  /**
   * Uses the API.
   *
   * @return a value, so that nothing is dead code
   */
  public static Object use() {
    PairwiseObjective dpo = PairwiseLoss.dpo(0.1);
    return dpo + KernelPath.active().name();
  }
}
