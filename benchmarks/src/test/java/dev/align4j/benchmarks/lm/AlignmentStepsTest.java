package dev.align4j.benchmarks.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's paths do the same work: after the same steps, the raw batch path and the optimiser leave the policy
 * with the same parameters (probed through the log-probabilities of a fixed sequence), the parameters did move, and
 * every step counts the tokens it claims. A raw path that skipped the reference, mis-signed a gradient or used another
 * learning rate would leave other parameters, and the throughput ratio would compare different work.
 */
class AlignmentStepsTest {
  private static final Prompt PROBE_PROMPT = Prompt.of("q");
  private static final Completion PROBE =
      new Completion("the probe", new int[] {116, 104, 101, 32, 112, 114, 111, 98, 101}, null);

  private static double[] probe(AlignmentStep step) {
    return step.policy().logProbs(PROBE_PROMPT, PROBE).values();
  }

  private static double maxAbsDiff(double[] a, double[] b) {
    assertEquals(a.length, b.length);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @Test
  void dpoRawPathAndOptimizerTrainTheSameParametersOnTwoThreads() {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      AlignmentStep raw = DpoSteps.raw(pool, DpoSteps.batches(3));
      AlignmentStep optimizer = DpoSteps.optimizer(pool, DpoSteps.batches(3));
      double[] before = probe(raw);
      for (int s = 0; s < 3; s++) {
        assertEquals(2 * DpoSteps.PAIRS * AlignmentStep.SEQUENCE_TOKENS, raw.run());
        assertEquals(2 * DpoSteps.PAIRS * AlignmentStep.SEQUENCE_TOKENS, optimizer.run());
      }
      double[] afterRaw = probe(raw);
      double moved = maxAbsDiff(before, afterRaw);
      assertTrue(moved > 1e-5, "the steps must change the parameters, moved " + moved);
      double diff = maxAbsDiff(afterRaw, probe(optimizer));
      // float32 sums of concurrent backward passes may round differently; a different update would
      // differ by ~moved
      assertTrue(
          diff <= 1e-2 * moved,
          "raw and optimiser paths must train alike, differ by " + diff + ", moved " + moved);
      assertEquals(3, raw.policy().stepCount());
      assertEquals(3, optimizer.policy().stepCount());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void grpoRawPathAndOptimizerSampleAndTrainAlike() {
    AlignmentStep raw = GrpoSteps.raw(Runnable::run);
    AlignmentStep optimizer = GrpoSteps.optimizer(Runnable::run);
    AlignmentStep update = GrpoSteps.rawUpdate(Runnable::run, 2);
    double[] before = probe(raw);
    for (int s = 0; s < 2; s++) {
      long tokens = raw.run();
      assertEquals(
          tokens, optimizer.run(), "both paths sample the same completions at step " + (s + 1));
      assertTrue(
          tokens > 16 * 3 && tokens <= 16 * AlignmentStep.SEQUENCE_TOKENS, "tokens " + tokens);
      long u = update.run();
      assertTrue(u > 16 * 3 && u <= 16 * AlignmentStep.SEQUENCE_TOKENS, "tokens " + u);
    }
    double[] afterRaw = probe(raw);
    double moved = maxAbsDiff(before, afterRaw);
    assertTrue(moved > 1e-5, "the steps must change the parameters, moved " + moved);
    double diff = maxAbsDiff(afterRaw, probe(optimizer));
    assertTrue(
        diff <= 1e-2 * moved,
        "raw and optimiser paths must train alike, differ by " + diff + ", moved " + moved);
  }
}
