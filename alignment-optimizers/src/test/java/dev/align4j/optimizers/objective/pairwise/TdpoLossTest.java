package dev.align4j.optimizers.objective.pairwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.math.StableMath;
import dev.align4j.optimizers.objective.CentralDifference;
import dev.align4j.optimizers.objective.TokenLevelPairBatch;
import dev.align4j.optimizers.objective.TokenLevelPairResult;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TdpoLossTest {
  // one pair: u = (−1+1.5 −2+2) − (−0.5+1 −1+1 −1.5+1) = 0.5 − 0 = 0.5; K_w = 0.3, K_l = 0.4
  private static final TokenLevelPairBatch ONE = new TokenLevelPairBatch(
      new double[] {-1, -2}, new double[] {-1.5, -2}, new double[] {0.1, 0.2}, new int[] {2},
      new double[] {-0.5, -1, -1.5}, new double[] {-1, -1, -1}, new double[] {0.05, 0.05, 0.3}, new int[] {3});

  @Test
  void matchesHandComputedValues() {
    TokenLevelPairResult t1 = TdpoLoss.builder().variant(TdpoLoss.Variant.TDPO1).build().evaluate(ONE);
    // x = 0.1·(0.5 − (0.4 − 0.3)) = 0.04; −logσ(0.04) = softplus(−0.04), numpy: 0.673347167228034
    assertEquals(0.673347167228034, t1.loss(), 1e-12);
    TokenLevelPairResult t2 = TdpoLoss.builder().build().evaluate(ONE);
    // x = 0.1·(0.5 − 0.5·0.1) = 0.045; numpy: 0.6709002842054063
    assertEquals(0.6709002842054063, t2.loss(), 1e-12);
    assertEquals(0.1 * (0.5 + 0.3), t2.metrics().get("rewards/chosen"), 1e-12);
    assertEquals(0.1 * (0.0 + 0.4), t2.metrics().get("rewards/rejected"), 1e-12);
    assertEquals(0.4, t2.metrics().get("kl/rejected"), 1e-12);
    assertArrayEquals(new double[] {0, 0}, t2.gradChosenKl(), "TDPO2 detaches the chosen KL");
  }

  @Test
  void zeroKlIsSigmoidDpoOnTrlVectorTv1() {
    // TV1 of trl-objectives.md §16, each sequence split into tokens: sigmoid per-pair [0.620957 0.693147 0.620957]
    TokenLevelPairBatch b = new TokenLevelPairBatch(
        new double[] {-4, -6, -20, -5, -10}, new double[] {-5, -6, -21, -15, -0.5}, new double[5], new int[] {2, 1, 2},
        new double[] {-12, -9, -10, -18}, new double[] {-11.5, -10, -10, -17}, new double[4], new int[] {1, 2, 1});
    for (TdpoLoss.Variant v : TdpoLoss.Variant.values()) {
      TokenLevelPairResult r = TdpoLoss.builder().variant(v).build().evaluate(b);
      assertArrayEquals(new double[] {0.620957, 0.693147, 0.620957}, r.losses(), 1e-6);
      assertEquals(0.645020, r.loss(), 1e-6);
      assertEquals(2.0 / 3, r.metrics().get("rewards/accuracies"), 1e-12);
    }
  }

  @Property(trials = 150)
  void gradientMatchesCentralDifference(Gen gen) {
    TokenLevelPairBatch b = randomBatch(gen, -20, 1e-2);
    TdpoLoss.Variant v = gen.bool() ? TdpoLoss.Variant.TDPO1 : TdpoLoss.Variant.TDPO2;
    TdpoLoss loss = TdpoLoss.builder().variant(v).beta(gen.doubleIn(0.01, 2)).alpha(gen.doubleIn(0, 2)).build();
    TokenLevelPairResult r = loss.evaluate(b);
    CentralDifference.assertGradient("gradPolicyChosenTokens", x -> loss.evaluate(new TokenLevelPairBatch(x,
        b.referenceChosenTokens(), b.chosenKl(), b.chosenLengths(), b.policyRejectedTokens(),
        b.referenceRejectedTokens(), b.rejectedKl(), b.rejectedLengths())).loss(),
        b.policyChosenTokens().clone(), r.gradPolicyChosenTokens(), 1e-6, 1e-10);
    CentralDifference.assertGradient("gradPolicyRejectedTokens", x -> loss.evaluate(new TokenLevelPairBatch(
        b.policyChosenTokens(), b.referenceChosenTokens(), b.chosenKl(), b.chosenLengths(), x,
        b.referenceRejectedTokens(), b.rejectedKl(), b.rejectedLengths())).loss(),
        b.policyRejectedTokens().clone(), r.gradPolicyRejectedTokens(), 1e-6, 1e-10);
    CentralDifference.assertGradient("gradRejectedKl", x -> loss.evaluate(new TokenLevelPairBatch(
        b.policyChosenTokens(), b.referenceChosenTokens(), b.chosenKl(), b.chosenLengths(), b.policyRejectedTokens(),
        b.referenceRejectedTokens(), x, b.rejectedLengths())).loss(),
        b.rejectedKl().clone(), r.gradRejectedKl(), 1e-6, 1e-10);
    if (v == TdpoLoss.Variant.TDPO1) {
      CentralDifference.assertGradient("gradChosenKl", x -> loss.evaluate(new TokenLevelPairBatch(
          b.policyChosenTokens(), b.referenceChosenTokens(), x, b.chosenLengths(), b.policyRejectedTokens(),
          b.referenceRejectedTokens(), b.rejectedKl(), b.rejectedLengths())).loss(),
          b.chosenKl().clone(), r.gradChosenKl(), 1e-6, 1e-10);
    } else {
      for (double g : r.gradChosenKl()) {
        assertEquals(0.0, g, "stop-gradient on the chosen KL");
      }
    }
  }

  @Property(trials = 100)
  void swappingChosenAndRejectedFlipsTheMarginInTdpo1(Gen gen) {
    TokenLevelPairBatch b = randomBatch(gen, -50, 0);
    TdpoLoss loss = TdpoLoss.builder().variant(TdpoLoss.Variant.TDPO1).beta(gen.doubleIn(0.01, 2)).build();
    TokenLevelPairResult r = loss.evaluate(b);
    TokenLevelPairResult s = loss.evaluate(new TokenLevelPairBatch(b.policyRejectedTokens(),
        b.referenceRejectedTokens(), b.rejectedKl(), b.rejectedLengths(), b.policyChosenTokens(),
        b.referenceChosenTokens(), b.chosenKl(), b.chosenLengths()));
    for (int i = 0; i < b.size(); i++) {
      // −logσ(x) − (−logσ(−x)) = −x, so x = losses_swapped − losses
      double x = s.losses()[i] - r.losses()[i];
      assertEquals(r.losses()[i], -StableMath.logSigmoid(x), 1e-9 * Math.max(1, Math.abs(x)));
    }
    assertEquals(r.metrics().get("rewards/margins"), -s.metrics().get("rewards/margins"), 1e-9);
  }

  @Property(trials = 50)
  void tdpo2WithAlphaZeroIsDpo(Gen gen) {
    TokenLevelPairBatch b = randomBatch(gen, -50, 0);
    double beta = gen.doubleIn(0.01, 2);
    TokenLevelPairResult r = TdpoLoss.builder().beta(beta).alpha(0).build().evaluate(b);
    double[] pw = TokenLevelPairBatch.sequenceSums(b.policyChosenTokens(), b.chosenLengths());
    double[] rw = TokenLevelPairBatch.sequenceSums(b.referenceChosenTokens(), b.chosenLengths());
    double[] pl = TokenLevelPairBatch.sequenceSums(b.policyRejectedTokens(), b.rejectedLengths());
    double[] rl = TokenLevelPairBatch.sequenceSums(b.referenceRejectedTokens(), b.rejectedLengths());
    for (int i = 0; i < b.size(); i++) {
      double x = beta * ((pw[i] - rw[i]) - (pl[i] - rl[i]));
      assertEquals(-StableMath.logSigmoid(x), r.losses()[i], 1e-9 * Math.max(1, Math.abs(x)));
    }
  }

  @Property(trials = 100)
  void finiteOverTheWholeRangeAndDescends(Gen gen) {
    TokenLevelPairBatch b = randomBatch(gen, -1e4, 0);
    TdpoLoss loss = TdpoLoss.builder().beta(gen.doubleIn(1e-3, 10)).build();
    TokenLevelPairResult r = loss.evaluate(b);
    assertTrue(Double.isFinite(r.loss()));
    for (double g : r.gradPolicyChosenTokens()) {
      assertTrue(Double.isFinite(g));
    }
    TokenLevelPairBatch d = randomBatch(gen, -10, 1);
    TdpoLoss tdpo1 = TdpoLoss.builder().variant(TdpoLoss.Variant.TDPO1).build();
    TokenLevelPairResult before = tdpo1.evaluate(d);
    double[] pw = d.policyChosenTokens().clone();
    double[] pl = d.policyRejectedTokens().clone();
    double[] kw = d.chosenKl().clone();
    double[] kl = d.rejectedKl().clone();
    double step = 1e-3;
    for (int t = 0; t < pw.length; t++) {
      pw[t] -= step * before.gradPolicyChosenTokens()[t];
      kw[t] = Math.max(0, kw[t] - step * before.gradChosenKl()[t]);
    }
    for (int t = 0; t < pl.length; t++) {
      pl[t] -= step * before.gradPolicyRejectedTokens()[t];
      kl[t] = Math.max(0, kl[t] - step * before.gradRejectedKl()[t]);
    }
    double after = tdpo1.evaluate(new TokenLevelPairBatch(pw, d.referenceChosenTokens(), kw, d.chosenLengths(), pl,
        d.referenceRejectedTokens(), kl, d.rejectedLengths())).loss();
    assertTrue(after <= before.loss(), before.loss() + " -> " + after);
  }

  @Test
  void configAndBadInput() {
    assertEquals(TdpoLoss.Variant.TDPO1, TdpoLoss.fromConfig(Map.of("if_tdpo2", false)).variant());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TdpoLoss.fromConfig(Map.of("gamma", 1)));
    assertTrue(e.getMessage().contains("gamma") && e.getMessage().contains("if_tdpo2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TokenLevelPairBatch(new double[] {-1}, new double[] {-1},
        new double[] {-0.5}, new int[] {1}, new double[] {-1}, new double[] {-1}, new double[] {0}, new int[] {1}));
    assertTrue(e.getMessage().contains("chosenKl[0]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TokenLevelPairBatch(new double[] {-1, -2},
        new double[] {-1, -1}, new double[2], new int[] {1}, new double[] {-1}, new double[] {-1}, new double[1],
        new int[] {1}));
    assertTrue(e.getMessage().contains("chosenLengths"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TokenLevelPairBatch(new double[] {-1},
        new double[] {-1}, new double[1], new int[] {1}, new double[] {0.3}, new double[] {-1}, new double[1],
        new int[] {1}));
    assertTrue(e.getMessage().contains("policyRejectedTokens[0]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TdpoLoss.builder().alpha(-1));
    assertTrue(e.getMessage().contains("alpha"), e.getMessage());
  }

  /** 1..4 pairs of 1..6 tokens each; token log-probs in [min, −margin]; KLs in [0, 2]. */
  static TokenLevelPairBatch randomBatch(Gen gen, double min, double margin) {
    int n = gen.intIn(1, 4);
    int[] lw = new int[n];
    int[] ll = new int[n];
    int tw = 0;
    int tl = 0;
    for (int i = 0; i < n; i++) {
      lw[i] = gen.intIn(1, 6);
      ll[i] = gen.intIn(1, 6);
      tw += lw[i];
      tl += ll[i];
    }
    return new TokenLevelPairBatch(CentralDifference.logProbs(gen, tw, min, margin),
        CentralDifference.logProbs(gen, tw, min, margin), gen.uniforms(tw, 0.01, 2), lw,
        CentralDifference.logProbs(gen, tl, min, margin), CentralDifference.logProbs(gen, tl, min, margin),
        gen.uniforms(tl, 0.01, 2), ll);
  }
}
