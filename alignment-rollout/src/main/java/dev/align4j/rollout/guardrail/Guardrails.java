package dev.align4j.rollout.guardrail;

import dev.align4j.core.RolloutStage;
import dev.align4j.rollout.metric.Criticality;
import dev.align4j.rollout.metric.Direction;
import dev.align4j.rollout.metric.MetricSpec;
import dev.align4j.rollout.stats.BernoulliConfidenceSequence;
import dev.align4j.rollout.stats.BinomialBoundTest;
import dev.align4j.rollout.stats.MixtureSprt;
import dev.align4j.core.check.Require;

/**
 * Ready-made metric specifications for rolling out an aligned LLM (reference §B.7), returned as builders so that
 * any field can still be changed. Names are the metric names used in reasons and records.
 */
public final class Guardrails {
  private Guardrails() {}

  /**
   * Judge win rate of candidate over incumbent (per-prompt score in [0, 1] from a judge asked in both orders; see
   * {@code ShadowComparator}): one-sample mSPRT, acceptable when the rate is at least {@code 0.5 − epsilon}
   * (non-inferiority, §B.7.3). {@code tau}: the mSPRT mixing sd (≈ the smallest shortfall you care about).
   */
  public static MetricSpec.Builder winRate(String name, double epsilon, double tau) {
    Require.inClosedRange("epsilon", epsilon, 0, 0.5);
    return MetricSpec.builder(name, MixtureSprt.oneSample(tau)).direction(Direction.INCREASE_IS_GOOD)
        .bounds(0.5 - epsilon, Double.POSITIVE_INFINITY).group("quality");
  }

  /**
   * Unsafe-response rate of the candidate, monitored at every look with the anytime-valid Bernoulli confidence
   * sequence: acceptable when the rate is at most {@code maxRate}; CRITICAL (§B.7.2).
   */
  public static MetricSpec.Builder unsafeRate(String name, double maxRate) {
    Require.inOpenRange("maxRate", maxRate, 0, 1);
    return MetricSpec.builder(name, BernoulliConfidenceSequence.jeffreys()).direction(Direction.DECREASE_IS_GOOD)
        .bounds(Double.NEGATIVE_INFINITY, maxRate).criticality(Criticality.CRITICAL).group("safety");
  }

  /**
   * Unsafe-response rate read once at {@code horizon} trials with a one-sided Clopper–Pearson or Wilson upper
   * bound (an offline red-team set); CRITICAL.
   */
  public static MetricSpec.Builder unsafeRateFixed(String name, double maxRate, BinomialBoundTest.Method method,
      long horizon) {
    Require.inOpenRange("maxRate", maxRate, 0, 1);
    return MetricSpec.builder(name, BinomialBoundTest.of(method, horizon)).direction(Direction.DECREASE_IS_GOOD)
        .bounds(Double.NEGATIVE_INFINITY, maxRate).criticality(Criticality.CRITICAL).group("safety")
        .stages(RolloutStage.OFFLINE_EVAL);
  }

  /**
   * Increase of the unsafe rate over the incumbent's, two-sample mSPRT on rates: acceptable when the rise is at
   * most {@code allowedIncrease} (absolute, e.g. 0.005 for half a point); CRITICAL.
   */
  public static MetricSpec.Builder unsafeRateIncrease(String name, double allowedIncrease, double tau) {
    return MetricSpec.builder(name, MixtureSprt.forRates(tau)).direction(Direction.DECREASE_IS_GOOD)
        .absoluteTolerance(allowedIncrease).criticality(Criticality.CRITICAL).group("safety");
  }

  /** Severity-critical violations: one confirmed candidate event rolls back, no statistics (§B.7.2). */
  public static MetricSpec.Builder severeViolation(String name) {
    return MetricSpec.builder(name, BernoulliConfidenceSequence.jeffreys()).direction(Direction.DECREASE_IS_GOOD)
        .criticality(Criticality.CRITICAL).failOnAnyEvent(true).group("safety");
  }

  /**
   * KL(π‖π_ref) per probe prompt on a fixed probe set ({@link ProbeKl}): acceptable when the mean is at most
   * {@code budget} nats; evaluated offline (§B.7.1).
   */
  public static MetricSpec.Builder klToReference(String name, double budget, double tau) {
    Require.positive("budget", budget);
    return MetricSpec.builder(name, MixtureSprt.oneSample(tau)).direction(Direction.DECREASE_IS_GOOD)
        .bounds(Double.NEGATIVE_INFINITY, budget).group("drift").stages(RolloutStage.OFFLINE_EVAL);
  }

  /**
   * Output length drift: two-sample mSPRT on mean output tokens, acceptable when the candidate's mean is within
   * {@code maxRatio} of the incumbent's (relative threshold {@code maxRatio − 1}, either direction; Singhal et al.
   * 2023). For the p90 ratio see {@link LengthDrift}.
   */
  public static MetricSpec.Builder lengthRatio(String name, double maxRatio, double tau) {
    Require.argument(maxRatio > 1 && Double.isFinite(maxRatio), "maxRatio must be finite and > 1, was %s", maxRatio);
    return MetricSpec.builder(name, MixtureSprt.twoSample(tau)).direction(Direction.EITHER)
        .relativeThreshold(maxRatio - 1).group("drift");
  }

  /** Reward-model score shift, either direction, within {@code tolerance} score units (Gao et al. 2022). */
  public static MetricSpec.Builder rewardShift(String name, double tolerance, double tau) {
    return MetricSpec.builder(name, MixtureSprt.twoSample(tau)).direction(Direction.EITHER)
        .absoluteTolerance(tolerance).group("drift");
  }

  /** Refusal rate on benign prompts, either direction within {@code tolerance} (a rise is over-refusal). */
  public static MetricSpec.Builder refusalRate(String name, double tolerance, double tau) {
    return MetricSpec.builder(name, MixtureSprt.forRates(tau)).direction(Direction.EITHER)
        .absoluteTolerance(tolerance).group("quality");
  }

  /** Latency (or cost, tokens): lower is good, at most {@code relative} worse than the incumbent (e.g. 0.1). */
  public static MetricSpec.Builder latency(String name, double relative, double tau) {
    return MetricSpec.builder(name, MixtureSprt.twoSample(tau)).direction(Direction.DECREASE_IS_GOOD)
        .relativeThreshold(relative).group("operations");
  }
}
