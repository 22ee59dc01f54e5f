/**
 * Evaluation statistics and health signals shared by the implementation modules: {@link
 * dev.align4j.core.eval.LengthControlledWinRate} (AlpacaEval-LC), {@link dev.align4j.core.eval.GaoOverOptimizationFit}
 * (Gao et al.'s over-optimisation curve), and {@link dev.align4j.core.eval.HealthSignal} / {@link
 * dev.align4j.core.eval.HealthStatus}, through which a monitor (a training run's health, a judge's
 * calibration) tells the rollout gate whether promotion may go ahead.
 */
@NullMarked
package dev.align4j.core.eval;

import org.jspecify.annotations.NullMarked;
