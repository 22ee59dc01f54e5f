package dev.align4j.optimizers.objective.pairwise;

import dev.align4j.optimizers.objective.ObjectiveFamily;
import java.util.Map;
import java.util.Set;

/**
 * The {@link ObjectiveFamily} provider of this package: {@code Objectives} builds pairwise objectives through it
 * (registered in the module descriptor and in {@code META-INF/services}); it delegates to
 * {@link PairwiseObjectives#create(String, Map)}. Stateless.
 */
public final class PairwiseObjectiveFamily implements ObjectiveFamily {
  /** The provider; {@link java.util.ServiceLoader} calls this constructor. */
  public PairwiseObjectiveFamily() {}

  @Override
  public Kind kind() {
    return Kind.PAIRWISE;
  }

  @Override
  public Set<String> lossTypes() {
    return PairwiseObjectives.lossTypes();
  }

  @Override
  public Object create(String lossType, Map<String, ?> config) {
    return PairwiseObjectives.create(lossType, config);
  }

  @Override
  public String toString() {
    return "PairwiseObjectiveFamily";
  }
}
