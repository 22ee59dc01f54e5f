package dev.align4j.optimizers.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Role;
import dev.align4j.core.trajectory.Trajectory;
import dev.align4j.core.trajectory.Turn;
import dev.align4j.policies.lm.TransformerLanguageModel;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class MultiTurnRolloutTest {

  private static MultiTurnRollout.Builder<String> rollout(TransformerLanguageModel model) {
    return MultiTurnRollout.builder(
            model, () -> new LookupToolEnvironment(LookupToolTraining.TABLE))
        .groupSize(4)
        .maxTurns(2)
        .sampling(LookupToolTraining.ONE_WORD);
  }

  @Test
  void episodesFollowTheEnvironmentAndLayTheirTokensOutWithRoles() {
    TransformerLanguageModel model = LookupToolTraining.model(3);
    List<Trajectory> ts =
        rollout(model)
            .build()
            .run(LookupToolTraining.TASKS, new SplittableRandom(5))
            .trajectories();
    assertEquals(16, ts.size());
    for (int i = 0; i < ts.size(); i++) {
      Trajectory t = ts.get(i);
      assertEquals(
          LookupToolTraining.TASKS.get(i / 4), t.prompt().lastUserText(), "task-major order");
      assertTrue(t.done());
      assertEquals(
          List.of(Role.ASSISTANT, Role.TOOL, Role.ASSISTANT),
          t.turns().stream().map(Turn::role).toList());
      Turn call = t.turns().get(0);
      Turn result = t.turns().get(1);
      String value =
          LookupToolTraining.TABLE.getOrDefault(call.text(), LookupToolEnvironment.UNKNOWN);
      assertEquals(
          value, result.text(), "the tool returned the table's value for the call's argument");
      assertArrayEquals(model.encodeObservation(Role.TOOL, value), result.tokenIds());
      assertEquals(call.text().equals(t.prompt().lastUserText()) ? 1.0 : 0.0, t.turnReward());
      String answer = t.turns().get(2).text();
      assertEquals(
          answer.equals(LookupToolTraining.TABLE.get(t.prompt().lastUserText())) ? 1.0 : 0.0,
          t.outcomeReward());
      double[] mask = t.policyMask();
      assertEquals(1.0, mask[0]);
      assertEquals(1.0, mask[mask.length - 1]);
      for (int k = 1; k < mask.length - 1; k++) {
        assertEquals(0.0, mask[k], "tool result and separator tokens are masked");
      }
    }
  }

  @Test
  void sampledTurnsAreScoredUnderTheTrainingLayout() {
    // the log-probabilities the policy reported while sampling each turn are the ones its forward
    // pass gives the
    // policy tokens of the whole episode sequence: sampling and training see the same context
    TransformerLanguageModel model = LookupToolTraining.model(3);
    for (Trajectory t :
        rollout(model)
            .build()
            .run(LookupToolTraining.TASKS, new SplittableRandom(6))
            .trajectories()) {
      double[] scored = model.logProbs(t.prompt(), t.asCompletion()).values();
      double[] sampled = t.samplerLogProbs();
      double[] mask = t.policyMask();
      for (int k = 0; k < scored.length; k++) {
        if (mask[k] == 1.0) {
          assertEquals(sampled[k], scored[k], 1e-5, "policy token " + k);
        } else {
          assertEquals(0.0, sampled[k], "observation tokens carry no sampler log-probability");
        }
      }
    }
  }

  @Test
  void runsAreAFunctionOfTheSeedAtAnyThreadCount() throws Exception {
    TransformerLanguageModel model = LookupToolTraining.model(3);
    List<Trajectory> a =
        rollout(model)
            .build()
            .run(LookupToolTraining.TASKS, new SplittableRandom(7))
            .trajectories();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Trajectory> b =
          rollout(model)
              .executor(pool)
              .build()
              .run(LookupToolTraining.TASKS, new SplittableRandom(7))
              .trajectories();
      assertEquals(a, b);
    } finally {
      pool.shutdown();
    }
    List<Trajectory> c =
        rollout(model)
            .build()
            .run(LookupToolTraining.TASKS, new SplittableRandom(8))
            .trajectories();
    assertFalse(a.equals(c), "another seed gives other episodes");
  }

  @Test
  void anEpisodeThatRunsOutOfTurnsIsNotDone() {
    TransformerLanguageModel model = LookupToolTraining.model(3);
    Trajectory t =
        rollout(model)
            .maxTurns(1)
            .build()
            .run(List.of("k1"), new SplittableRandom(1))
            .trajectories()
            .get(0);
    assertFalse(t.done());
    assertEquals(0.0, t.outcomeReward(), "an episode cut off earns no outcome reward");
    assertEquals(1, t.turns().size(), "the last tool result is dropped: nothing follows it");
  }

  @Test
  void aRefusedTaskNamesTheEpisode() {
    TransformerLanguageModel model = LookupToolTraining.model(3);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> rollout(model).build().run(List.of("k0", "nope"), new SplittableRandom(1)));
    assertTrue(
        e.getMessage().contains("episode 4 (task 1)") && e.getMessage().contains("nope"),
        e.getMessage());
  }
}
