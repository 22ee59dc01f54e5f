package dev.align4j.policies.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.policies.token.ByteTokenizer;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The analytic backward pass against central finite differences on a tiny configuration, for learned and rotary
 * positions, with the value head on. The loss is L = Σ_t w_t·log π(y_t) + Σ_t u_t·V_t with random weights, so every
 * path (log-softmax, value head, all blocks, embeddings) carries gradient.
 */
class GradientCheckTest {

  private static TransformerLanguageModel tiny(PositionEncoding positions, Kernels kernels) {
    TransformerConfig config = TransformerConfig.builder().width(8).heads(2).layers(2).ffnWidth(12).contextLength(12)
        .positions(positions).valueHead(true).initStd(0.3).build();
    return TransformerLanguageModel.withKernels(ByteTokenizer.INSTANCE, config, new SplittableRandom(11),
        Runnable::run, kernels);
  }

  private static double loss(TransformerLanguageModel lm, Prompt p, Completion c, double[] w, double[] u) {
    TransformerForward f = lm.forward(p, c);
    double[] lp = f.logProbs().values();
    double[] vals = f.values();
    f.release();
    double s = 0;
    for (int t = 0; t < lp.length; t++) {
      s += w[t] * lp[t] + u[t] * vals[t];
    }
    return s;
  }

  @ParameterizedTest
  @EnumSource(PositionEncoding.class)
  void analyticGradientMatchesFiniteDifferences(PositionEncoding positions) {
    for (Kernels kernels : new Kernels[] {Kernels.scalar(), Kernels.active()}) {
      TransformerLanguageModel lm = tiny(positions, kernels);
      Prompt prompt = Prompt.of("hi!");
      Completion completion = Completion.of("yo u");
      int n = 5; // 4 bytes + EOS
      SplittableRandom r = new SplittableRandom(5);
      double[] w = new double[n];
      double[] u = new double[n];
      for (int t = 0; t < n; t++) {
        w[t] = r.nextDouble() * 2 - 1;
        u[t] = r.nextDouble() * 2 - 1;
      }
      lm.zeroGrad();
      TransformerForward f = lm.forward(prompt, completion);
      assertEquals(n, f.length());
      f.backward(w, u);
      float[] grad = lm.gradients().clone();
      float[] params = lm.parameters();
      Layout s = lm.layout();
      // every tensor: a few coordinates each, chosen among those touched by this sequence
      int[][] tensors = {
          {s.tokEmb + 'h' * s.d, s.d}, {s.tokEmb + 'y' * s.d, s.d},
          {s.ln1G[0], s.d}, {s.ln1B[1], s.d}, {s.wQkv[0], 3 * s.d * s.d}, {s.wQkv[1], 3 * s.d * s.d},
          {s.wO[0], s.d * s.d}, {s.ln2G[1], s.d}, {s.ln2B[0], s.d}, {s.w1[0], s.d * s.f}, {s.w2[1], s.f * s.d},
          {s.lnfG, s.d}, {s.lnfB, s.d}, {s.wOut, s.d * s.vocab}, {s.wValue, s.d}, {s.bValue, 1}};
      double h = 1e-2;
      int checked = 0;
      double maxErr = 0;
      for (int[] tensor : tensors) {
        for (int trial = 0; trial < 4; trial++) {
          int idx = tensor[0] + r.nextInt(tensor[1]);
          if (tensor == tensors[13]) {
            // output weights: pick a column of a token that occurs, so the gradient is not tiny
            idx = s.wOut + r.nextInt(s.d) * s.vocab + "you".charAt(trial % 3);
          }
          float saved = params[idx];
          params[idx] = (float) (saved + h);
          double plus = loss(lm, prompt, completion, w, u);
          params[idx] = (float) (saved - h);
          double minus = loss(lm, prompt, completion, w, u);
          params[idx] = saved;
          double fd = (plus - minus) / (2 * h);
          double err = Math.abs(fd - grad[idx]);
          maxErr = Math.max(maxErr, err / (1e-3 + Math.abs(fd)));
          assertEquals(fd, grad[idx], 2e-3 + 2e-2 * Math.abs(fd),
              positions + " " + kernels.name() + " parameter " + idx);
          checked++;
        }
      }
      assertTrue(checked >= 60);
      // directional derivative along a random direction over all parameters
      double[] dir = new double[params.length];
      double dot = 0;
      for (int i = 0; i < dir.length; i++) {
        dir[i] = r.nextGaussian();
        dot += dir[i] * grad[i];
      }
      float[] saved = params.clone();
      double hd = 1e-3;
      for (int i = 0; i < dir.length; i++) {
        params[i] = (float) (saved[i] + hd * dir[i]);
      }
      double plus = loss(lm, prompt, completion, w, u);
      for (int i = 0; i < dir.length; i++) {
        params[i] = (float) (saved[i] - hd * dir[i]);
      }
      double minus = loss(lm, prompt, completion, w, u);
      System.arraycopy(saved, 0, params, 0, saved.length);
      double fd = (plus - minus) / (2 * hd);
      assertEquals(fd, dot, 2e-2 * Math.abs(fd) + 1e-2, positions + " directional derivative " + kernels.name());
    }
  }
}
