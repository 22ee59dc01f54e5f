package dev.align4j.core.train;

import dev.align4j.core.check.Require;

/**
 * The learning rate as a function of the optimiser step: {@code rate(step)} is the rate used for the update that takes
 * the policy from {@code step} completed steps to {@code step + 1}.
 *
 * <p>The factories reproduce the Hugging Face {@code transformers} schedules
 * ({@code get_constant_schedule_with_warmup}, {@code get_linear_schedule_with_warmup},
 * {@code get_cosine_schedule_with_warmup} with half a cosine cycle): during the first {@code warmupSteps} steps the
 * rate rises linearly, {@code peak · step / warmupSteps}; afterwards it is held (constant), decays linearly to 0 at
 * {@code totalSteps} (linear) or follows {@code peak · ½(1 + cos(π·progress))} (cosine). Past {@code totalSteps} a
 * decaying schedule stays at 0.
 *
 * <p>A lambda is a valid schedule; it must return a finite value {@code >= 0}.
 */
@FunctionalInterface
public interface LearningRateSchedule {

  /** The learning rate for the update after {@code step} completed steps ({@code step >= 0}). */
  double rate(long step);

  /** A constant rate, no warm-up. */
  static LearningRateSchedule constant(double rate) {
    return new Constant(rate, 0);
  }

  /** A constant rate after a linear warm-up of {@code warmupSteps} steps. */
  static LearningRateSchedule constantWithWarmup(double peak, long warmupSteps) {
    return new Constant(peak, warmupSteps);
  }

  /** Linear warm-up to {@code peak}, then linear decay to 0 at {@code totalSteps}. */
  static LearningRateSchedule linear(double peak, long warmupSteps, long totalSteps) {
    return new Linear(peak, warmupSteps, totalSteps);
  }

  /** Linear warm-up to {@code peak}, then half a cosine down to 0 at {@code totalSteps}. */
  static LearningRateSchedule cosine(double peak, long warmupSteps, long totalSteps) {
    return new Cosine(peak, warmupSteps, totalSteps);
  }

  /**
   * Constant rate after warm-up.
   *
   * @param peak the rate after warm-up, finite and {@code >= 0}
   * @param warmupSteps the warm-up length, {@code >= 0}
   */
  record Constant(double peak, long warmupSteps) implements LearningRateSchedule {
    /** Validates the arguments. */
    public Constant {
      Require.nonNegative("peak", peak);
      Require.argument(warmupSteps >= 0, "warmupSteps must be >= 0, was %d", warmupSteps);
    }

    @Override
    public double rate(long step) {
      Require.argument(step >= 0, "step must be >= 0, was %d", step);
      return step < warmupSteps ? peak * step / warmupSteps : peak;
    }
  }

  /**
   * Linear warm-up then linear decay to zero.
   *
   * @param peak the rate at the end of warm-up, finite and {@code >= 0}
   * @param warmupSteps the warm-up length, {@code 0 <= warmupSteps <= totalSteps}
   * @param totalSteps the step at which the rate reaches zero, {@code > 0}
   */
  record Linear(double peak, long warmupSteps, long totalSteps) implements LearningRateSchedule {
    /** Validates the arguments. */
    public Linear {
      Require.nonNegative("peak", peak);
      Require.positive("totalSteps", totalSteps);
      Require.argument(
          warmupSteps >= 0 && warmupSteps <= totalSteps,
          "warmupSteps must be in [0, totalSteps=%d], was %d", totalSteps, warmupSteps);
    }

    @Override
    public double rate(long step) {
      Require.argument(step >= 0, "step must be >= 0, was %d", step);
      if (step < warmupSteps) {
        return peak * step / warmupSteps;
      }
      return peak * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
    }
  }

  /**
   * Linear warm-up then half a cosine cycle down to zero.
   *
   * @param peak the rate at the end of warm-up, finite and {@code >= 0}
   * @param warmupSteps the warm-up length, {@code 0 <= warmupSteps <= totalSteps}
   * @param totalSteps the step at which the rate reaches zero, {@code > 0}
   */
  record Cosine(double peak, long warmupSteps, long totalSteps) implements LearningRateSchedule {
    /** Validates the arguments. */
    public Cosine {
      Require.nonNegative("peak", peak);
      Require.positive("totalSteps", totalSteps);
      Require.argument(
          warmupSteps >= 0 && warmupSteps <= totalSteps,
          "warmupSteps must be in [0, totalSteps=%d], was %d", totalSteps, warmupSteps);
    }

    @Override
    public double rate(long step) {
      Require.argument(step >= 0, "step must be >= 0, was %d", step);
      if (step < warmupSteps) {
        return peak * step / warmupSteps;
      }
      if (step >= totalSteps) {
        return 0.0;
      }
      double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
      return peak * Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * progress)));
    }
  }
}
