package dev.align4j.optimizers.trajectory;

import dev.align4j.core.SamplingParameters;
import dev.align4j.core.trajectory.Trajectory;
import dev.align4j.policies.lm.TransformerConfig;
import dev.align4j.policies.lm.TransformerLanguageModel;
import dev.align4j.policies.token.ClosedVocabularyTokenizer;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;

/** The lookup-tool task, the small transformer and the success rate the training tests share. */
final class LookupToolTraining {
  static final Map<String, String> TABLE = Map.of("k0", "v2", "k1", "v0", "k2", "v3", "k3", "v1");
  static final List<String> TASKS = List.of("k0", "k1", "k2", "k3");
  static final ClosedVocabularyTokenizer TOKENIZER =
      ClosedVocabularyTokenizer.of(
          List.of("k0", "k1", "k2", "k3", "v0", "v1", "v2", "v3", LookupToolEnvironment.UNKNOWN));

  /** One word per turn: the tool call's argument, then the answer. */
  static final SamplingParameters ONE_WORD = SamplingParameters.DEFAULT.withMaxTokens(1);

  private LookupToolTraining() {}

  static TransformerLanguageModel model(long seed) {
    return model(seed, Runnable::run);
  }

  /** The same model whose batch methods run on {@code executor}. */
  static TransformerLanguageModel model(long seed, Executor executor) {
    TransformerConfig config =
        TransformerConfig.builder()
            .contextLength(16)
            .width(32)
            .layers(1)
            .heads(2)
            .ffnWidth(64)
            .build();
    // scalar kernels: the same numbers on every machine, and no Vector API warm-up in a
    // seconds-long test
    return TransformerLanguageModel.create(
        TOKENIZER, config, new SplittableRandom(seed), executor, true);
  }

  /** The share of episodes whose answer is right, over {@code episodesPerTask} sampled episodes of every task. */
  static double successRate(TransformerLanguageModel model, int episodesPerTask, long seed) {
    MultiTurnRollout<String> rollout =
        MultiTurnRollout.builder(model, () -> new LookupToolEnvironment(TABLE))
            .groupSize(episodesPerTask)
            .maxTurns(2)
            .sampling(ONE_WORD)
            .build();
    List<Trajectory> episodes = rollout.run(TASKS, new SplittableRandom(seed)).trajectories();
    double wins = 0;
    for (Trajectory t : episodes) {
      wins += t.outcomeReward();
    }
    return wins / episodes.size();
  }
}
