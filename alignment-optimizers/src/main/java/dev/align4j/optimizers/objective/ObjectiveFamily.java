package dev.align4j.optimizers.objective;

import java.util.Map;
import java.util.Set;

/**
 * A family of objectives that {@link Objectives} builds by name: the service interface through which the string
 * registry reaches the family packages ({@code objective.pairwise}, {@code objective.unpaired},
 * {@code objective.listwise}, {@code objective.policygradient}) without depending on them at compile time.
 *
 * <p>Each family package has one provider, found by {@link java.util.ServiceLoader}: declared with
 * {@code provides dev.align4j.optimizers.objective.ObjectiveFamily with ...} in the module descriptor (module path)
 * and listed in {@code META-INF/services/dev.align4j.optimizers.objective.ObjectiveFamily} (class path). A provider
 * is a public class with a public no-argument constructor and no state. {@link Objectives} requires exactly one
 * provider per {@link Kind}: a missing or a second provider is an {@link IllegalStateException} naming the providers
 * it found.
 */
public interface ObjectiveFamily {

  /** The kinds of objective, one per family package and per factory method of {@link Objectives}. */
  enum Kind {
    /** {@link PairwiseObjective}s, built by {@link Objectives#pairwise}. */
    PAIRWISE("pairwise", PairwiseObjective.class),
    /** {@link UnpairedObjective}s, built by {@link Objectives#unpaired}. */
    UNPAIRED("unpaired", UnpairedObjective.class),
    /** {@link ListwiseObjective}s, built by {@link Objectives#listwise}. */
    LISTWISE("listwise", ListwiseObjective.class),
    /** {@link PolicyGradientObjective}s, built by {@link Objectives#policyGradient}. */
    POLICY_GRADIENT("policy-gradient", PolicyGradientObjective.class);

    private final String label;
    private final Class<?> objectiveType;

    Kind(String label, Class<?> objectiveType) {
      this.label = label;
      this.objectiveType = objectiveType;
    }

    /** The kind's name in messages ({@code "policy-gradient"}). */
    public String label() {
      return label;
    }

    /** The contract interface every objective of this kind implements. */
    public Class<?> objectiveType() {
      return objectiveType;
    }
  }

  /** The kind of objective this family builds. */
  Kind kind();

  /** The {@code loss_type} names this family accepts (one entry each; a pairwise family also accepts lists). */
  Set<String> lossTypes();

  /**
   * The objective {@code lossType} configured by {@code config} (TRL's {@code loss_type} names and config keys, as
   * documented on the {@link Objectives} method of this family's {@link #kind()}); it implements
   * {@code kind().objectiveType()}.
   *
   * @throws IllegalArgumentException for an unknown loss type or key (the message lists the valid ones) or a bad
   *     value
   */
  Object create(String lossType, Map<String, ?> config);
}
