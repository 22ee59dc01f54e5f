package dev.align4j.optimizers.optimizer;

import dev.align4j.core.Policy;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.check.Require;
import dev.align4j.core.train.LearningRateSchedule;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OptimizerBuilder} for optimisers regularised towards a reference policy π_ref (the preference and
 * policy-gradient optimisers): adds {@link #reference(Policy)}. Default reference: a frozen copy of the trained policy
 * taken when the optimiser is built (TRL's {@code ref_model=None}).
 *
 * @param <T> the concrete builder
 */
public abstract class ReferenceOptimizerBuilder<T extends ReferenceOptimizerBuilder<T>> extends OptimizerBuilder<T> {
  private @Nullable Policy reference;

  /**
   * See {@link OptimizerBuilder#OptimizerBuilder(TrainablePolicy, LearningRateSchedule)}.
   *
   * @param policy the policy to train
   * @param defaultSchedule the optimiser's published default schedule
   */
  protected ReferenceOptimizerBuilder(TrainablePolicy policy, LearningRateSchedule defaultSchedule) {
    super(policy, defaultSchedule);
  }

  /**
   * See {@link OptimizerBuilder#OptimizerBuilder(OptimizerBuilder)}; the reference is this builder's own.
   *
   * @param delegate the wrapped optimiser's builder
   */
  protected ReferenceOptimizerBuilder(OptimizerBuilder<?> delegate) {
    super(delegate);
  }

  /**
   * The reference policy π_ref (default: a frozen copy of the policy taken when the optimiser is built).
   *
   * @param reference the reference
   * @return this builder
   */
  public final T reference(Policy reference) {
    this.reference = Require.nonNull("reference", reference);
    return self();
  }

  /**
   * The reference set with {@link #reference(Policy)}, if any.
   *
   * @return the reference, or null for the default
   */
  protected final @Nullable Policy configuredReference() {
    return reference;
  }

  /**
   * The reference to train against: the one set, else a frozen copy of {@code policy} taken now.
   *
   * @param policy the trained policy
   * @return the reference
   */
  protected final Policy referenceOrFrozenCopyOf(TrainablePolicy policy) {
    Policy r = reference;
    return r != null ? r : policy.frozenCopy();
  }
}
