package dev.align4j.optimizers.objective.policygradient;

import dev.align4j.optimizers.objective.ObjectiveFamily;
import java.util.Map;
import java.util.Set;

/**
 * The {@link ObjectiveFamily} provider of this package: {@code Objectives} builds policy-gradient objectives through it
 * (registered in the module descriptor and in {@code META-INF/services}); it delegates to
 * {@link PolicyGradientObjectives#create(String, Map)}. Stateless.
 */
public final class PolicyGradientObjectiveFamily implements ObjectiveFamily {
  /** The provider; {@link java.util.ServiceLoader} calls this constructor. */
  public PolicyGradientObjectiveFamily() {}

  @Override
  public Kind kind() {
    return Kind.POLICY_GRADIENT;
  }

  @Override
  public Set<String> lossTypes() {
    return PolicyGradientObjectives.LOSS_TYPES;
  }

  @Override
  public Object create(String lossType, Map<String, ?> config) {
    return PolicyGradientObjectives.create(lossType, config);
  }

  @Override
  public String toString() {
    return "PolicyGradientObjectiveFamily";
  }
}
