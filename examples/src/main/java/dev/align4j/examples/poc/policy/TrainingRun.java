package dev.align4j.examples.poc.policy;

import dev.align4j.examples.poc.Arguments;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One optimisation run from the supervised start: its training curve, its checkpoints on the (KL, gold reward)
 * frontier, the final policy and what the training-health monitor said.
 *
 * @param name the method's name ({@code DPO}, …, {@code GRPO vs length proxy})
 * @param curve per-step points every {@link PolicyConfig#curveEvery()} steps
 * @param checkpoints the frontier points, step 0 (the supervised start) first
 * @param policy the final policy (for the proxy run: the over-optimised one, trained on after the monitor fired)
 * @param stop the monitor's first firing that stops a run, or null when none fired
 * @param firings every firing of the monitor, warnings included, in order
 * @param wallTime how long the run took
 */
public record TrainingRun(
    String name,
    List<StepPoint> curve,
    List<Checkpoint> checkpoints,
    SupportPolicy policy,
    @Nullable MonitorFiring stop,
    List<MonitorFiring> firings,
    Duration wallTime) {

  /** Validates and copies the lists. */
  public TrainingRun {
    Arguments.nonBlank("name", name);
    curve = List.copyOf(Arguments.nonNull("curve", curve));
    checkpoints = List.copyOf(Arguments.nonEmpty("checkpoints", checkpoints));
    Arguments.nonNull("policy", policy);
    firings = List.copyOf(Arguments.nonNull("firings", firings));
    Arguments.nonNull("wallTime", wallTime);
  }

  /** The monitor's stopping firing, when there was one. */
  public Optional<MonitorFiring> monitorFiring() {
    return Optional.ofNullable(stop);
  }

  /** The last checkpoint. */
  public Checkpoint last() {
    return checkpoints.get(checkpoints.size() - 1);
  }

  /**
   * A point of the training curve.
   *
   * @param step optimiser steps done
   * @param loss the step's training loss
   * @param reward mean training reward (the reward model's score of the rendered reply; for the proxy run the proxy's)
   *     of one sampled reply per probe question
   * @param kl sequence KL to the supervised start, nats: mean over the probe's samples of {@code log π − log π_sft}
   */
  public record StepPoint(long step, double loss, double reward, double kl) {
    /** Validates. */
    public StepPoint {
      Arguments.nonNegative("step", (int) step);
      Arguments.finite("loss", loss);
      Arguments.finite("reward", reward);
      Arguments.finite("kl", kl);
    }
  }

  /**
   * A checkpoint: a point of the reward-versus-KL frontier.
   *
   * @param step optimiser steps done (0: the supervised start)
   * @param kl sequence KL to the supervised start on the held-out questions, nats
   * @param gold mean gold reward of the policy's replies to the held-out questions (evaluation only)
   * @param goldLow lower end of its 95 % normal interval
   * @param goldHigh upper end of its 95 % normal interval
   */
  public record Checkpoint(long step, double kl, double gold, double goldLow, double goldHigh) {
    /** Validates. */
    public Checkpoint {
      Arguments.nonNegative("step", (int) step);
      Arguments.finite("kl", kl);
      Arguments.finite("gold", gold);
      Arguments.argument(
          goldLow <= gold && gold <= goldHigh,
          "gold interval [%s, %s] must contain gold %s",
          goldLow,
          goldHigh,
          gold);
    }
  }

  /**
   * A firing of the training-health monitor.
   *
   * @param step the step after which it fired
   * @param rule the rule's name, e.g. {@code length_drift}
   * @param code the finding's code, e.g. {@code LENGTH_HACKING}
   * @param action what the rule does ({@code STOP}, {@code WARN}, …)
   * @param message the reason with its evidence
   */
  public record MonitorFiring(long step, String rule, String code, String action, String message) {
    /** Validates. */
    public MonitorFiring {
      Arguments.nonBlank("rule", rule);
      Arguments.nonBlank("code", code);
      Arguments.nonBlank("action", action);
      Arguments.nonNull("message", message);
    }
  }
}
