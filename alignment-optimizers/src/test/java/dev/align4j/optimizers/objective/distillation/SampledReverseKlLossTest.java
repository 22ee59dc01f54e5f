package dev.align4j.optimizers.objective.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.TokenLogProbs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sampled-token reverse-KL estimate, computed by hand. */
class SampledReverseKlLossTest {

  @Test
  void meanLogRatioAndPerTokenGradient() {
    List<TokenLogProbs> student =
        List.of(
            new TokenLogProbs(new double[] {-0.5, -1.0}), new TokenLogProbs(new double[] {-2.0}));
    List<TokenLogProbs> teacher =
        List.of(
            new TokenLogProbs(new double[] {-1.5, -0.25}), new TokenLogProbs(new double[] {-2.5}));
    SampledReverseKlLoss.Result r = new SampledReverseKlLoss().evaluate(student, teacher);
    // k1 = [1.0, -0.75 | 0.5]; mean over 3 tokens = 0.75 / 3
    assertEquals(0.25, r.loss(), 1e-15);
    assertArrayEquals(new double[] {0.125, 0.5}, r.losses(), 1e-15);
    assertArrayEquals(new double[] {1.0 / 3, -0.25, 0.5 / 3}, r.gradients().values(), 1e-15);
    assertArrayEquals(new int[] {0, 2, 3}, r.gradients().offsets());
    assertEquals(1.0, r.metrics().get("reverse_kl/max"));
  }

  @Test
  void refusesMismatchedLengths() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SampledReverseKlLoss()
                    .evaluate(
                        List.of(new TokenLogProbs(new double[] {-1})),
                        List.of(new TokenLogProbs(new double[] {-1, -2}))));
    assertTrue(e.getMessage().contains("teacher[0]"), e.getMessage());
  }
}
