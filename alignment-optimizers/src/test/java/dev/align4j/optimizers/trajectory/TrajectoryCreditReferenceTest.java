package dev.align4j.optimizers.trajectory;

import static dev.align4j.optimizers.ReferenceAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.Role;
import dev.align4j.core.trajectory.ToolCall;
import dev.align4j.core.trajectory.Trajectory;
import dev.align4j.core.trajectory.Turn;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.optimizers.objective.policygradient.GrpoLoss;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Turn-level and trajectory-level credit and the masked GRPO loss on a hand-built group of four episodes, against
 * {@code src/test/python/multi_turn_reference.py} (numpy; its output is pasted below).
 */
class TrajectoryCreditReferenceTest {
  private static final ToolCall CALL = new ToolCall("lookup", "k");

  /** e0: A A | T T | A; e1: A | T T T | A A; e2: A A A | T | A; e3: A A (no tool call). */
  static List<Trajectory> group() {
    Prompt p = Prompt.of("k");
    return List.of(
        new Trajectory(
            p,
            List.of(
                Turn.policy("a", new int[] {3, 4}, null, CALL, 1.0),
                Turn.observation(Role.TOOL, "t", new int[] {5, 6}),
                Turn.policy("b", new int[] {7}, null, null, 1.0)),
            true),
        new Trajectory(
            p,
            List.of(
                Turn.policy("a", new int[] {3}, null, CALL, 0.0),
                Turn.observation(Role.TOOL, "t", new int[] {5, 6, 7}),
                Turn.policy("b", new int[] {8, 9}, null, null, 1.0)),
            true),
        new Trajectory(
            p,
            List.of(
                Turn.policy("a", new int[] {3, 4, 5}, null, CALL, 1.0),
                Turn.observation(Role.TOOL, "t", new int[] {6}),
                Turn.policy("b", new int[] {7}, null, null, 0.0)),
            true),
        new Trajectory(p, List.of(Turn.policy("a", new int[] {3, 4}, null, null, 0.0)), true));
  }

  private static final double A = 0.8658754297607016;
  private static final double C = 1.2245948897605123;

  /** multi_turn_reference.py: "advantages (MT-GRPO, c=1)". */
  private static final double[] TURN_LEVEL = {
    2 * A, 2 * A, 0, 0, A, 0, 0, 0, 0, A, A, 0, 0, 0, 0, -A, -C, -C
  };

  private static final double[] LOG_PROBS = {
    -0.5, -1.2, -2.0, -0.1, -0.7, -0.3, -1.0, -0.2, -3.0, -0.9, -0.4, -1.5, -0.2, -0.8, -0.6, -1.1,
    -0.25, -2.5
  };
  private static final double[] OLD_LOG_PROBS = {
    -0.7, -1.0, -2.0, -0.1, -0.4, -0.3, -1.0, -0.2, -3.0, -1.3, -0.1, -1.2, -0.5, -0.8, -0.6, -1.0,
    -0.5, -2.4
  };

  @Test
  void turnLevelAdvantagesMatchTheReference() {
    double[] adv = TrajectoryCredit.turnLevel().tokenAdvantages(group(), 4);
    assertClose(TURN_LEVEL, adv, "MT-GRPO token advantages");
  }

  @Test
  void theTurnCoefficientScalesOnlyTheTokensBeforeTheFirstToolResult() {
    double[] adv = TrajectoryCredit.turnLevel(0.5).tokenAdvantages(group(), 4);
    // e0 before the tool result: A^O + 0.5 A^T; after: A^O; e3 (no tool result): A^C
    assertEquals(1.5 * A, adv[0], 1e-12);
    assertEquals(A, adv[4], 1e-12);
    assertEquals(0.5 * A, adv[5], 1e-12); // e1: A^O + 0.5 A^T = A - 0.5 A
    assertEquals(-C, adv[16], 1e-12);
  }

  @Test
  void trajectoryLevelBaselinesBroadcastTheReturnAdvantage() {
    // multi_turn_reference.py: "trajectory GRPO" [C, 0, 0, -C], "trajectory RLOO" [4/3, 0, 0, -4/3]
    double[] grpo = TrajectoryCredit.groupRelative().tokenAdvantages(group(), 4);
    double[] rloo = TrajectoryCredit.leaveOneOut().tokenAdvantages(group(), 4);
    double[] mask = TrajectoryBatch.mask(group());
    double[] perEpisodeGrpo = {C, 0, 0, -C};
    double[] perEpisodeRloo = {4.0 / 3.0, 0, 0, -4.0 / 3.0};
    int[] lengths = TrajectoryBatch.lengths(group());
    int at = 0;
    for (int i = 0; i < 4; i++) {
      for (int k = 0; k < lengths[i]; k++) {
        assertEquals(mask[at] * perEpisodeGrpo[i], grpo[at], 1e-12, "GRPO token " + at);
        assertEquals(mask[at] * perEpisodeRloo[i], rloo[at], 1e-12, "RLOO token " + at);
        at++;
      }
    }
  }

  @Test
  void maskedDapoLossAndGradientsMatchTheReference() {
    PolicyGradientResult r = GrpoLoss.builder().build().evaluate(batch());
    // multi_turn_reference.py: "dapo loss", "dapo grad"
    assertClose(-0.1961629244098171, r.loss(), "dapo loss");
    assertClose(
        new double[] {
          0.0,
          -0.11815314044661675,
          0,
          0,
          -0.0534546912672784,
          0,
          0,
          0,
          0,
          0,
          -0.0534546912672784,
          0,
          0,
          0,
          0,
          0.06528970735045417,
          0.13103424696653504,
          0.0923382731825777
        },
        r.gradLogProbs(),
        "dapo gradient");
  }

  @Test
  void maskedGrpoLossAndGradientsMatchTheReference() {
    PolicyGradientResult r =
        GrpoLoss.builder().lossType(GrpoLoss.LossType.GRPO).build().evaluate(batch());
    // multi_turn_reference.py: "grpo loss", "grpo grad"
    assertClose(-0.10079909117287439, r.loss(), "grpo loss");
    assertClose(
        new double[] {
          0.0,
          -0.11815314044661675,
          0,
          0,
          -0.0534546912672784,
          0,
          0,
          0,
          0,
          0,
          -0.0534546912672784,
          0,
          0,
          0,
          0,
          0.04896728051284063,
          0.1965513704498026,
          0.13850740977386655
        },
        r.gradLogProbs(),
        "grpo gradient");
  }

  @Test
  void toolTokensGetExactlyZeroGradientAndChangeNothing() {
    PolicyGradientBatch b = batch();
    PolicyGradientResult r = GrpoLoss.builder().build().evaluate(b);
    double[] mask = b.mask();
    double[] moved = LOG_PROBS.clone();
    for (int t = 0; t < mask.length; t++) {
      if (mask[t] == 0) {
        assertEquals(0.0, r.gradLogProbs()[t], "tool token " + t);
        moved[t] -= 1.0;
      }
    }
    PolicyGradientResult after =
        GrpoLoss.builder()
            .build()
            .evaluate(TrajectoryBatch.of(group(), moved, OLD_LOG_PROBS, null, b.advantages()));
    assertEquals(r.loss(), after.loss(), "tool-token log-probabilities do not enter the loss");
    // without the mask the same numbers give another loss: the mask is what keeps tool output out
    PolicyGradientBatch unmasked =
        new PolicyGradientBatch(
            b.lengths(),
            LOG_PROBS,
            OLD_LOG_PROBS,
            null,
            b.advantages(),
            null,
            null,
            null,
            null,
            null);
    assertNotEquals(r.loss(), GrpoLoss.builder().build().evaluate(unmasked).loss());
  }

  @Test
  void groupsMustBeWhole() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TrajectoryCredit.turnLevel().tokenAdvantages(group(), 3));
    assertTrue(e.getMessage().contains("3"), e.getMessage());
  }

  private static PolicyGradientBatch batch() {
    double[] adv = TrajectoryCredit.turnLevel().tokenAdvantages(group(), 4);
    return TrajectoryBatch.of(group(), LOG_PROBS, OLD_LOG_PROBS, null, adv);
  }
}
