package dev.align4j.benchmarks.rewards;

import dev.align4j.core.KernelPath;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.model.HeadArchitecture;
import dev.align4j.rewards.model.RewardHead;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The workload of {@link HashedRewardScoringBenchmark} measured in completions per <em>CPU</em>-second of the scoring
 * thread as well as per wall-clock second, for machines shared with other work, where wall-clock throughput
 * understates what one core does. Ten one-second rounds after warm-up; prints the median of each.
 *
 * <p>Arguments: {@code [dimension=1024] [words per completion=200]}.
 */
public final class ScoringCpuTime {
  private ScoringCpuTime() {}

  /** Runs the measurement. */
  public static void main(String[] args) {
    int dim = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    int words = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    // the configuration of the recorded results (word 1–2-grams, damped, L2-normalised), not today's defaults
    HashedNGramFeaturizer f = HashedNGramFeaturizer.builder().dimension(dim).wordNgrams(1, 2).sublinearTf(true)
        .l2Normalize(true).build();
    SplittableRandom r = new SplittableRandom(7);
    float[] w = new float[dim + 1];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    FeatureRewardModel model = new FeatureRewardModel(f, new RewardHead(HeadArchitecture.linear(), dim, w));
    SyntheticCorpus corpus = new SyntheticCorpus(20_000, 11);
    Completion[] cs = new Completion[512];
    double[] q = new double[1];
    for (int i = 0; i < cs.length; i++) {
      cs[i] = corpus.completion(words, q);
    }
    Prompt prompt = Prompt.of("Summarise the ticket.");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double sink = 0;
    int rounds = 15;
    double[] wall = new double[rounds];
    double[] cpu = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      long n = 0;
      while (System.nanoTime() - t0 < 1_000_000_000L) {
        for (Completion c : cs) {
          sink += model.score(prompt, c);
        }
        n += cs.length;
      }
      wall[round] = n / ((System.nanoTime() - t0) / 1e9);
      cpu[round] = n / ((mx.getCurrentThreadCpuTime() - c0) / 1e9);
    }
    double[] w10 = Arrays.copyOfRange(wall, 5, rounds);
    double[] c10 = Arrays.copyOfRange(cpu, 5, rounds);
    Arrays.sort(w10);
    Arrays.sort(c10);
    System.out.printf(Locale.ROOT, "dimension %d, %d-word completions, kernels %s: median %.0f completions/s (wall),"
        + " %.0f completions per CPU-second (checksum %.3f)%n", dim, words, KernelPath.active().name(),
        (w10[4] + w10[5]) / 2, (c10[4] + c10[5]) / 2, sink);
  }
}
