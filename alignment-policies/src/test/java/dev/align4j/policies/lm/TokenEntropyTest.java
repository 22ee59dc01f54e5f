package dev.align4j.policies.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.policies.token.ByteTokenizer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The transformer's forward pass reports the exact entropy of every completion position's next-token distribution
 * ({@link TrainablePolicy.Forward#tokenEntropies()}), against a hand value and against {@code −Σ_v e^{ℓ_v} ℓ_v} over
 * the per-position distributions.
 */
class TokenEntropyTest {
  private static final Prompt PROMPT = Prompt.of("hi!");
  private static final Completion COMPLETION = Completion.of("yo u");

  private static TransformerLanguageModel tiny(double initStd, Kernels kernels) {
    TransformerConfig config =
        TransformerConfig.builder()
            .width(8)
            .heads(2)
            .layers(2)
            .ffnWidth(12)
            .contextLength(12)
            .initStd(initStd)
            .build();
    return TransformerLanguageModel.withKernels(
        ByteTokenizer.INSTANCE, config, new SplittableRandom(11), Runnable::run, kernels);
  }

  /**
   * Hand value: with (almost) zero weights every logit is (almost) zero, the distribution is uniform over the V tokens
   * and its entropy is ln V (V = 259 for the byte tokenizer: 256 bytes and 3 specials; numpy's
   * {@code -(p*np.log(p)).sum()} for {@code p = np.full(259, 1/259)} gives 5.556828061699537).
   */
  @Test
  void uniformOutputHasEntropyLnV() {
    TransformerLanguageModel lm = tiny(1e-9, Kernels.scalar());
    TransformerForward f = lm.forward(PROMPT, COMPLETION);
    double[] h = f.tokenEntropies();
    f.release();
    assertNotNull(h);
    assertEquals(259, lm.vocabularySize());
    assertEquals(f.logProbs().length(), h.length);
    for (double v : h) {
      assertEquals(5.556828061699537, v, 1e-6);
    }
  }

  /**
   * Against the definition over the per-position log-distributions, {@code H_t = −Σ_v e^{ℓ_{t,v}} ℓ_{t,v}} (summed
   * here in double from {@link TransformerForward#distributions()}), for spread (small weights) and peaked (large
   * weights) distributions, with both kernel sets; still available after the backward pass.
   */
  @ParameterizedTest
  @ValueSource(doubles = {0.3, 3.0})
  void entropiesMatchTheDistributions(double initStd) {
    for (Kernels kernels : new Kernels[] {Kernels.scalar(), Kernels.active()}) {
      TransformerLanguageModel lm = tiny(initStd, kernels);
      TransformerForward f = lm.forward(PROMPT, COMPLETION);
      double[] rows = f.distributions().values();
      int vocab = lm.vocabularySize();
      double[] h = f.tokenEntropies();
      assertNotNull(h);
      double min = Double.POSITIVE_INFINITY;
      for (int t = 0; t < h.length; t++) {
        double expected = 0;
        for (int v = 0; v < vocab; v++) {
          double l = rows[t * vocab + v];
          expected -= Math.exp(l) * l;
        }
        assertEquals(expected, h[t], 2e-6 * Math.max(1, expected), "position " + t);
        min = Math.min(min, h[t]);
      }
      if (initStd == 3.0) {
        // the peaked case really is peaked (far below ln V), so the check covered small entropies
        assertTrue(min < 0.5 * Math.log(vocab), "min entropy " + min);
      }
      f.backwardUniform(0.0);
      assertArrayEquals(h, f.tokenEntropies());
    }
  }

  /** The batch forward gives the single forward's entropies, bit for bit, on one thread and on four. */
  @Test
  void batchEntropiesMatchSingleAtAnyThreadCount() throws Exception {
    TransformerLanguageModel lm = tiny(0.3, Kernels.active());
    double[] single = lm.forward(PROMPT, COMPLETION).tokenEntropies();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      TransformerConfig config = lm.config();
      TransformerLanguageModel parallel =
          TransformerLanguageModel.withKernels(
              ByteTokenizer.INSTANCE, config, new SplittableRandom(11), pool, Kernels.active());
      List<TransformerForward> fs =
          parallel.forwardBatch(
              List.of(Prompt.of("a"), PROMPT, Prompt.of("bc")),
              List.of(Completion.of("xyz"), COMPLETION, Completion.of("q")));
      assertArrayEquals(single, fs.get(1).tokenEntropies());
      assertEquals(fs.get(0).logProbs().length(), fs.get(0).tokenEntropies().length);
      fs.forEach(TransformerForward::release);
    } finally {
      pool.shutdown();
    }
  }
}
