package dev.align4j.optimizers.objective.listwise;

import static dev.align4j.optimizers.objective.listwise.PlackettLuceDpoLossTest.POLICY;
import static dev.align4j.optimizers.objective.listwise.PlackettLuceDpoLossTest.REFERENCE;
import static dev.align4j.optimizers.objective.listwise.PlackettLuceDpoLossTest.SCORES;
import static dev.align4j.optimizers.objective.listwise.PlackettLuceDpoLossTest.SIZES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.math.StableMath;
import dev.align4j.optimizers.objective.CentralDifference;
import dev.align4j.optimizers.objective.ListwiseBatch;
import dev.align4j.optimizers.objective.ListwiseResult;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LipoLambdaLossTest {
  @Test
  void matchesIndependentlyComputedValuesWithTiedLabels() {
    ListwiseResult r = LipoLambdaLoss.builder().build()
        .evaluate(new ListwiseBatch(POLICY, REFERENCE, null, SIZES, SCORES));
    assertArrayEquals(new double[] {0.374116194618, 0.530982535363}, r.losses(), 1e-11);
    assertEquals(0.452549364990, r.loss(), 1e-11);
  }

  @Property(trials = 100)
  void twoCandidatesAreAConstantMultipleOfSigmoidDpo(Gen gen) {
    double beta = gen.doubleIn(0.01, 5);
    double[] policy = CentralDifference.logProbs(gen, 2, -1e3, 0);
    double[] reference = CentralDifference.logProbs(gen, 2, -1e3, 0);
    ListwiseBatch b = ListwiseBatch.ofFixedSize(policy, reference, null, 2);
    double x = beta * ((policy[0] - reference[0]) - (policy[1] - reference[1]));
    double weight = 1 - 1 / (Math.log(3) / Math.log(2)); // |G1 − G2| = 1, |1/log2(2) − 1/log2(3)|
    ListwiseResult r = LipoLambdaLoss.builder().beta(beta).build().evaluate(b);
    assertEquals(weight * -StableMath.logSigmoid(x), r.loss(), 1e-9 * Math.max(1, Math.abs(x)));
    ListwiseResult pl = PlackettLuceDpoLoss.builder().beta(beta).build().evaluate(b);
    assertEquals(weight * pl.gradPolicy()[0], r.gradPolicy()[0], 1e-15 + 1e-9 * Math.abs(r.gradPolicy()[0]));
  }

  @Property(trials = 150)
  void gradientMatchesCentralDifferenceAwayFromRewardTies(Gen gen) {
    ListwiseBatch b0 = PlackettLuceDpoLossTest.randomBatch(gen, 4, 6, -60, 1e-2);
    ListwiseBatch b = gen.bool() ? b0.withScores(PlackettLuceDpoLossTest.randomScores(gen, b0)) : b0;
    double beta = gen.doubleIn(0.05, 3);
    if (minimumRewardGap(b, beta) < 1e-2) {
      return; // the lambda weights' ranks could flip inside the finite-difference step
    }
    LipoLambdaLoss loss = LipoLambdaLoss.builder().beta(beta).build();
    ListwiseResult r = loss.evaluate(b);
    CentralDifference.assertGradient("gradPolicy",
        x -> loss.evaluate(new ListwiseBatch(x, b.referenceLogps(), null, b.listSizes(), b.scores())).loss(),
        b.policyLogps().clone(), r.gradPolicy(), 1e-6, 1e-10);
  }

  @Property(trials = 50)
  void allTiedLabelsGiveZeroLossAndGradient(Gen gen) {
    ListwiseBatch b0 = PlackettLuceDpoLossTest.randomBatch(gen, 3, 5, -50, 0);
    double[] scores = new double[b0.policyLogps().length];
    Arrays.fill(scores, gen.doubleIn(0, 1));
    ListwiseResult r = LipoLambdaLoss.builder().build().evaluate(b0.withScores(scores));
    assertEquals(0.0, r.loss());
    for (double g : r.gradPolicy()) {
      assertEquals(0.0, g);
    }
  }

  @Property(trials = 100)
  void finiteOverTheWholeRangeAndDescends(Gen gen) {
    ListwiseBatch b = PlackettLuceDpoLossTest.randomBatch(gen, 6, 8, -1e4, 0);
    ListwiseResult r = LipoLambdaLoss.builder().beta(gen.doubleIn(1e-3, 10)).build().evaluate(b);
    assertTrue(Double.isFinite(r.loss()) && r.loss() >= 0);
    Arrays.stream(r.gradPolicy()).forEach(g -> assertTrue(Double.isFinite(g)));
    ListwiseBatch d = PlackettLuceDpoLossTest.randomBatch(gen, 4, 5, -30, 1);
    if (minimumRewardGap(d, 0.5) > 1e-2) { // the lambda weights jump where two rewards tie
      PlackettLuceDpoLossTest.assertDescent(LipoLambdaLoss.builder().beta(0.5).build(), d);
    }
  }

  /** The smallest gap between two implicit rewards of the batch (ranks flip when a gap closes). */
  static double minimumRewardGap(ListwiseBatch b, double beta) {
    double[] s = new double[b.policyLogps().length];
    for (int i = 0; i < s.length; i++) {
      s[i] = beta * (b.policyLogps()[i] - b.referenceLogps()[i]);
    }
    Arrays.sort(s);
    double min = Double.POSITIVE_INFINITY;
    for (int i = 1; i < s.length; i++) {
      min = Math.min(min, s[i] - s[i - 1]);
    }
    return min;
  }

  @Test
  void rejectsScoresWhoseGainOverflows() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LipoLambdaLoss.builder().build()
        .evaluate(new ListwiseBatch(new double[] {-1, -2}, new double[] {-1, -1}, null, new int[] {2},
            new double[] {5000, 1})));
    assertTrue(e.getMessage().contains("scores[0]"), e.getMessage());
  }
}
