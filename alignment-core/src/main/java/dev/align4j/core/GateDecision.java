package dev.align4j.core;

import dev.align4j.core.check.Require;
import java.util.List;

/**
 * What a {@link RolloutGate} decided about the evidence at the current stage, with the reasons. A closed set:
 *
 * <ul>
 *   <li>{@link Promote} — move to the next stage (or the next canary weight);
 *   <li>{@link Hold} — stay at this stage, keep collecting (nothing is wrong, nothing is proven yet);
 *   <li>{@link Extend} — not enough data to decide (minimum sample or minimum duration not reached);
 *   <li>{@link PauseForHuman} — inconclusive or out of automatic authority: a person must decide;
 *   <li>{@link Rollback} — a guardrail was breached: send traffic back to the incumbent;
 *   <li>{@link Abort} — stop the rollout for good (kill switch, invalid experiment).
 * </ul>
 */
public sealed interface GateDecision
    permits GateDecision.Promote,
        GateDecision.Hold,
        GateDecision.Extend,
        GateDecision.PauseForHuman,
        GateDecision.Rollback,
        GateDecision.Abort {

  /** The decision kinds, for switches and serialisation. */
  enum Kind {
    PROMOTE,
    HOLD,
    EXTEND,
    PAUSE_FOR_HUMAN,
    ROLLBACK,
    ABORT
  }

  /** This decision's kind. */
  Kind kind();

  /** The reasons, one per check that spoke. */
  List<GateReason> reasons();

  /** Move on to {@code target}. */
  record Promote(RolloutStage target, List<GateReason> reasons) implements GateDecision {
    /** Copies the reasons. */
    public Promote {
      Require.nonNull("target", target);
      reasons = List.copyOf(reasons);
    }

    @Override
    public Kind kind() {
      return Kind.PROMOTE;
    }
  }

  /** Stay at the current stage. */
  record Hold(List<GateReason> reasons) implements GateDecision {
    /** Copies the reasons. */
    public Hold {
      reasons = List.copyOf(reasons);
    }

    @Override
    public Kind kind() {
      return Kind.HOLD;
    }
  }

  /** Not enough data yet. */
  record Extend(List<GateReason> reasons) implements GateDecision {
    /** Copies the reasons. */
    public Extend {
      reasons = List.copyOf(reasons);
    }

    @Override
    public Kind kind() {
      return Kind.EXTEND;
    }
  }

  /** A person must decide. */
  record PauseForHuman(List<GateReason> reasons) implements GateDecision {
    /** Copies the reasons. */
    public PauseForHuman {
      reasons = List.copyOf(reasons);
    }

    @Override
    public Kind kind() {
      return Kind.PAUSE_FOR_HUMAN;
    }
  }

  /** Send traffic back to the incumbent. */
  record Rollback(List<GateReason> reasons) implements GateDecision {
    /** Copies the reasons. */
    public Rollback {
      reasons = List.copyOf(reasons);
    }

    @Override
    public Kind kind() {
      return Kind.ROLLBACK;
    }
  }

  /** Stop for good. */
  record Abort(List<GateReason> reasons) implements GateDecision {
    /** Copies the reasons. */
    public Abort {
      reasons = List.copyOf(reasons);
    }

    @Override
    public Kind kind() {
      return Kind.ABORT;
    }
  }
}
