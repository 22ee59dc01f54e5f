package dev.align4j.rollout.sim;

import dev.align4j.core.GateDecision;
import java.util.Locale;

/**
 * What a batch of simulated rollouts did: how often each decision ended the step, and how much data it took.
 *
 * @param scenario the scenario's name
 * @param rollouts how many rollouts were simulated
 * @param promoted rollouts that ended in PROMOTE
 * @param rolledBack rollouts that ended in ROLLBACK
 * @param paused rollouts that ended in PAUSE_FOR_HUMAN
 * @param aborted rollouts that ended in ABORT
 * @param undecided rollouts still holding after the last look
 * @param meanLooksToDecision mean looks until a terminal decision, over decided rollouts (NaN if none)
 * @param meanSamplesPerArmToDecision mean candidate-arm sample at the decision, over decided rollouts
 */
public record SimulationReport(
    String scenario,
    int rollouts,
    long promoted,
    long rolledBack,
    long paused,
    long aborted,
    long undecided,
    double meanLooksToDecision,
    double meanSamplesPerArmToDecision) {

  /** The fraction of rollouts that ended with {@code kind}. */
  public double rate(GateDecision.Kind kind) {
    switch (kind) {
      case PROMOTE:
        return (double) promoted / rollouts;
      case ROLLBACK:
        return (double) rolledBack / rollouts;
      case PAUSE_FOR_HUMAN:
        return (double) paused / rollouts;
      case ABORT:
        return (double) aborted / rollouts;
      default:
        return (double) undecided / rollouts;
    }
  }

  /** The Monte-Carlo standard error of {@link #rate}: {@code sqrt(r(1 − r)/rollouts)}. */
  public double standardError(GateDecision.Kind kind) {
    double r = rate(kind);
    return Math.sqrt(r * (1 - r) / rollouts);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "%s: n=%d promote %.4f, rollback %.4f, pause %.4f, undecided %.4f, E[looks] %.1f, E[n/arm] %.0f", scenario,
        rollouts, rate(GateDecision.Kind.PROMOTE), rate(GateDecision.Kind.ROLLBACK),
        rate(GateDecision.Kind.PAUSE_FOR_HUMAN), rate(GateDecision.Kind.HOLD), meanLooksToDecision,
        meanSamplesPerArmToDecision);
  }
}
