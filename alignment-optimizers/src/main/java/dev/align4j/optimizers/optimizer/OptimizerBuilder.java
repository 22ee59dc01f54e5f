package dev.align4j.optimizers.optimizer;

import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.train.LearningRateSchedule;

/**
 * The settings every optimiser builder of this module shares — the learning-rate schedule, the metrics listeners and
 * the seed of the step's random stream — in one self-typed base (the {@code Builder<T extends Builder<T>>} …
 * {@link #self()} pattern of DJL's {@code OptimizerBuilder}), so that these setters and a subclass's own chain in any
 * order and return the subclass's builder.
 *
 * <p>Defaults: the schedule is the one the subclass passes (each optimiser's builder states it, with its source); the
 * seed is 42 (TRL's {@code seed}); no listener. The settings are those of the {@link TrainingLoop} the optimiser runs.
 *
 * @param <T> the concrete builder
 */
public abstract class OptimizerBuilder<T extends OptimizerBuilder<T>> {
  private final TrainingLoop.Builder loop;

  /**
   * A builder whose training loop runs {@code policy} with {@code defaultSchedule} until {@link #schedule} is called.
   *
   * @param policy the policy to train
   * @param defaultSchedule the optimiser's published default schedule
   */
  protected OptimizerBuilder(TrainablePolicy policy, LearningRateSchedule defaultSchedule) {
    this.loop = TrainingLoop.builder(policy).schedule(defaultSchedule);
  }

  /**
   * A builder that configures the same training loop as {@code delegate} (an optimiser that wraps another one, e.g.
   * online preference optimisation around the pairwise optimiser).
   *
   * @param delegate the wrapped optimiser's builder
   */
  protected OptimizerBuilder(OptimizerBuilder<?> delegate) {
    this.loop = delegate.loop;
  }

  /**
   * This builder, as its concrete type.
   *
   * @return {@code this}
   */
  protected abstract T self();

  /**
   * The learning-rate schedule (default: the optimiser's, see its builder).
   *
   * @param schedule the schedule
   * @return this builder
   */
  public final T schedule(LearningRateSchedule schedule) {
    loop.schedule(schedule);
    return self();
  }

  /**
   * Adds a metrics listener (none by default).
   *
   * @param listener called after every step with its metrics
   * @return this builder
   */
  public final T listener(MetricsListener listener) {
    loop.listener(listener);
    return self();
  }

  /**
   * The seed of the step's random stream (default 42, TRL's {@code seed}).
   *
   * @param seed the seed
   * @return this builder
   */
  public final T seed(long seed) {
    loop.seed(seed);
    return self();
  }

  /**
   * Builds the training loop with the settings so far; called once by the subclass's {@code build()}.
   *
   * @return the loop
   */
  protected final TrainingLoop buildLoop() {
    return loop.build();
  }
}
