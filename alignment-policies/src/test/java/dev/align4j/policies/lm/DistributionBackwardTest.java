package dev.align4j.policies.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.DistributionPolicy;
import dev.align4j.core.TokenDistributions;
import dev.align4j.core.TopKLogProbs;
import dev.align4j.core.math.StableMath;
import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.policies.token.ByteTokenizer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The per-position distributions of the transformer and the backward pass of a loss of them, against central finite
 * differences. The loss is {@code L = Σ_t w_t·log π(y_t) + Σ_{t,v} W_{t,v}·log π(v | …, y_<t)} with random weights, so
 * the log-softmax Jacobian of every output row is exercised (a missing {@code −p_j·Σ_v G_v} term fails it).
 */
class DistributionBackwardTest {
  private static final Prompt PROMPT = Prompt.of("hi!");
  private static final Completion COMPLETION = Completion.of("yo u");

  private static TransformerLanguageModel tiny(PositionEncoding positions, Kernels kernels) {
    TransformerConfig config =
        TransformerConfig.builder()
            .width(8)
            .heads(2)
            .layers(2)
            .ffnWidth(12)
            .contextLength(12)
            .positions(positions)
            .initStd(0.3)
            .build();
    return TransformerLanguageModel.withKernels(
        ByteTokenizer.INSTANCE, config, new SplittableRandom(11), Runnable::run, kernels);
  }

  private static double loss(TransformerLanguageModel lm, double[] w, double[] dist) {
    TransformerForward f = lm.forward(PROMPT, COMPLETION);
    double[] lp = f.logProbs().values();
    double[] rows = f.distributions().values();
    f.release();
    double s = 0;
    for (int t = 0; t < lp.length; t++) {
      s += w[t] * lp[t];
    }
    for (int i = 0; i < rows.length; i++) {
      s += dist[i] * rows[i];
    }
    return s;
  }

  @ParameterizedTest
  @EnumSource(PositionEncoding.class)
  void distributionGradientMatchesFiniteDifferences(PositionEncoding positions) {
    for (Kernels kernels : new Kernels[] {Kernels.scalar(), Kernels.active()}) {
      TransformerLanguageModel lm = tiny(positions, kernels);
      int n = 5;
      int vocab = lm.vocabularySize();
      SplittableRandom r = new SplittableRandom(7);
      double[] w = new double[n];
      double[] dist = new double[n * vocab];
      for (int t = 0; t < n; t++) {
        w[t] = r.nextDouble() * 2 - 1;
      }
      for (int i = 0; i < dist.length; i++) {
        // sparse-ish weights with a few large entries, like a KL gradient concentrated on likely
        // tokens
        dist[i] = r.nextInt(20) == 0 ? r.nextDouble() * 4 - 2 : (r.nextDouble() - 0.5) * 0.02;
      }
      lm.zeroGrad();
      TransformerForward f = lm.forward(PROMPT, COMPLETION);
      f.distributions();
      f.backwardWithDistributions(w, dist);
      float[] grad = lm.gradients().clone();
      float[] params = lm.parameters();
      Layout s = lm.layout();
      int[][] tensors = {
        {s.tokEmb + 'h' * s.d, s.d},
        {s.wQkv[0], 3 * s.d * s.d},
        {s.w1[1], s.d * s.f},
        {s.lnfG, s.d},
        {s.lnfB, s.d},
        {s.wOut, s.d * s.vocab},
        {s.ln2G[0], s.d}
      };
      double h = 1e-2;
      for (int[] tensor : tensors) {
        for (int trial = 0; trial < 5; trial++) {
          int idx = tensor[0] + r.nextInt(tensor[1]);
          float saved = params[idx];
          params[idx] = (float) (saved + h);
          double plus = loss(lm, w, dist);
          params[idx] = (float) (saved - h);
          double minus = loss(lm, w, dist);
          params[idx] = saved;
          double fd = (plus - minus) / (2 * h);
          assertEquals(
              fd,
              grad[idx],
              2e-3 + 2e-2 * Math.abs(fd),
              positions + " " + kernels.name() + " parameter " + idx);
        }
      }
    }
  }

  @Test
  void rowsAreNormalisedAndHoldTheProducedTokensLogProbs() {
    TransformerLanguageModel lm = tiny(PositionEncoding.LEARNED, Kernels.scalar());
    TransformerForward f = lm.forward(PROMPT, COMPLETION);
    TokenDistributions d = f.distributions();
    int[] produced = {'y', 'o', ' ', 'u', ByteTokenizer.INSTANCE.eos()};
    assertEquals(5, d.length());
    assertEquals(lm.vocabularySize(), d.vocabularySize());
    for (int t = 0; t < 5; t++) {
      assertEquals(0.0, StableMath.logSumExp(d.row(t)), 1e-9);
      assertEquals(f.logProbs().get(t), d.logProb(t, produced[t]), 1e-5);
    }
    f.release();
    // the no-gradient path and the frozen copy (a teacher) return the same rows
    assertArrayEquals(d.values(), lm.tokenDistributions(PROMPT, COMPLETION).values());
    DistributionPolicy frozen = lm.frozenCopy();
    assertEquals(lm.vocabularySize(), frozen.vocabularySize());
    assertArrayEquals(d.values(), frozen.tokenDistributions(PROMPT, COMPLETION).values());
    TopKLogProbs top = d.topK(3);
    for (int t = 0; t < 5; t++) {
      double[] row = d.row(t);
      Arrays.sort(row);
      assertEquals(row[row.length - 1], top.logProb(t, 0));
      assertEquals(row[row.length - 3], top.logProb(t, 2));
      assertEquals(d.logProb(t, top.token(t, 1)), top.logProb(t, 1));
    }
  }

  @Test
  void refusesBadShapesAndLateCalls() {
    TransformerLanguageModel lm = tiny(PositionEncoding.LEARNED, Kernels.scalar());
    TransformerForward f = lm.forward(PROMPT, COMPLETION);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> f.backwardWithDistributions(null, new double[7]));
    assertTrue(
        e.getMessage().contains("dLossDLogDistributions") && e.getMessage().contains("7"),
        e.getMessage());
    double[] bad = new double[5 * lm.vocabularySize()];
    bad[3] = Double.NaN;
    e = assertThrows(IllegalArgumentException.class, () -> f.backwardWithDistributions(null, bad));
    assertTrue(e.getMessage().contains("dLossDLogDistributions"), e.getMessage());
    f.backwardWithDistributions(null, new double[5 * lm.vocabularySize()]);
    IllegalStateException late = assertThrows(IllegalStateException.class, f::distributions);
    assertTrue(late.getMessage().contains("before backward"), late.getMessage());
  }
}
