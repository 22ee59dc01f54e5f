package dev.align4j.rollout.guardrail;

import dev.align4j.core.check.Require;
import dev.align4j.core.eval.HealthSignal;
import dev.align4j.core.eval.HealthStatus;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Precondition} over any core {@link HealthSignal}: a training run's health monitor, a judge's calibration
 * against people. The gate asks the signal at every evaluation:
 *
 * <ul>
 *   <li>{@code FAILED} blocks promotion (code {@code FAILED_<signal code>}, e.g. {@code FAILED_KAPPA_BELOW_MIN}): the
 *       gate holds, and pauses for a person once the step's maximum duration is over. Only a person lets the
 *       candidate through, with the gate's recorded human decision ({@code StagedRolloutGate.override} with
 *       {@code HumanOverride.Action.PROMOTE}, actor and reason): the decision record keeps both the override and this
 *       precondition's failed result. The approval is for that one promotion: while the signal stays FAILED, every
 *       later promotion needs a person again.
 *   <li>{@code WARNING} does not block (code {@code WARNING_<signal code>}); the finding is in the decision's reasons.
 *   <li>{@code HEALTHY} passes (code {@code PASS}).
 *   <li>A signal that throws, or answers null, blocks promotion (code {@code SIGNAL_ERROR}) and is logged at WARN with
 *       its cause; the evaluation itself goes on, so rollback on harm still works.
 * </ul>
 *
 * <p>The message carries the signal's source, reason, time and evidence, so the record shows the numbers a person
 * approved against.
 */
public final class HealthPrecondition implements Precondition {
  private static final Logger LOG = LoggerFactory.getLogger(HealthPrecondition.class);

  private final String name;
  private final HealthSignal signal;

  /**
   * A precondition named {@code name} over {@code signal}.
   *
   * @param name the precondition's stable name, e.g. {@code "training_health"} or {@code "judge_calibration"}
   * @param signal the signal asked at every evaluation
   */
  public HealthPrecondition(String name, HealthSignal signal) {
    this.name = Require.nonBlank("name", name);
    this.signal = Require.nonNull("signal", signal);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public PreconditionResult check(Instant now) {
    HealthStatus s;
    try {
      s = signal.status();
    } catch (RuntimeException e) {
      LOG.warn(
          "precondition {}: the health signal {} failed; promotion is blocked until it answers",
          name,
          signal,
          e);
      return new PreconditionResult(name, false, "SIGNAL_ERROR", "health signal failed: " + e);
    }
    if (s == null) {
      LOG.warn(
          "precondition {}: the health signal {} returned no status; promotion is blocked",
          name,
          signal);
      return new PreconditionResult(
          name, false, "SIGNAL_ERROR", "health signal returned no status");
    }
    String message =
        String.format(
            Locale.ROOT,
            "%s %s %s: %s (at %s; evidence %s)",
            s.source(),
            s.state(),
            s.code(),
            s.reason(),
            s.at(),
            s.evidence().entrySet().stream()
                .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.6g", e.getValue()))
                .collect(Collectors.joining(", ", "{", "}")));
    switch (s.state()) {
      case FAILED:
        return new PreconditionResult(
            name,
            false,
            "FAILED_" + s.code(),
            message + "; promotion needs a person's approval (override PROMOTE)");
      case WARNING:
        return new PreconditionResult(name, true, "WARNING_" + s.code(), message);
      default:
        return new PreconditionResult(name, true, "PASS", message);
    }
  }

  @Override
  public String toString() {
    return "HealthPrecondition[" + name + "]";
  }
}
