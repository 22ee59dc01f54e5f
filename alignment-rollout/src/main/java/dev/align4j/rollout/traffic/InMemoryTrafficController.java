package dev.align4j.rollout.traffic;

import dev.align4j.core.check.Require;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TrafficController} that only remembers what it was told: for tests, demos and dry runs. Not thread-safe.
 */
public final class InMemoryTrafficController implements TrafficController {
  private double weight;
  private double mirror;
  private boolean rolledBack;
  private final List<String> history = new ArrayList<>();

  /** Starts at 0% weight, no mirroring. */
  public InMemoryTrafficController() {}

  @Override
  public void setWeight(double candidatePercent) {
    weight = Require.inClosedRange("candidatePercent", candidatePercent, 0, 100);
    history.add("setWeight(" + candidatePercent + ")");
  }

  @Override
  public void mirror(double percent) {
    mirror = Require.inClosedRange("percent", percent, 0, 100);
    history.add("mirror(" + percent + ")");
  }

  @Override
  public void rollback() {
    weight = 0;
    mirror = 0;
    rolledBack = true;
    history.add("rollback()");
  }

  /** The candidate's current share of live traffic, percent. */
  public double weight() {
    return weight;
  }

  /** The current mirrored share, percent. */
  public double mirrorPercent() {
    return mirror;
  }

  /** Whether {@link #rollback()} was called. */
  public boolean rolledBack() {
    return rolledBack;
  }

  /** Every call, in order. */
  public List<String> history() {
    return List.copyOf(history);
  }
}
