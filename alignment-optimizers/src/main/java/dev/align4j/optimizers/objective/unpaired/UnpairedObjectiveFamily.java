package dev.align4j.optimizers.objective.unpaired;

import dev.align4j.optimizers.objective.ObjectiveFamily;
import java.util.Map;
import java.util.Set;

/**
 * The {@link ObjectiveFamily} provider of this package: {@code Objectives} builds unpaired objectives through it
 * (registered in the module descriptor and in {@code META-INF/services}); it delegates to
 * {@link UnpairedObjectives#create(String, Map)}. Stateless.
 */
public final class UnpairedObjectiveFamily implements ObjectiveFamily {
  /** The provider; {@link java.util.ServiceLoader} calls this constructor. */
  public UnpairedObjectiveFamily() {}

  @Override
  public Kind kind() {
    return Kind.UNPAIRED;
  }

  @Override
  public Set<String> lossTypes() {
    return UnpairedObjectives.lossTypes();
  }

  @Override
  public Object create(String lossType, Map<String, ?> config) {
    return UnpairedObjectives.create(lossType, config);
  }

  @Override
  public String toString() {
    return "UnpairedObjectiveFamily";
  }
}
