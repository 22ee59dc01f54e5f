package dev.align4j.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.align4j.core.GateDecision;
import dev.align4j.core.RolloutStage;
import dev.align4j.rollout.input.HumanOverride;
import dev.align4j.rollout.traffic.InMemoryTrafficController;
import dev.align4j.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every human action from every state, against the transition table in the README. */
class OverrideTransitionsTest {

  /** Where a gate can be: each plan stage, PAUSED, and the three terminal stages. */
  enum State { OFFLINE, SHADOW, CANARY, FULL, PAUSED, ROLLED_BACK, ABORTED }

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
  private final InMemoryTrafficController traffic = new InMemoryTrafficController();

  private StagedRolloutGate gateIn(State s) {
    StagedRolloutGate g = StagedRolloutGate.builder(Fixtures.config()).clock(clock).traffic(traffic).build();
    int promotions = s == State.SHADOW ? 1 : s == State.CANARY ? 2 : s == State.FULL ? 6 : 0;
    for (int i = 0; i < promotions; i++) {
      g.override(new HumanOverride(HumanOverride.Action.PROMOTE, "t", "setup"));
    }
    if (s == State.PAUSED) {
      clock.advance(Duration.ofHours(25));
      g.evaluate();
    } else if (s == State.ROLLED_BACK) {
      g.override(new HumanOverride(HumanOverride.Action.ROLLBACK, "t", "setup"));
    } else if (s == State.ABORTED) {
      g.override(new HumanOverride(HumanOverride.Action.ABORT, "t", "setup"));
    }
    return g;
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void promote(State s) {
    StagedRolloutGate g = gateIn(s);
    HumanOverride o = new HumanOverride(HumanOverride.Action.PROMOTE, "alice", "ok");
    if (s == State.FULL || s == State.ROLLED_BACK || s == State.ABORTED) {
      assertThrows(IllegalArgumentException.class, () -> g.override(o));
      return;
    }
    int before = g.stepIndex();
    GateDecision d = g.override(o);
    assertEquals(GateDecision.Kind.PROMOTE, d.kind());
    assertEquals(before + 1, g.stepIndex());
    assertEquals(g.config().plan().step(before + 1).stage(), g.stage());
    assertEquals(g.currentStep().weightPercent(), traffic.weightPercent());
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void rollback(State s) {
    StagedRolloutGate g = gateIn(s);
    HumanOverride o = new HumanOverride(HumanOverride.Action.ROLLBACK, "alice", "bad");
    if (s == State.ROLLED_BACK || s == State.ABORTED) {
      assertThrows(IllegalArgumentException.class, () -> g.override(o));
      return;
    }
    assertEquals(GateDecision.Kind.ROLLBACK, g.override(o).kind());
    assertEquals(RolloutStage.ROLLED_BACK, g.stage());
    assertEquals(0, traffic.weightPercent());
    assertEquals(0, traffic.mirrorPercent());
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void abort(State s) {
    StagedRolloutGate g = gateIn(s);
    HumanOverride o = new HumanOverride(HumanOverride.Action.ABORT, "alice", "stop");
    if (s == State.ABORTED) {
      assertThrows(IllegalArgumentException.class, () -> g.override(o));
      return;
    }
    assertEquals(GateDecision.Kind.ABORT, g.override(o).kind());
    assertEquals(RolloutStage.ABORTED, g.stage());
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void resume(State s) {
    StagedRolloutGate g = gateIn(s);
    HumanOverride o = new HumanOverride(HumanOverride.Action.RESUME, "alice", "go on");
    if (s != State.PAUSED) {
      assertThrows(IllegalArgumentException.class, () -> g.override(o));
      return;
    }
    assertEquals(GateDecision.Kind.HOLD, g.override(o).kind());
    assertEquals(RolloutStage.OFFLINE_EVAL, g.stage());
  }

  @Test
  void shadowMirrorsAndCanaryStopsMirroring() {
    StagedRolloutGate g = gateIn(State.SHADOW);
    assertEquals(10, traffic.mirrorPercent());
    assertEquals(0, traffic.weightPercent());
    g.override(new HumanOverride(HumanOverride.Action.PROMOTE, "alice", "ok"));
    assertEquals(0, traffic.mirrorPercent());
    assertEquals(1, traffic.weightPercent());
  }
}
