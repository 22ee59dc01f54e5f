package dev.align4j.examples;

import dev.align4j.core.SamplingParameters;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.trajectory.Trajectory;
import dev.align4j.core.trajectory.Turn;
import dev.align4j.optimizers.trajectory.LookupToolEnvironment;
import dev.align4j.optimizers.trajectory.MultiTurnGrpoOptimizer;
import dev.align4j.optimizers.trajectory.MultiTurnRollout;
import dev.align4j.optimizers.trajectory.TrajectoryCredit;
import dev.align4j.policies.lm.TransformerConfig;
import dev.align4j.policies.lm.TransformerLanguageModel;
import dev.align4j.policies.token.ClosedVocabularyTokenizer;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Multi-turn GRPO on a tool-use task: a small pure-Java transformer, starting from random weights, learns to call a
 * {@code lookup} tool with the key it was asked about and to answer with the value the tool returned
 * ({@link LookupToolEnvironment}, MT-GRPO's two-turn setting). Each episode is one token sequence (the call, the tool
 * result, the answer) whose tool-result tokens are masked out of the loss.
 *
 * <p>It trains the same initial model twice, with MT-GRPO's turn-level credit and with the trajectory-level GRPO
 * baseline, and prints the success rate (share of right answers over 64 sampled episodes) before and after each.
 * Run it with {@code mvn -B -ntp -q -pl examples -am exec:java
 * -Dexec.mainClass=dev.align4j.examples.MultiTurnToolUseExample}; an optional argument sets the number of steps
 * (default 150).
 */
public final class MultiTurnToolUseExample {
  private static final Map<String, String> TABLE =
      Map.of("k0", "v2", "k1", "v0", "k2", "v3", "k3", "v1");
  private static final List<String> TASKS = List.of("k0", "k1", "k2", "k3");
  private static final SamplingParameters ONE_WORD = SamplingParameters.DEFAULT.withMaxTokens(1);

  private MultiTurnToolUseExample() {}

  /**
   * The success rates of one run.
   *
   * @param before the initial model's
   * @param turnLevel after training with MT-GRPO's turn-level credit
   * @param trajectoryLevel after training with the trajectory-level GRPO baseline
   */
  public record Report(double before, double turnLevel, double trajectoryLevel) {}

  /** Runs the example with the number of steps given as the first argument (default 150). */
  public static void main(String[] args) {
    run(args.length > 0 ? Integer.parseInt(args[0]) : 150, System.out);
  }

  /** Trains both variants for {@code steps} steps and prints what it measured. */
  public static Report run(int steps, PrintStream out) {
    TransformerLanguageModel probe = model();
    double before = successRate(probe);
    out.printf(
        Locale.ROOT,
        "Lookup-tool task: %d keys, prompt = key, turn 1 = tool argument, turn 2 = answer%n",
        TABLE.size());
    out.printf(
        Locale.ROOT,
        "transformer with %d parameters; success rate before training: %.3f%n",
        probe.parameterCount(),
        before);
    double turn = train("MT-GRPO turn-level credit", TrajectoryCredit.turnLevel(), steps, out);
    double traj =
        train("trajectory-level GRPO baseline", TrajectoryCredit.groupRelative(), steps, out);
    return new Report(before, turn, traj);
  }

  private static double train(String name, TrajectoryCredit credit, int steps, PrintStream out) {
    TransformerLanguageModel model = model();
    MultiTurnGrpoOptimizer.Builder<String> b =
        MultiTurnGrpoOptimizer.builder(model, () -> new LookupToolEnvironment(TABLE))
            .credit(credit)
            .learningRate(5e-3)
            .seed(7);
    b.rollout().groupSize(8).maxTurns(2).sampling(ONE_WORD);
    MultiTurnGrpoOptimizer<String> optimizer = b.build();
    StepMetrics last = null;
    for (int s = 0; s < steps; s++) {
      last = optimizer.step(TASKS);
    }
    double after = successRate(model);
    out.printf(
        Locale.ROOT,
        "%s, %d steps: success rate %.3f (last step: reward/turn %.3f, reward/outcome %.3f)%n",
        name,
        steps,
        after,
        last == null ? 0.0 : last.get("reward/turn"),
        last == null ? 0.0 : last.get("reward/outcome"));
    Trajectory sample =
        rollout(model, 1).run(List.of("k2"), new SplittableRandom(3)).trajectories().get(0);
    StringBuilder sb = new StringBuilder();
    for (Turn t : sample.turns()) {
      sb.append(' ').append(t.role().wireName()).append(": \"").append(t.text()).append('"');
    }
    out.printf(Locale.ROOT, "  one episode on k2 (expect lookup k2 -> v3):%s%n", sb);
    return after;
  }

  private static TransformerLanguageModel model() {
    ClosedVocabularyTokenizer tokenizer =
        ClosedVocabularyTokenizer.of(
            List.of("k0", "k1", "k2", "k3", "v0", "v1", "v2", "v3", LookupToolEnvironment.UNKNOWN));
    TransformerConfig config =
        TransformerConfig.builder()
            .contextLength(16)
            .width(32)
            .layers(1)
            .heads(2)
            .ffnWidth(64)
            .build();
    return TransformerLanguageModel.create(tokenizer, config, 1);
  }

  private static MultiTurnRollout<String> rollout(TransformerLanguageModel model, int episodes) {
    return MultiTurnRollout.builder(model, () -> new LookupToolEnvironment(TABLE))
        .groupSize(episodes)
        .maxTurns(2)
        .sampling(ONE_WORD)
        .build();
  }

  private static double successRate(TransformerLanguageModel model) {
    List<Trajectory> episodes =
        rollout(model, 16).run(TASKS, new SplittableRandom(99)).trajectories();
    double wins = 0;
    for (Trajectory t : episodes) {
      wins += t.outcomeReward();
    }
    return wins / episodes.size();
  }
}
