package dev.align4j.rollout.traffic;

import dev.align4j.core.check.Require;
import org.jspecify.annotations.Nullable;

/**
 * A share of live traffic, made only through a factory that names its unit, so that "half" cannot be mistaken for
 * "half a percent": {@link #percent(double) percent(50)} and {@link #fraction(double) fraction(0.5)} are the same
 * share. Read it back as {@link #percent()} (0 to 100, what Argo Rollouts' {@code setWeight}, Flagger's
 * {@code stepWeight} and feature-flag rollout percentages take) or {@link #fraction()} (0 to 1). Stored in percent,
 * the unit of stage plans and decision records.
 */
public final class TrafficShare implements Comparable<TrafficShare> {
  /** No traffic. */
  public static final TrafficShare NONE = new TrafficShare(0);
  /** All traffic. */
  public static final TrafficShare ALL = new TrafficShare(100);

  private final double percent;

  private TrafficShare(double percent) {
    this.percent = percent;
  }

  /**
   * The share {@code percent} % (e.g. {@code percent(5)} is one request in twenty).
   *
   * @throws IllegalArgumentException unless {@code 0 <= percent <= 100}
   */
  public static TrafficShare percent(double percent) {
    return new TrafficShare(Require.inClosedRange("percent", percent, 0, 100));
  }

  /**
   * The share {@code fraction} of all traffic (e.g. {@code fraction(0.05)} is one request in twenty).
   *
   * @throws IllegalArgumentException unless {@code 0 <= fraction <= 1} (a percentage such as 5 or 50 is refused)
   */
  public static TrafficShare fraction(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in [0.0, 1.0] (use TrafficShare.percent for a percentage),"
          + " was " + fraction);
    }
    return new TrafficShare(fraction * 100);
  }

  /** The share in percent, in [0, 100]. */
  public double percent() {
    return percent;
  }

  /** The share as a fraction of all traffic, in [0, 1]. */
  public double fraction() {
    return percent / 100;
  }

  /** Whether no traffic is sent. */
  public boolean isNone() {
    return percent == 0;
  }

  @Override
  public int compareTo(TrafficShare o) {
    return Double.compare(percent, o.percent);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TrafficShare t && Double.compare(percent, t.percent) == 0;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(percent);
  }

  /** E.g. {@code "5%"} or {@code "0.5%"}. */
  @Override
  public String toString() {
    return (percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent)) + "%";
  }
}
