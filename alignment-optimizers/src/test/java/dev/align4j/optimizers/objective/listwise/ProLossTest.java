package dev.align4j.optimizers.objective.listwise;

import static dev.align4j.optimizers.objective.listwise.PlackettLuceDpoLossTest.POLICY;
import static dev.align4j.optimizers.objective.listwise.PlackettLuceDpoLossTest.SCORES;
import static dev.align4j.optimizers.objective.listwise.PlackettLuceDpoLossTest.SIZES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.CentralDifference;
import dev.align4j.optimizers.objective.ListwiseBatch;
import dev.align4j.optimizers.objective.ListwiseResult;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProLossTest {
  private static final int[] LENGTHS = {5, 6, 4, 10, 8, 12, 9};

  @Test
  void matchesIndependentlyComputedValuesWithScoreTemperatures() {
    ListwiseResult r = ProLoss.builder().build().evaluate(new ListwiseBatch(POLICY, null, LENGTHS, SIZES, SCORES));
    assertArrayEquals(new double[] {3.882584106391, 13.178290687079}, r.losses(), 1e-11);
    assertEquals(8.530437396735, r.loss(), 1e-11);
    assertEquals((10.0 + 20.0) / 2, r.metrics().get("nll_loss"), 1e-12);
  }

  @Property(trials = 100)
  void withoutScoresAndSftItIsPlackettLuceOnTokenMeanLogProbs(Gen gen) {
    ListwiseBatch b = PlackettLuceDpoLossTest.randomBatch(gen, 4, 6, -60, 0);
    double[] mean = new double[b.policyLogps().length];
    for (int i = 0; i < mean.length; i++) {
      mean[i] = b.policyLogps()[i] / b.lengths()[i];
    }
    ListwiseResult pro = ProLoss.builder().sftWeight(0).build().evaluate(b);
    ListwiseResult pl = PlackettLuceDpoLoss.builder().beta(1).build()
        .evaluate(new ListwiseBatch(mean, new double[mean.length], null, b.listSizes(), null));
    assertArrayEquals(pl.losses(), pro.losses(), 1e-9);
    for (int i = 0; i < mean.length; i++) {
      assertEquals(pl.gradPolicy()[i] / b.lengths()[i], pro.gradPolicy()[i], 1e-14 + 1e-9 * Math.abs(pro.gradPolicy()[i]));
    }
  }

  @Property(trials = 150)
  void gradientMatchesCentralDifference(Gen gen) {
    ListwiseBatch b0 = PlackettLuceDpoLossTest.randomBatch(gen, 4, 6, -60, 1e-2);
    ListwiseBatch b = gen.bool() ? b0.withScores(PlackettLuceDpoLossTest.randomScores(gen, b0)) : b0;
    ProLoss loss = gen.bool() ? ProLoss.builder().build() : ProLoss.builder().sftWeight(gen.doubleIn(0, 2)).build();
    ListwiseResult r = loss.evaluate(b);
    CentralDifference.assertGradient("gradPolicy",
        x -> loss.evaluate(new ListwiseBatch(x, null, b.lengths(), b.listSizes(), b.scores())).loss(),
        b.policyLogps().clone(), r.gradPolicy(), 1e-6, 1e-10);
  }

  @Test
  void defaultSftWeightGrowsWithTheListLength() {
    // all-equal log-probs, no scores: ranking term Σ_k log(K − k) = log K!, SFT term 0.05 (K − 1)² · 3 (summed NLL)
    for (int k = 2; k <= 6; k++) {
      double[] policy = new double[k];
      Arrays.fill(policy, -3);
      int[] lengths = new int[k];
      Arrays.fill(lengths, 3);
      double logFactorial = 0;
      for (int i = 2; i <= k; i++) {
        logFactorial += Math.log(i);
      }
      ListwiseResult r = ProLoss.builder().build().evaluate(ListwiseBatch.ofFixedSize(policy, null, lengths, k));
      assertEquals(logFactorial + 0.05 * (k - 1) * (k - 1) * 3, r.loss(), 1e-12);
    }
  }

  @Property(trials = 100)
  void finiteOverTheWholeRangeAndDescends(Gen gen) {
    ListwiseBatch b0 = PlackettLuceDpoLossTest.randomBatch(gen, 6, 8, -1e4, 0, 100_000);
    ListwiseBatch b = b0.withScores(PlackettLuceDpoLossTest.randomScores(gen, b0));
    ListwiseResult r = ProLoss.builder().build().evaluate(b);
    assertTrue(Double.isFinite(r.loss()));
    Arrays.stream(r.gradPolicy()).forEach(g -> assertTrue(Double.isFinite(g)));
    PlackettLuceDpoLossTest.assertDescent(ProLoss.builder().build(),
        PlackettLuceDpoLossTest.randomBatch(gen, 4, 5, -30, 1));
  }

  @Test
  void needsLengths() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ListwiseObjectives.create("pro", Map.of()).evaluate(ListwiseBatch.ofFixedSize(new double[] {-1, -2},
            null, null, 2)));
    assertTrue(e.getMessage().contains("lengths") && e.getMessage().contains("pro"), e.getMessage());
  }
}
