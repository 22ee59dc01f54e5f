package dev.align4j.optimizers.objective.listwise;

import dev.align4j.optimizers.objective.ObjectiveFamily;
import java.util.Map;
import java.util.Set;

/**
 * The {@link ObjectiveFamily} provider of this package: {@code Objectives} builds listwise objectives through it
 * (registered in the module descriptor and in {@code META-INF/services}); it delegates to
 * {@link ListwiseObjectives#create(String, Map)}. Stateless.
 */
public final class ListwiseObjectiveFamily implements ObjectiveFamily {
  /** The provider; {@link java.util.ServiceLoader} calls this constructor. */
  public ListwiseObjectiveFamily() {}

  @Override
  public Kind kind() {
    return Kind.LISTWISE;
  }

  @Override
  public Set<String> lossTypes() {
    return ListwiseObjectives.lossTypes();
  }

  @Override
  public Object create(String lossType, Map<String, ?> config) {
    return ListwiseObjectives.create(lossType, config);
  }

  @Override
  public String toString() {
    return "ListwiseObjectiveFamily";
  }
}
