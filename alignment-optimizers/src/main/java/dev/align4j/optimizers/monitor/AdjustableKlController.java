package dev.align4j.optimizers.monitor;

import dev.align4j.core.check.Require;
import dev.align4j.optimizers.kl.KlController;

/**
 * A KL controller a {@link TrainingHealthMonitor} can strengthen while training runs: {@code coefficient() = factor ·
 * controller.coefficient()}, the factor starting at 1; {@link #update} goes to the wrapped controller. Give it to the
 * optimiser's builder as its KL controller and to the monitor's builder. The policy-gradient optimiser checkpoints only
 * its own controllers, so a run with this one cannot be checkpointed through the optimiser (the monitor keeps its
 * healthy state in memory).
 */
public final class AdjustableKlController implements KlController {
  private final KlController controller;
  private final ScaleFactor factor = new ScaleFactor();

  /** Wraps {@code controller} with factor 1. */
  public AdjustableKlController(KlController controller) {
    this.controller = Require.nonNull("controller", controller);
  }

  @Override
  public double coefficient() {
    return factor.value() * controller.coefficient();
  }

  @Override
  public void update(double observedKl, long steps) {
    controller.update(observedKl, steps);
  }

  @Override
  public void checkUpdate(double observedKl, long steps) {
    controller.checkUpdate(observedKl, steps);
  }

  /** The current factor. */
  public double factor() {
    return factor.value();
  }

  /**
   * Multiplies the factor by {@code multiplier}.
   *
   * @throws IllegalArgumentException when {@code multiplier} is not in (0, ∞)
   */
  public void scale(double multiplier) {
    factor.scale(multiplier);
  }
}
