package dev.align4j.rollout.stage;

import dev.align4j.core.RolloutStage;
import dev.align4j.core.check.Require;
import dev.align4j.rollout.traffic.TrafficShare;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered steps of a rollout: {@code OFFLINE_EVAL → SHADOW → CANARY(w₁) → … → CANARY(w_k) → FULL}
 * (Flagger's {@code stepWeights}, Argo's {@code setWeight} steps, the reference's stage contract B.7.4). Offline and
 * shadow are optional; at least one canary step is required; canary weights strictly increase; FULL comes last.
 * PAUSED, ROLLED_BACK and ABORTED are states outside the plan.
 *
 * <p>Traffic shares are given as {@link TrafficShare}s ({@code canary(limits, TrafficShare.percent(5))}) or through
 * the percent-named methods ({@code canaryPercent(limits, 5)}); there is no method taking a bare number of unknown
 * unit.
 */
public final class StagePlan {
  private final List<Step> steps;

  private StagePlan(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  /** The steps in order; the last is FULL. */
  public List<Step> steps() {
    return steps;
  }

  /** The step at {@code index}. */
  public Step step(int index) {
    Require.inClosedRange("index", index, 0, steps.size() - 1);
    return steps.get(index);
  }

  /** The number of steps. */
  public int size() {
    return steps.size();
  }

  /** A canonical description for the configuration hash. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (Step s : steps) {
      sb.append(s.label()).append('[').append(s.weightPercent()).append(',').append(s.mirrorPercent()).append(',')
          .append(s.limits()).append(']');
    }
    return sb.toString();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link StagePlan}. */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();

    private Builder() {}

    /** Adds the offline evaluation step (first, optional). */
    public Builder offline(StageLimits limits) {
      Require.argument(steps.isEmpty(), "offline must be the first step, had %d before it", steps.size());
      steps.add(new Step(RolloutStage.OFFLINE_EVAL, 0, 0, limits));
      return this;
    }

    /** Adds the shadow step mirroring {@code mirror} of traffic to the candidate (optional, before any canary). */
    public Builder shadow(TrafficShare mirror, StageLimits limits) {
      Require.nonNull("mirror", mirror);
      return shadowPercent(mirror.percent(), limits);
    }

    /** Adds the shadow step mirroring {@code mirrorPercent} % of traffic (0 to 100; optional, before any canary). */
    public Builder shadowPercent(double mirrorPercent, StageLimits limits) {
      Require.argument(
          steps.stream().noneMatch(s -> s.stage() == RolloutStage.CANARY || s.stage() == RolloutStage.SHADOW),
          "shadow must come before the canary steps and only once");
      steps.add(new Step(RolloutStage.SHADOW, 0, mirrorPercent, limits));
      return this;
    }

    /** Adds canary steps at the given candidate shares (strictly increasing, each above none and below all). */
    public Builder canary(StageLimits limits, TrafficShare... weights) {
      Require.nonNull("weights", weights);
      double[] percent = new double[weights.length];
      for (int i = 0; i < weights.length; i++) {
        percent[i] = Require.nonNull("weights[" + i + "]", weights[i]).percent();
      }
      return canaryPercent(limits, percent);
    }

    /** Adds canary steps at the given weights in percent (strictly increasing, each in (0, 100)). */
    public Builder canaryPercent(StageLimits limits, double... weightsPercent) {
      Require.argument(weightsPercent.length > 0, "weightsPercent must not be empty");
      double last = steps.stream().filter(s -> s.stage() == RolloutStage.CANARY)
          .mapToDouble(Step::weightPercent).max().orElse(0);
      for (int i = 0; i < weightsPercent.length; i++) {
        double w = weightsPercent[i];
        Require.argument(w > last && w < 100, "weightsPercent[%d] must be in (%s, 100) (strictly increasing), was %s",
            i, last, w);
        last = w;
        steps.add(new Step(RolloutStage.CANARY, w, 0, limits));
      }
      return this;
    }

    /** Builds; FULL (100%) is appended. */
    public StagePlan build() {
      Require.argument(steps.stream().anyMatch(s -> s.stage() == RolloutStage.CANARY),
          "a plan needs at least one canary step");
      List<Step> all = new ArrayList<>(steps);
      all.add(new Step(RolloutStage.FULL, 100, 0, StageLimits.minSample(0)));
      return new StagePlan(all);
    }
  }
}
