package dev.align4j.policies.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.SamplingParameters;
import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.Role;
import dev.align4j.policies.token.ByteTokenizer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The transformer as a {@code ConversationalPolicy}: turns sampled after an episode's tokens, trained in place. */
class MultiTurnEpisodeTest {
  private static final Prompt PROMPT = Prompt.of("2+3?");

  private static TransformerLanguageModel tiny() {
    TransformerConfig config =
        TransformerConfig.builder()
            .width(8)
            .heads(2)
            .layers(2)
            .ffnWidth(12)
            .contextLength(24)
            .initStd(0.3)
            .build();
    return TransformerLanguageModel.withKernels(
        ByteTokenizer.INSTANCE, config, new SplittableRandom(11), Runnable::run, Kernels.scalar());
  }

  private static int[] concat(int[]... parts) {
    int[] out = new int[0];
    for (int[] p : parts) {
      int at = out.length;
      out = Arrays.copyOf(out, at + p.length);
      System.arraycopy(p, 0, out, at, p.length);
    }
    return out;
  }

  @Test
  void aFirstTurnIsASample() {
    TransformerLanguageModel lm = tiny();
    SamplingParameters sp = SamplingParameters.DEFAULT.withMaxTokens(5);
    Completion a = lm.sample(PROMPT, sp, new SplittableRandom(3));
    Completion b = lm.sampleTurn(PROMPT, new int[0], sp, new SplittableRandom(3));
    assertEquals(a, b);
  }

  @Test
  void aLaterTurnIsScoredByTheForwardPassOverTheWholeEpisode() {
    TransformerLanguageModel lm = tiny();
    SamplingParameters sp = SamplingParameters.DEFAULT.withMaxTokens(4);
    Completion first = lm.sampleTurn(PROMPT, new int[0], sp, new SplittableRandom(4));
    int[] tool = lm.encodeObservation(Role.TOOL, "5");
    assertArrayEquals(
        new int[] {ByteTokenizer.INSTANCE.encode("5")[0], ByteTokenizer.INSTANCE.separator()},
        tool);
    int[] history = concat(first.tokenIds(), tool);
    Completion second = lm.sampleTurn(PROMPT, history, sp, new SplittableRandom(5));
    int[] episode = concat(history, second.tokenIds());
    double[] scored = lm.logProbs(PROMPT, new Completion("", episode, null)).values();
    double[] firstLp = first.tokenLogProbs();
    double[] secondLp = second.tokenLogProbs();
    for (int k = 0; k < firstLp.length; k++) {
      assertEquals(firstLp[k], scored[k], 1e-5, "first turn token " + k);
    }
    for (int k = 0; k < secondLp.length; k++) {
      assertEquals(secondLp[k], scored[history.length + k], 1e-5, "second turn token " + k);
    }
    assertEquals(lm.maxEpisodeTokens(), 23);
  }

  @Test
  void badHistoryAndObservationsAreRefused() {
    TransformerLanguageModel lm = tiny();
    SamplingParameters sp = SamplingParameters.DEFAULT;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> lm.sampleTurn(PROMPT, new int[] {5, 999}, sp, new SplittableRandom(1)));
    assertTrue(e.getMessage().contains("history[1] must be in [0, 259), was 999"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> lm.sampleTurn(PROMPT, new int[23], sp, new SplittableRandom(1)));
    assertTrue(
        e.getMessage().contains("at most 22 tokens") && e.getMessage().contains("had 23"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> lm.encodeObservation(Role.ASSISTANT, "x"));
    assertTrue(e.getMessage().contains("TOOL or USER, was ASSISTANT"), e.getMessage());
  }

  @Test
  void theLastTurnMayFillTheContext() {
    TransformerLanguageModel lm = tiny();
    Completion c =
        lm.sampleTurn(PROMPT, new int[21], SamplingParameters.DEFAULT, new SplittableRandom(1));
    assertEquals(
        1,
        c.tokenIds().length,
        "one token of room: 24 context - 1 separator - 21 history - 1 prompt token");
  }

  @Test
  void aMaskedEpisodeLossHasTheExactGradient() {
    // L = Σ_t m_t·w_t·log π(y_t) over an episode [turn | tool result + SEP | turn]: the tool tokens
    // are context only
    TransformerLanguageModel lm = tiny();
    Completion first =
        lm.sampleTurn(
            PROMPT,
            new int[0],
            SamplingParameters.DEFAULT.withMaxTokens(3),
            new SplittableRandom(6));
    int[] history = concat(first.tokenIds(), lm.encodeObservation(Role.TOOL, "42"));
    Completion second =
        lm.sampleTurn(
            PROMPT, history, SamplingParameters.DEFAULT.withMaxTokens(3), new SplittableRandom(7));
    int[] episode = concat(history, second.tokenIds());
    Completion all = new Completion("", episode, null);
    double[] w = new double[episode.length];
    SplittableRandom r = new SplittableRandom(8);
    for (int t = 0; t < w.length; t++) {
      boolean tool = t >= first.tokenIds().length && t < history.length;
      w[t] = tool ? 0.0 : r.nextDouble() * 2 - 1;
    }
    lm.zeroGrad();
    TransformerForward f = lm.forward(PROMPT, all);
    f.backward(w);
    float[] grad = lm.gradients().clone();
    float[] params = lm.parameters();
    double[] dir = new double[params.length];
    double dot = 0;
    for (int i = 0; i < dir.length; i++) {
      dir[i] = r.nextGaussian();
      dot += dir[i] * grad[i];
    }
    float[] saved = params.clone();
    double h = 1e-3;
    for (int i = 0; i < dir.length; i++) {
      params[i] = (float) (saved[i] + h * dir[i]);
    }
    double plus = weighted(lm, all, w);
    for (int i = 0; i < dir.length; i++) {
      params[i] = (float) (saved[i] - h * dir[i]);
    }
    double minus = weighted(lm, all, w);
    System.arraycopy(saved, 0, params, 0, saved.length);
    double fd = (plus - minus) / (2 * h);
    assertEquals(fd, dot, 2e-2 * Math.abs(fd) + 1e-2, "directional derivative");
    assertTrue(Math.abs(fd) > 1e-2, "the check is not vacuous: " + fd);
  }

  private static double weighted(TransformerLanguageModel lm, Completion c, double[] w) {
    double[] lp = lm.logProbs(PROMPT, c).values();
    double s = 0;
    for (int t = 0; t < lp.length; t++) {
      s += w[t] * lp[t];
    }
    return s;
  }
}
