package dev.align4j.rollout.metric;

import dev.align4j.core.RolloutStage;
import dev.align4j.core.check.Require;
import dev.align4j.rollout.stats.AcceptableRange;
import dev.align4j.rollout.stats.ArmSummary;
import dev.align4j.rollout.stats.SequentialTest;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What one guardrail metric must show, after Kayenta's canary metric config, Flagger's {@code thresholdRange} and
 * LaunchDarkly's regression thresholds.
 *
 * <p>The acceptable range of the tested quantity θ is:
 *
 * <ul>
 *   <li>one-sample test (θ = the candidate's level): {@code [lowerBound, upperBound]}, the absolute bounds;
 *   <li>two-sample test (θ = candidate − incumbent): a tolerance {@code t = max(absoluteTolerance,
 *       relativeThreshold · |incumbent mean|)} on the bad side: {@code θ ≤ t} when lower is good, {@code θ ≥ −t}
 *       when higher is good, {@code |θ| ≤ t} for {@link Direction#EITHER}.
 * </ul>
 *
 * <p>A breach additionally needs the estimate to lie at least {@code effectSizeFloor} outside the range (Kayenta's
 * effect-size gate), so that a tiny but significant excursion on a huge sample does not roll back.
 * {@code failOnAnyEvent} turns the metric into a severity-critical event counter: one candidate event is a breach,
 * with no statistics (the reference's rule for confirmed severe safety violations).
 *
 * @param name the metric's name, {@code [a-z0-9_./-]+}
 * @param group the Kayenta score group
 * @param direction which way is good
 * @param criticality what a breach does
 * @param test the sequential test
 * @param lowerBound one-sample lower acceptable bound (−∞ for none)
 * @param upperBound one-sample upper acceptable bound (+∞ for none)
 * @param relativeThreshold two-sample tolerance as a fraction of the incumbent's mean, {@code >= 0}
 * @param absoluteTolerance two-sample tolerance in metric units, {@code >= 0}
 * @param effectSizeFloor minimum distance outside the range for a breach, {@code >= 0}
 * @param mustHaveData whether missing data can never pass (Kayenta's {@code mustHaveData})
 * @param nanPolicy what NaN observations mean
 * @param minSamplePerArm this metric's minimum sample per arm (0: the stage's)
 * @param stages the stages at which the metric is evaluated
 * @param failOnAnyEvent whether one candidate event (an observation of 1) is a breach
 */
public record MetricSpec(
    String name,
    String group,
    Direction direction,
    Criticality criticality,
    SequentialTest test,
    double lowerBound,
    double upperBound,
    double relativeThreshold,
    double absoluteTolerance,
    double effectSizeFloor,
    boolean mustHaveData,
    NanPolicy nanPolicy,
    long minSamplePerArm,
    Set<RolloutStage> stages,
    boolean failOnAnyEvent) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9_./-]+");

  /** Validates every field; configurations that can never pass are rejected here. */
  public MetricSpec {
    Require.nonBlank("name", name);
    Require.argument(NAME.matcher(name).matches(), "name must match [a-z0-9_./-]+, was \"%s\"", name);
    Require.nonBlank("group", group);
    Require.nonNull("direction", direction);
    Require.nonNull("criticality", criticality);
    Require.nonNull("test", test);
    Require.nonNull("nanPolicy", nanPolicy);
    Require.argument(!Double.isNaN(lowerBound) && !Double.isNaN(upperBound) && lowerBound <= upperBound,
        "bounds of metric %s must satisfy lowerBound <= upperBound, were [%s, %s]", name, lowerBound, upperBound);
    Require.nonNegative("relativeThreshold", relativeThreshold);
    Require.nonNegative("absoluteTolerance", absoluteTolerance);
    Require.nonNegative("effectSizeFloor", effectSizeFloor);
    Require.argument(minSamplePerArm >= 0, "minSamplePerArm must be >= 0, was %d", minSamplePerArm);
    stages = Set.copyOf(Require.nonEmpty("stages", stages));
    boolean bounded = Double.isFinite(lowerBound) || Double.isFinite(upperBound);
    if (test.twoSample()) {
      Require.argument(!bounded, "metric %s: absolute bounds apply to one-sample tests; %s is two-sample "
          + "(use relativeThreshold/absoluteTolerance, or add a one-sample metric)", name, test.name());
      Require.argument(direction != Direction.EITHER || criticality == Criticality.REPORT_ONLY
              || relativeThreshold > 0 || absoluteTolerance > 0,
          "metric %s: direction EITHER with zero tolerance can never pass; set relativeThreshold or "
              + "absoluteTolerance > 0", name);
    } else {
      Require.argument(bounded || failOnAnyEvent, "metric %s: a one-sample test needs a finite lowerBound or "
          + "upperBound, had [%s, %s]", name, lowerBound, upperBound);
    }
  }

  /** A builder for metric {@code name} tested by {@code test}. */
  public static Builder builder(String name, SequentialTest test) {
    return new Builder(name, test);
  }

  /** Whether the metric is evaluated at {@code stage}. */
  public boolean appliesTo(RolloutStage stage) {
    return stages.contains(stage);
  }

  /** The acceptable range of θ given the incumbent's summary (needed for a relative threshold). */
  public AcceptableRange acceptableRange(@Nullable ArmSummary incumbent) {
    if (!test.twoSample()) {
      return new AcceptableRange(lowerBound, upperBound);
    }
    double incMean = incumbent == null ? 0 : Math.abs(incumbent.mean());
    double t = Math.max(absoluteTolerance, relativeThreshold * incMean);
    switch (direction) {
      case DECREASE_IS_GOOD:
        return AcceptableRange.atMost(t);
      case INCREASE_IS_GOOD:
        return AcceptableRange.atLeast(-t);
      default:
        return new AcceptableRange(-t, t);
    }
  }

  /** Builds a {@link MetricSpec}; defaults: group "default", NORMAL, no bounds, no tolerance, NaN removed. */
  public static final class Builder {
    private final String name;
    private final SequentialTest test;
    private String group = "default";
    private Direction direction = Direction.DECREASE_IS_GOOD;
    private Criticality criticality = Criticality.NORMAL;
    private double lowerBound = Double.NEGATIVE_INFINITY;
    private double upperBound = Double.POSITIVE_INFINITY;
    private double relativeThreshold;
    private double absoluteTolerance;
    private double effectSizeFloor;
    private boolean mustHaveData;
    private NanPolicy nanPolicy = NanPolicy.REMOVE;
    private long minSamplePerArm;
    private Set<RolloutStage> stages =
        EnumSet.of(RolloutStage.OFFLINE_EVAL, RolloutStage.SHADOW, RolloutStage.CANARY, RolloutStage.FULL);
    private boolean failOnAnyEvent;

    private Builder(String name, SequentialTest test) {
      this.name = name;
      this.test = test;
    }

    /** The score group (default "default"). */
    public Builder group(String group) {
      this.group = group;
      return this;
    }

    /** Which way is good (default DECREASE_IS_GOOD). */
    public Builder direction(Direction direction) {
      this.direction = direction;
      return this;
    }

    /** What a breach does (default NORMAL). */
    public Builder criticality(Criticality criticality) {
      this.criticality = criticality;
      return this;
    }

    /** Absolute bounds of the candidate's level (one-sample tests). */
    public Builder bounds(double lowerBound, double upperBound) {
      this.lowerBound = lowerBound;
      this.upperBound = upperBound;
      return this;
    }

    /** Allowed regression as a fraction of the incumbent's mean (two-sample tests), e.g. 0.05 for 5%. */
    public Builder relativeThreshold(double relativeThreshold) {
      this.relativeThreshold = relativeThreshold;
      return this;
    }

    /** Allowed regression in metric units (two-sample tests). */
    public Builder absoluteTolerance(double absoluteTolerance) {
      this.absoluteTolerance = absoluteTolerance;
      return this;
    }

    /** Minimum distance outside the range for a breach (default 0). */
    public Builder effectSizeFloor(double effectSizeFloor) {
      this.effectSizeFloor = effectSizeFloor;
      return this;
    }

    /** Whether missing data can never pass (default false). */
    public Builder mustHaveData(boolean mustHaveData) {
      this.mustHaveData = mustHaveData;
      return this;
    }

    /** The NaN policy (default REMOVE). */
    public Builder nanPolicy(NanPolicy nanPolicy) {
      this.nanPolicy = nanPolicy;
      return this;
    }

    /** This metric's minimum sample per arm (default 0: the stage's). */
    public Builder minSamplePerArm(long minSamplePerArm) {
      this.minSamplePerArm = minSamplePerArm;
      return this;
    }

    /** The stages where the metric is evaluated (default: OFFLINE_EVAL, SHADOW, CANARY, FULL). */
    public Builder stages(RolloutStage first, RolloutStage... rest) {
      this.stages = EnumSet.of(first, rest);
      return this;
    }

    /** Whether a single candidate event is a breach (default false). */
    public Builder failOnAnyEvent(boolean failOnAnyEvent) {
      this.failOnAnyEvent = failOnAnyEvent;
      return this;
    }

    /** Builds and validates. */
    public MetricSpec build() {
      return new MetricSpec(name, group, direction, criticality, test, lowerBound, upperBound, relativeThreshold,
          absoluteTolerance, effectSizeFloor, mustHaveData, nanPolicy, minSamplePerArm, stages, failOnAnyEvent);
    }
  }
}
