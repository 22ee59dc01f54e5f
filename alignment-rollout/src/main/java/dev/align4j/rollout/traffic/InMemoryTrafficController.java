package dev.align4j.rollout.traffic;

import dev.align4j.core.check.Require;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TrafficController} that only remembers what it was told: for tests, demos and dry runs. Not thread-safe.
 */
public final class InMemoryTrafficController implements TrafficController {
  private TrafficShare weight = TrafficShare.NONE;
  private TrafficShare mirror = TrafficShare.NONE;
  private boolean rolledBack;
  private final List<String> history = new ArrayList<>();

  /** Starts at no weight, no mirroring. */
  public InMemoryTrafficController() {}

  @Override
  public void setWeight(TrafficShare candidate) {
    weight = Require.nonNull("candidate", candidate);
    history.add("setWeight(" + candidate + ")");
  }

  @Override
  public void mirror(TrafficShare share) {
    mirror = Require.nonNull("share", share);
    history.add("mirror(" + share + ")");
  }

  @Override
  public void rollback() {
    weight = TrafficShare.NONE;
    mirror = TrafficShare.NONE;
    rolledBack = true;
    history.add("rollback()");
  }

  /** The candidate's current share of live traffic. */
  public TrafficShare weight() {
    return weight;
  }

  /** The candidate's current share of live traffic, percent (0 to 100). */
  public double weightPercent() {
    return weight.percent();
  }

  /** The current mirrored share. */
  public TrafficShare mirrored() {
    return mirror;
  }

  /** The current mirrored share, percent (0 to 100). */
  public double mirrorPercent() {
    return mirror.percent();
  }

  /** Whether {@link #rollback()} was called. */
  public boolean rolledBack() {
    return rolledBack;
  }

  /** Every call, in order, e.g. {@code "setWeight(5%)"}. */
  public List<String> history() {
    return List.copyOf(history);
  }
}
