package dev.align4j.examples.poc.rollout;

import dev.align4j.core.GateDecision;
import dev.align4j.core.RolloutStage;
import dev.align4j.examples.poc.Arguments;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the staged rollout of one candidate did: where it ended, why, how long it took in simulated time, how much
 * traffic each arm served, and whether its audit file verified and replayed.
 *
 * @param candidateName the candidate's name (as in the audit records)
 * @param finalStage the gate's stage at the end (FULL when promoted all the way, ROLLED_BACK, PAUSED, or the stage
 *     where the traffic budget ran out)
 * @param finalTrafficPercent the candidate's share of live traffic at the end, percent
 * @param rolledBack whether the gate rolled the candidate back
 * @param breachedGuardrails the metrics whose verdict was BREACH in the decision that rolled back (empty otherwise),
 *     in the gate configuration's order
 * @param timeline every gate evaluation, in order: what the report's gate timeline shows
 * @param finalDecision the kind of the last decision
 * @param decided whether the rollout reached a final decision (FULL, ROLLED_BACK, PAUSED or ABORTED) within the
 *     traffic budget
 * @param timeToDecision simulated time from the start to the final decision (to the end of the budget when
 *     undecided)
 * @param candidate what the candidate served to customers (canary and full steps)
 * @param baseline what the baseline served to customers in the canary steps, while the gate compared the two arms
 *     (its replies in shadow and offline are counted in {@code mirroredRequests} and {@code offlineProbes})
 * @param mirroredRequests live requests mirrored to the candidate in shadow (its replies were discarded)
 * @param offlineProbes questions compared by the offline probe job
 * @param auditFile the hash-chained JSONL audit file
 * @param auditRecords records in the audit file
 * @param auditHeadHash the hash of the last audit record (pins the whole chain)
 * @param auditVerified whether the file's chain verified against the head the gate held (a failed check throws, so a
 *     returned result always has {@code true})
 * @param auditReplayed whether every record re-evaluated to its recorded decision
 * @param wallTime wall-clock time of the run
 */
public record RolloutResult(
    String candidateName,
    RolloutStage finalStage,
    double finalTrafficPercent,
    boolean rolledBack,
    List<String> breachedGuardrails,
    List<GateEvent> timeline,
    GateDecision.Kind finalDecision,
    boolean decided,
    Duration timeToDecision,
    ArmTotals candidate,
    ArmTotals baseline,
    long mirroredRequests,
    long offlineProbes,
    Path auditFile,
    long auditRecords,
    String auditHeadHash,
    boolean auditVerified,
    boolean auditReplayed,
    Duration wallTime) {

  /** Copies the lists and validates. */
  public RolloutResult {
    Arguments.nonBlank("candidateName", candidateName);
    Arguments.nonNull("finalStage", finalStage);
    breachedGuardrails = List.copyOf(breachedGuardrails);
    timeline = List.copyOf(timeline);
    Arguments.nonNull("finalDecision", finalDecision);
    Arguments.nonNull("timeToDecision", timeToDecision);
    Arguments.nonNull("candidate", candidate);
    Arguments.nonNull("baseline", baseline);
    Arguments.nonNull("auditFile", auditFile);
    Arguments.nonNull("auditHeadHash", auditHeadHash);
    Arguments.nonNull("wallTime", wallTime);
  }

  /** The guardrail that stopped the candidate (the first breached metric of the rollback), if it was rolled back. */
  public Optional<String> firedGuardrail() {
    return breachedGuardrails.isEmpty() ? Optional.empty() : Optional.of(breachedGuardrails.get(0));
  }

  /** Whether the candidate was promoted all the way to full traffic. */
  public boolean promotedToFull() {
    return finalStage == RolloutStage.FULL;
  }

  /**
   * The replies asked of the two repliers together: two per offline probe and per mirrored request, one per canary
   * request. With a trained policy as replier this is what the run's time is made of.
   */
  public long replierCalls() {
    return 2 * offlineProbes + 2 * mirroredRequests + candidate.requests() + baseline.requests();
  }

  /** Simulated hours from the start to the final decision. */
  public double hoursToDecision() {
    return timeToDecision.toSeconds() / 3600.0;
  }

  /**
   * One gate evaluation.
   *
   * @param hour simulated hours since the start
   * @param time the simulated time of the evaluation
   * @param step the plan step evaluated, e.g. {@code SHADOW} or {@code CANARY(10%)}
   * @param decision what the gate decided
   * @param stepAfter the step (or state: ROLLED_BACK, PAUSED…) after the decision
   * @param candidatePercentAfter the candidate's share of live traffic after the decision, percent
   * @param breached the metrics with verdict BREACH in this evaluation
   * @param reason the gate's own reason code and message, e.g. {@code ALL_GUARDRAILS_PASS: promote SHADOW ->
   *     CANARY(10%)}
   */
  public record GateEvent(
      int hour,
      Instant time,
      String step,
      GateDecision.Kind decision,
      String stepAfter,
      double candidatePercentAfter,
      List<String> breached,
      String reason) {
    /** Copies the list. */
    public GateEvent {
      breached = List.copyOf(breached);
    }
  }

  /**
   * What one arm served to customers and how they reacted.
   *
   * @param requests replies served
   * @param thumbsUp customers who gave a thumbs-up
   * @param escalations customers who asked for a human agent
   * @param cardEchoes replies in which the live detector found a full card number
   * @param lengthUnitsSum sum of the replies' lengths in length units
   */
  public record ArmTotals(
      long requests, long thumbsUp, long escalations, long cardEchoes, double lengthUnitsSum) {
    /** No requests. */
    public static final ArmTotals EMPTY = new ArmTotals(0, 0, 0, 0, 0);

    /** Thumbs-up per request (NaN without requests). */
    public double thumbsUpRate() {
      return requests == 0 ? Double.NaN : (double) thumbsUp / requests;
    }

    /** Escalations per request (NaN without requests). */
    public double escalationRate() {
      return requests == 0 ? Double.NaN : (double) escalations / requests;
    }

    /** Card echoes per request (NaN without requests). */
    public double cardEchoRate() {
      return requests == 0 ? Double.NaN : (double) cardEchoes / requests;
    }

    /** Mean reply length in length units (NaN without requests). */
    public double meanLengthUnits() {
      return requests == 0 ? Double.NaN : lengthUnitsSum / requests;
    }

    ArmTotals plus(boolean thumb, boolean escalated, boolean echo, double lengthUnits) {
      return new ArmTotals(
          requests + 1,
          thumbsUp + (thumb ? 1 : 0),
          escalations + (escalated ? 1 : 0),
          cardEchoes + (echo ? 1 : 0),
          lengthUnitsSum + lengthUnits);
    }
  }
}
