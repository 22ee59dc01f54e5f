package dev.align4j.core.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrajectoryTest {
  private static final ToolCall CALL = new ToolCall("calc", "2+3");

  private static Trajectory episode(boolean done) {
    return new Trajectory(
        Prompt.of("what is 2+3?"),
        List.of(
            Turn.policy("call calc", new int[] {10, 11}, new double[] {-0.5, -0.25}, CALL, 0.5),
            Turn.observation(Role.TOOL, "5", new int[] {12, 1}),
            Turn.policy("then?", new int[] {13}, new double[] {-1.0}, null, 0.25),
            Turn.observation(Role.USER, "go on", new int[] {14, 15, 1}),
            Turn.policy("5", new int[] {16, 2}, new double[] {-0.125, -2.0}, null, 1.0)),
        done);
  }

  @Test
  void tokensCarryTheRoleOfTheirTurnAndOnlyThePolicysAreTrained() {
    Trajectory t = episode(true);
    assertEquals(10, t.tokenCount());
    assertArrayEquals(new int[] {10, 11, 12, 1, 13, 14, 15, 1, 16, 2}, t.tokenIds());
    Role a = Role.ASSISTANT;
    assertArrayEquals(
        new Role[] {a, a, Role.TOOL, Role.TOOL, a, Role.USER, Role.USER, Role.USER, a, a},
        t.tokenRoles());
    assertArrayEquals(new double[] {1, 1, 0, 0, 1, 0, 0, 0, 1, 1}, t.policyMask());
    assertArrayEquals(new int[] {0, 0, 1, 1, 2, 3, 3, 3, 4, 4}, t.turnOfToken());
    assertEquals(5, t.policyTokenCount());
    assertEquals(2, t.firstToolResultToken());
    assertEquals(1, t.toolCallCount());
    assertArrayEquals(
        new double[] {-0.5, -0.25, 0, 0, -1.0, 0, 0, 0, -0.125, -2.0},
        t.samplerLogProbs(),
        "0 on observations");
    Completion c = t.asCompletion();
    assertArrayEquals(t.tokenIds(), c.tokenIds());
    assertNull(c.tokenLogProbs());
  }

  @Test
  void theLastStepOfAFinishedEpisodeIsItsOutcome() {
    Trajectory done = episode(true);
    assertEquals(1.0, done.outcomeReward());
    assertEquals(0.75, done.turnReward());
    assertEquals(1.75, done.totalReward());
    Trajectory cut = episode(false);
    assertEquals(0.0, cut.outcomeReward(), "an episode cut off has no outcome");
    assertEquals(1.75, cut.turnReward(), "all its step rewards are turn rewards");
  }

  @Test
  void withoutToolResultsThereIsNoSplit() {
    Trajectory t =
        new Trajectory(
            Prompt.of("x"), List.of(Turn.policy("y", new int[] {4}, null, null, 1)), true);
    assertEquals(-1, t.firstToolResultToken());
    assertNull(t.samplerLogProbs(), "unknown when a policy turn lacks them");
  }

  @Test
  void badInputIsRefusedWithItsNameAndValue() {
    assertMessage(
        "first turn must be a policy turn",
        () ->
            new Trajectory(
                Prompt.of("x"), List.of(Turn.observation(Role.TOOL, "r", new int[] {1})), true));
    assertMessage(
        "reward 0, was 1.0", () -> new Turn(Role.TOOL, "r", new int[] {1}, null, null, 1.0));
    assertMessage("at least one token", () -> Turn.policy("", new int[0], null, null, 0));
    assertMessage(
        "tokenIds[1] must be >= 0, was -3",
        () -> Turn.policy("", new int[] {1, -3}, null, null, 0));
    assertMessage(
        "samplerLogProbs", () -> Turn.policy("", new int[] {1}, new double[] {-1, -2}, null, 0));
    assertMessage("SYSTEM", () -> Turn.observation(Role.SYSTEM, "s", new int[] {1}));
    assertMessage("reward", () -> Turn.policy("", new int[] {1}, null, null, Double.NaN));
    assertMessage(
        "observationRole must be TOOL or USER, was ASSISTANT",
        () -> new EnvironmentStep("o", Role.ASSISTANT, 0, false, null, Map.of()));
    assertMessage("name", () -> new ToolCall(" ", "x"));
  }

  @Test
  void turnsAreImmutable() {
    int[] ids = {4, 5};
    Turn t = Turn.policy("a", ids, null, null, 0);
    ids[0] = 9;
    t.tokenIds()[1] = 9;
    assertArrayEquals(new int[] {4, 5}, t.tokenIds());
    assertEquals(t, Turn.policy("a", new int[] {4, 5}, null, null, 0));
  }

  private static void assertMessage(String fragment, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}
