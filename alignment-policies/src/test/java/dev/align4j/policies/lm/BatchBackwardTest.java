package dev.align4j.policies.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.TokenGradients;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.policies.token.ByteTokenizer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transformer's native batch API: a fixed summation order (bit-identical on one and on two threads), batch = sum
 * of single passes, constants and slices read in place, value gradients, and refused batches that change nothing.
 */
class BatchBackwardTest {

  private static TransformerConfig config(int shards) {
    return TransformerConfig.builder()
        .width(16)
        .heads(2)
        .layers(2)
        .contextLength(24)
        .positions(PositionEncoding.ROTARY)
        .valueHead(true)
        .gradientShards(shards)
        .build();
  }

  private static TransformerLanguageModel model(
      int shards, java.util.concurrent.Executor executor) {
    return TransformerLanguageModel.withKernels(
        ByteTokenizer.INSTANCE,
        config(shards),
        new SplittableRandom(41),
        executor,
        Kernels.active());
  }

  /** A batch of {@code n} examples of different lengths. */
  private static final class Batch {
    final List<Prompt> prompts = new ArrayList<>();
    final List<Completion> completions = new ArrayList<>();
    final int[] lengths;

    Batch(int n, long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      lengths = new int[n];
      for (int i = 0; i < n; i++) {
        prompts.add(Prompt.of("question " + r.nextInt(1000)));
        StringBuilder sb = new StringBuilder();
        int len = 1 + r.nextInt(9);
        for (int t = 0; t < len; t++) {
          sb.append((char) ('a' + r.nextInt(26)));
        }
        completions.add(Completion.of(sb.toString()));
        lengths[i] = len + 1; // EOS appended
      }
    }

    int tokens() {
      return Arrays.stream(lengths).sum();
    }
  }

  private static double[] gaussians(int n, SplittableRandom r) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextGaussian();
    }
    return a;
  }

  private static byte[] state(TransformerLanguageModel lm) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      lm.writeState(out);
    }
    return bytes.toByteArray();
  }

  /** Optimiser-like steps alternating per-sequence and per-token gradients (and value gradients). */
  private static byte[] train(TransformerLanguageModel lm, int steps) throws IOException {
    SplittableRandom r = new SplittableRandom(5);
    for (int s = 0; s < steps; s++) {
      Batch b = new Batch(12, 100 + s);
      lm.zeroGrad();
      List<TransformerForward> fs = lm.forwardBatch(b.prompts, b.completions);
      switch (s % 3) {
        case 0 -> lm.backwardBatch(fs, TokenGradients.perSequence(gaussians(fs.size(), r)));
        case 1 ->
            lm.backwardBatch(fs, TokenGradients.perToken(gaussians(b.tokens(), r), b.lengths));
        default ->
            lm.backwardBatch(
                fs,
                TokenGradients.perToken(gaussians(b.tokens(), r), b.lengths),
                TokenGradients.perToken(gaussians(b.tokens(), r), b.lengths));
      }
      lm.step(1e-2);
    }
    return state(lm);
  }

  /**
   * Six optimiser-like steps give the same state, bit for bit, on the caller's thread, a 1-thread pool and a 2-thread
   * pool. With the former arrival-ordered accumulation (each example a task; the first to take the lock writes into
   * the gradient, the others add private buffers as they finish) the 1- and 2-thread states differ.
   */
  @Test
  void trainingIsBitIdenticalOnOneAndOnTwoThreads() throws IOException {
    ExecutorService one = Executors.newFixedThreadPool(1);
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      byte[] caller = train(model(TransformerConfig.DEFAULT_GRADIENT_SHARDS, Runnable::run), 6);
      byte[] single = train(model(TransformerConfig.DEFAULT_GRADIENT_SHARDS, one), 6);
      byte[] pair = train(model(TransformerConfig.DEFAULT_GRADIENT_SHARDS, two), 6);
      byte[] pairAgain = train(model(TransformerConfig.DEFAULT_GRADIENT_SHARDS, two), 6);
      assertArrayEquals(caller, single, "caller thread vs a 1-thread pool");
      assertArrayEquals(single, pair, "1 thread vs 2 threads");
      assertArrayEquals(pair, pairAgain, "2 threads, twice");
      // the shard count is part of the result (a different summation order), so the comparison
      // above has teeth
      byte[] otherShards = train(model(3, two), 6);
      assertTrue(
          !Arrays.equals(pair, otherShards),
          "3 shards sum in another order than 4: the bits differ");
    } finally {
      one.shutdownNow();
      two.shutdownNow();
    }
  }

  /** Per-parameter gradients of each example by a single backward pass each, on a fresh zeroGrad. */
  private static float[][] singleGradients(
      TransformerLanguageModel lm,
      Batch b,
      java.util.function.IntFunction<java.util.function.Consumer<TransformerForward>> backward) {
    float[][] out = new float[b.prompts.size()][];
    for (int i = 0; i < out.length; i++) {
      lm.zeroGrad();
      backward.apply(i).accept(lm.forward(b.prompts.get(i), b.completions.get(i)));
      out[i] = lm.gradients().clone();
    }
    lm.zeroGrad();
    return out;
  }

  /**
   * The batch gradient against the double-precision sum of the single-pass gradients: within 1e-6 of the sum of the
   * magnitudes (the float rounding bound of a sum), and the gradients are not all zero.
   */
  private static void assertSumOfSingles(float[][] singles, float[] batch) {
    double largest = 0;
    for (int p = 0; p < batch.length; p++) {
      double sum = 0;
      double magnitude = 0;
      for (float[] s : singles) {
        sum += s[p];
        magnitude += Math.abs(s[p]);
      }
      largest = Math.max(largest, Math.abs(sum));
      assertEquals(sum, batch[p], 1e-6 * magnitude + 1e-12, "gradient " + p);
    }
    assertTrue(largest > 1e-3, "the gradients are not all zero");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 7})
  void batchBackwardEqualsTheSumOfSingleBackwards(int shards) {
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      TransformerLanguageModel lm = model(shards, two);
      Batch b = new Batch(9, 7);
      SplittableRandom r = new SplittableRandom(8);
      double[] perSequence = gaussians(9, r);
      double[] perToken = gaussians(b.tokens(), r);
      int[] offsets = new int[10];
      for (int i = 0; i < 9; i++) {
        offsets[i + 1] = offsets[i] + b.lengths[i];
      }
      float[][] uniform =
          singleGradients(
              lm,
              b,
              i ->
                  f -> {
                    double[] g = new double[f.length()];
                    Arrays.fill(g, perSequence[i]);
                    f.backward(g);
                  });
      lm.backwardBatch(
          lm.forwardBatch(b.prompts, b.completions), TokenGradients.perSequence(perSequence));
      assertSumOfSingles(uniform, lm.gradients());

      float[][] tokens =
          singleGradients(
              lm,
              b,
              i -> f -> f.backward(Arrays.copyOfRange(perToken, offsets[i], offsets[i + 1])));
      lm.backwardBatch(
          lm.forwardBatch(b.prompts, b.completions), TokenGradients.perToken(perToken, b.lengths));
      assertSumOfSingles(tokens, lm.gradients());
      if (shards == 1) {
        // one shard: every example straight into the gradient in index order, as a loop of single
        // passes
        lm.zeroGrad();
        for (int i = 0; i < 9; i++) {
          lm.forward(b.prompts.get(i), b.completions.get(i))
              .backward(Arrays.copyOfRange(perToken, offsets[i], offsets[i + 1]));
        }
        float[] loop = lm.gradients().clone();
        lm.zeroGrad();
        lm.backwardBatch(
            lm.forwardBatch(b.prompts, b.completions),
            TokenGradients.perToken(perToken, b.lengths));
        assertArrayEquals(loop, lm.gradients());
      }
    } finally {
      two.shutdownNow();
    }
  }

  @Test
  void batchBackwardAddsToTheAccumulatedGradient() {
    TransformerLanguageModel lm = model(4, Runnable::run);
    Batch b = new Batch(6, 9);
    double[] g = gaussians(6, new SplittableRandom(10));
    lm.zeroGrad();
    lm.backwardBatch(lm.forwardBatch(b.prompts, b.completions), TokenGradients.perSequence(g));
    float[] once = lm.gradients().clone();
    lm.backwardBatch(lm.forwardBatch(b.prompts, b.completions), TokenGradients.perSequence(g));
    float[] twice = lm.gradients();
    double largest = 0;
    for (float x : once) {
      largest = Math.max(largest, Math.abs(x));
    }
    // float rounding of sums whose terms cancel: relative to the gradient's scale where an element
    // is small
    for (int p = 0; p < once.length; p++) {
      assertEquals(
          2.0 * once[p], twice[p], 1e-5 * Math.abs(once[p]) + 1e-6 * largest, "gradient " + p);
    }
  }

  @Test
  void backwardUniformEqualsBackwardOfAFilledArray() {
    TransformerLanguageModel lm = model(4, Runnable::run);
    Prompt p = Prompt.of("what?");
    Completion c = Completion.of("this one");
    lm.zeroGrad();
    TransformerForward f = lm.forward(p, c);
    double[] filled = new double[f.length()];
    Arrays.fill(filled, -0.37);
    f.backward(filled);
    float[] viaArray = lm.gradients().clone();
    lm.zeroGrad();
    lm.forward(p, c).backwardUniform(-0.37);
    // the same float operations in the same order: equal bit for bit
    assertArrayEquals(viaArray, lm.gradients());
    assertNotEquals(0f, lm.gradients()[lm.layout().wOut], 0f);
  }

  @Test
  void offsetReadsEqualCopiedSlices() {
    TransformerLanguageModel lm = model(4, Runnable::run);
    Prompt p = Prompt.of("where?");
    Completion c = Completion.of("here");
    int n = lm.forward(p, c).length();
    double[] big = gaussians(n + 11, new SplittableRandom(12));
    double[] values = gaussians(n + 11, new SplittableRandom(13));
    int offset = 6;
    lm.zeroGrad();
    lm.forward(p, c).backward(Arrays.copyOfRange(big, offset, offset + n));
    float[] copied = lm.gradients().clone();
    lm.zeroGrad();
    lm.forward(p, c).backward(big, offset);
    assertArrayEquals(copied, lm.gradients(), "token gradients read in place");

    lm.zeroGrad();
    lm.forward(p, c)
        .backward(
            Arrays.copyOfRange(big, offset, offset + n),
            Arrays.copyOfRange(values, offset, offset + n));
    float[] copiedBoth = lm.gradients().clone();
    lm.zeroGrad();
    lm.forward(p, c).backward(big, values, offset);
    assertArrayEquals(copiedBoth, lm.gradients(), "token and value gradients read in place");
    assertTrue(!Arrays.equals(copied, copiedBoth), "the value gradients were read");
  }

  @Test
  void valueHeadBatchBackwardEqualsSinglePassesAndFeedsTheValueBias() {
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      TransformerLanguageModel lm = model(4, two);
      Batch b = new Batch(7, 14);
      SplittableRandom r = new SplittableRandom(15);
      double[] dl = gaussians(b.tokens(), r);
      double[] dv = gaussians(b.tokens(), r);
      int[] offsets = new int[8];
      for (int i = 0; i < 7; i++) {
        offsets[i + 1] = offsets[i] + b.lengths[i];
      }
      float[][] singles =
          singleGradients(
              lm,
              b,
              i ->
                  f ->
                      f.backward(
                          Arrays.copyOfRange(dl, offsets[i], offsets[i + 1]),
                          Arrays.copyOfRange(dv, offsets[i], offsets[i + 1])));
      List<TransformerForward> fs = lm.forwardBatchWithValues(b.prompts, b.completions);
      for (int i = 0; i < 7; i++) {
        assertEquals(b.lengths[i], fs.get(i).values().length, "values of example " + i);
      }
      lm.backwardBatch(
          fs, TokenGradients.perToken(dl, b.lengths), TokenGradients.perToken(dv, b.lengths));
      assertSumOfSingles(singles, lm.gradients());
      // ∂(Σ dv_t·V_t)/∂b = Σ dv_t: the value bias gradient is the sum of the value gradients
      double sum = Arrays.stream(dv).sum();
      assertEquals(sum, lm.gradients()[lm.layout().bValue], 1e-5 * (1 + Math.abs(sum)));
    } finally {
      two.shutdownNow();
    }
  }

  @Test
  void logProbsBatchEqualsLogProbs() {
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      TransformerLanguageModel lm = model(4, two);
      Batch b = new Batch(5, 16);
      List<TokenLogProbs> batch = lm.logProbsBatch(b.prompts, b.completions);
      List<TokenLogProbs> frozen = lm.frozenCopy().logProbsBatch(b.prompts, b.completions);
      for (int i = 0; i < 5; i++) {
        double[] single = lm.logProbs(b.prompts.get(i), b.completions.get(i)).values();
        assertArrayEquals(single, batch.get(i).values(), 1e-6, "example " + i);
        assertArrayEquals(single, frozen.get(i).values(), 1e-6, "frozen copy, example " + i);
      }
    } finally {
      two.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- refused batches

  /** Asserts that {@code call} throws {@code type} naming {@code named}, and that the gradient did not change. */
  private static <T extends RuntimeException> void assertRefusedUnchanged(
      TransformerLanguageModel lm, Class<T> type, String named, Runnable call) {
    float[] before = lm.gradients().clone();
    T e = assertThrows(type, call::run);
    assertArrayEquals(
        before, lm.gradients(), "a refused batch changed the gradient: " + e.getMessage());
    assertTrue(
        e.getMessage().contains(named), "the message names " + named + ": " + e.getMessage());
  }

  @Test
  void aRefusedBatchChangesNoGradientAndKeepsItsForwardsUsable() {
    TransformerLanguageModel lm = model(4, Runnable::run);
    TransformerLanguageModel other = model(4, Runnable::run);
    Batch b = new Batch(6, 17);
    lm.zeroGrad();
    // some gradient is already accumulated: a refusal must leave exactly it
    lm.forward(b.prompts.get(0), b.completions.get(0)).backwardUniform(0.5);
    List<TransformerForward> fs = lm.forwardBatch(b.prompts, b.completions);
    SplittableRandom r = new SplittableRandom(18);

    assertRefusedUnchanged(
        lm,
        IllegalArgumentException.class,
        "gradients",
        () -> lm.backwardBatch(fs, TokenGradients.perSequence(gaussians(5, r))));
    int[] wrong = b.lengths.clone();
    wrong[4] += 1;
    assertRefusedUnchanged(
        lm,
        IllegalArgumentException.class,
        "sequence 4",
        () -> lm.backwardBatch(fs, TokenGradients.perToken(gaussians(b.tokens() + 1, r), wrong)));
    // NaN in the last sequence, written after construction (the arrays are not copied): nothing is
    // accumulated
    double[] perSequence = gaussians(6, r);
    TokenGradients.PerSequence nanLater = TokenGradients.perSequence(perSequence);
    perSequence[5] = Double.NaN;
    assertRefusedUnchanged(
        lm,
        IllegalArgumentException.class,
        "gradients.values()[5]",
        () -> lm.backwardBatch(fs, nanLater));
    double[] perToken = gaussians(b.tokens(), r);
    TokenGradients.PerToken nanToken = TokenGradients.perToken(perToken, b.lengths);
    perToken[perToken.length - 1] = Double.POSITIVE_INFINITY;
    assertRefusedUnchanged(
        lm,
        IllegalArgumentException.class,
        "gradients.values()[" + (perToken.length - 1) + "]",
        () -> lm.backwardBatch(fs, nanToken));
    // offsets shifted after construction: every token count still fits, but the last slice would
    // leave the array
    double[] shiftedValues = gaussians(b.tokens(), r);
    TokenGradients.PerToken shiftedLater = TokenGradients.perToken(shiftedValues, b.lengths);
    for (int i = 0; i < shiftedLater.offsets().length; i++) {
      shiftedLater.offsets()[i] += 1;
    }
    assertRefusedUnchanged(
        lm,
        IllegalArgumentException.class,
        "gradients.offsets() must run from 0",
        () -> lm.backwardBatch(fs, shiftedLater));
    double[] values = gaussians(b.tokens(), r);
    TokenGradients.PerToken goodTokens =
        TokenGradients.perToken(gaussians(b.tokens(), r), b.lengths);
    TokenGradients.PerToken nanValues = TokenGradients.perToken(values, b.lengths);
    values[values.length - 1] = Double.NaN;
    assertRefusedUnchanged(
        lm,
        IllegalArgumentException.class,
        "dLossDValues.values()",
        () -> lm.backwardBatch(fs, goodTokens, nanValues));
    int[] shifted = b.lengths.clone();
    shifted[0] += 1;
    shifted[1] -= shifted[1] > 1 ? 1 : -1;
    int shiftedTokens = Arrays.stream(shifted).sum();
    assertRefusedUnchanged(
        lm,
        IllegalArgumentException.class,
        "dLossDValues",
        () ->
            lm.backwardBatch(
                fs, goodTokens, TokenGradients.perToken(gaussians(shiftedTokens, r), shifted)));
    // a forward of another model, and the same forward twice
    List<TrainablePolicy.Forward> foreign = new ArrayList<>(fs);
    foreign.set(3, other.forward(b.prompts.get(3), b.completions.get(3)));
    assertRefusedUnchanged(
        lm,
        IllegalArgumentException.class,
        "forwards[3]",
        () -> lm.backwardBatch(foreign, TokenGradients.perSequence(gaussians(6, r))));
    List<TransformerForward> twice = new ArrayList<>(fs);
    twice.set(5, fs.get(2));
    assertRefusedUnchanged(
        lm,
        IllegalStateException.class,
        "batch example 5",
        () -> lm.backwardBatch(twice, TokenGradients.perSequence(gaussians(6, r))));

    // the forwards kept their activations: the batch still runs, and gives the gradient of a fresh
    // batch
    float[] before = lm.gradients().clone();
    double[] g = gaussians(6, r);
    lm.backwardBatch(fs, TokenGradients.perSequence(g));
    float[] after = lm.gradients().clone();
    lm.zeroGrad();
    lm.backwardBatch(lm.forwardBatch(b.prompts, b.completions), TokenGradients.perSequence(g));
    for (int p = 0; p < after.length; p++) {
      assertEquals(
          after[p] - before[p],
          lm.gradients()[p],
          1e-5 * (1 + Math.abs(after[p])),
          "gradient " + p);
    }
    assertThrows(
        IllegalStateException.class,
        () -> lm.backwardBatch(fs, TokenGradients.perSequence(g)),
        "a batch already back-propagated is refused");
  }

  @Test
  void singlePassesRefuseBadRangesAndValuesWithNamedMessages() {
    TransformerLanguageModel lm = model(4, Runnable::run);
    TransformerLanguageModel noValueHead =
        TransformerLanguageModel.create(
            ByteTokenizer.INSTANCE, config(4).toBuilder().valueHead(false).build(), 3);
    Prompt p = Prompt.of("why?");
    Completion c = Completion.of("because");
    lm.zeroGrad();
    TransformerForward f = lm.forward(p, c);
    int n = f.length();
    float[] zero = lm.gradients().clone();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> f.backwardUniform(Double.NaN));
    assertTrue(
        e.getMessage().contains("dLossDSequenceLogProb") && e.getMessage().contains("NaN"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> f.backward(new double[n + 2], 3));
    assertTrue(
        e.getMessage().contains("offset into tokenGradients") && e.getMessage().contains("was 3"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> f.backward(new double[n + 2], -1));
    assertTrue(e.getMessage().contains("was -1"), e.getMessage());
    double[] withNaN = new double[n + 2];
    withNaN[n] = Double.NaN;
    e = assertThrows(IllegalArgumentException.class, () -> f.backward(withNaN, 1));
    assertTrue(e.getMessage().contains("tokenGradients[" + n + "]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> f.backward(new double[n], new double[n + 1], 0));
    assertTrue(e.getMessage().contains("dLossDValues"), e.getMessage());
    assertArrayEquals(zero, lm.gradients(), "refused single passes changed nothing");
    f.backward(new double[n + 2], 2); // the forward is still usable
    assertThrows(
        IllegalStateException.class, () -> f.backwardUniform(1.0), "a second backward pass");
    TransformerForward nv = noValueHead.forward(p, c);
    assertThrows(IllegalStateException.class, () -> nv.backward(new double[n], new double[n], 0));
    assertThrows(
        IllegalStateException.class,
        () -> noValueHead.forwardBatchWithValues(List.of(p), List.of(c)));
  }
}
