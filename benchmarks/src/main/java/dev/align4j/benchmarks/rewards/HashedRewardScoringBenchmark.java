package dev.align4j.benchmarks.rewards;

import dev.align4j.core.KernelPath;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.model.HeadArchitecture;
import dev.align4j.rewards.model.RewardHead;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scoring throughput of the hashed linear reward model ({@link HashedNGramFeaturizer} in several configurations, see
 * {@link #features}, followed by a linear head) on 200-word completions, one thread. The score is in completions per
 * second (each invocation scores {@value #BATCH} different completions). Target from issue 4: ≥ 200,000 completions/s
 * on one core.
 *
 * <p>Run: {@code ALIGN4J_TARGET=target-me benchmarks/run.sh 'HashedRewardScoringBenchmark' -f 1 -wi 3 -i 5}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashedRewardScoringBenchmark {
  static final int BATCH = 512;

  /** Hash buckets. */
  @Param({"1024", "65536"})
  public int dimension;

  /**
   * "defaults" = the featurizer's defaults (script-aware word unigrams, raw counts: what a user gets); "words" = word
   * 1–2-grams, damped and L2-normalised (the configuration of the earlier recorded results), script-aware splitting;
   * "words-letter-digit" = the same with the earlier letter-or-digit-run splitting (the cost of script awareness);
   * "words+chars" adds character 3–5-grams to "words".
   */
  @Param({"defaults", "words", "words-letter-digit", "words+chars"})
  public String features;

  private FeatureRewardModel model;
  private Completion[] completions;
  private final Prompt prompt = Prompt.of("Summarise the ticket.");

  /** Builds the model with seeded weights and 512 seeded 200-word completions. */
  @Setup(Level.Trial)
  public void setUp() {
    HashedNGramFeaturizer.Builder b = HashedNGramFeaturizer.builder().dimension(dimension);
    if (!features.equals("defaults")) {
      b.wordNgrams(1, 2).sublinearTf(true).l2Normalize(true);
    }
    if (features.equals("words-letter-digit")) {
      b.wordSplitting(HashedNGramFeaturizer.WordSplitting.LETTER_DIGIT_RUNS);
    }
    if (features.equals("words+chars")) {
      b.charNgrams(3, 5);
    }
    HashedNGramFeaturizer f = b.build();
    SplittableRandom r = new SplittableRandom(7);
    float[] w = new float[dimension + 1];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    model = new FeatureRewardModel(f, new RewardHead(HeadArchitecture.linear(), dimension, w));
    SyntheticCorpus corpus = new SyntheticCorpus(20_000, 11);
    completions = new Completion[BATCH];
    double[] q = new double[1];
    for (int i = 0; i < BATCH; i++) {
      completions[i] = corpus.completion(200, q);
    }
    System.err.println("kernels: " + KernelPath.active().name() + ", mean characters per completion: "
        + Arrays.stream(completions).mapToInt(c -> c.text().length()).average().orElse(0));
  }

  /** Scores {@value #BATCH} completions. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public double score() {
    double s = 0;
    for (Completion c : completions) {
      s += model.score(prompt, c);
    }
    return s;
  }
}
