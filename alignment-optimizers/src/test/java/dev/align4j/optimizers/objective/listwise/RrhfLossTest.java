package dev.align4j.optimizers.objective.listwise;

import static dev.align4j.optimizers.objective.listwise.PlackettLuceDpoLossTest.POLICY;
import static dev.align4j.optimizers.objective.listwise.PlackettLuceDpoLossTest.SCORES;
import static dev.align4j.optimizers.objective.listwise.PlackettLuceDpoLossTest.SIZES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.CentralDifference;
import dev.align4j.optimizers.objective.ListwiseBatch;
import dev.align4j.optimizers.objective.ListwiseResult;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RrhfLossTest {
  @Test
  void matchesIndependentlyComputedValuesWithTiedLabels() {
    int[] lengths = {10, 4, 5, 8, 10, 12, 5};
    ListwiseResult r = RrhfLoss.builder().build().evaluate(new ListwiseBatch(POLICY, null, lengths, SIZES, SCORES));
    assertArrayEquals(new double[] {1.8, 3.516666666667}, r.losses(), 1e-11);
    assertEquals(2.658333333333, r.loss(), 1e-11);
    assertEquals((1.0 + 2.5) / 2, r.metrics().get("nll_loss"), 1e-12);
  }

  @Property(trials = 150)
  void gradientMatchesCentralDifferenceAwayFromKinks(Gen gen) {
    ListwiseBatch b0 = PlackettLuceDpoLossTest.randomBatch(gen, 4, 6, -60, 1e-2);
    ListwiseBatch b = gen.bool() ? b0.withScores(PlackettLuceDpoLossTest.randomScores(gen, b0)) : b0;
    double alpha = gen.oneOf(0.0, 0.5, 1.0);
    RrhfLoss loss = RrhfLoss.builder().sftWeight(gen.doubleIn(0, 2)).rankWeight(gen.doubleIn(0, 100))
        .lengthPenalty(alpha).build();
    double[] p = new double[b.policyLogps().length];
    for (int i = 0; i < p.length; i++) {
      p[i] = b.policyLogps()[i] / Math.pow(b.lengths()[i], alpha);
    }
    double[] sorted = p.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] - sorted[i - 1] < 1e-2) {
        return; // the hinge's kink could fall inside the finite-difference step
      }
    }
    ListwiseResult r = loss.evaluate(b);
    CentralDifference.assertGradient("gradPolicy",
        x -> loss.evaluate(new ListwiseBatch(x, null, b.lengths(), b.listSizes(), b.scores())).loss(),
        b.policyLogps().clone(), r.gradPolicy(), 1e-6, 1e-10);
  }

  @Property(trials = 100)
  void aCorrectlyOrderedListPaysOnlyTheSftTerm(Gen gen) {
    int k = gen.intIn(2, 6);
    double[] policy = new double[k];
    int[] lengths = new int[k];
    double v = -gen.doubleIn(0.1, 1);
    for (int i = 0; i < k; i++) {
      lengths[i] = gen.intIn(1, 50);
      policy[i] = v * lengths[i];
      v -= gen.doubleIn(0.01, 1);
    }
    ListwiseResult r = ListwiseObjectives.create("rrhf", Map.of()).evaluate(
        ListwiseBatch.ofFixedSize(policy, null, lengths, k));
    assertEquals(-policy[0] / lengths[0], r.loss(), 1e-12);
    assertEquals(1.0, r.metrics().get("rewards/accuracies"));
  }

  @Property(trials = 100)
  void finiteOverTheWholeRangeAndDescends(Gen gen) {
    ListwiseBatch b = PlackettLuceDpoLossTest.randomBatch(gen, 6, 8, -1e4, 0, 100_000);
    ListwiseResult r = RrhfLoss.builder().build().evaluate(b);
    assertTrue(Double.isFinite(r.loss()) && r.loss() >= 0);
    Arrays.stream(r.gradPolicy()).forEach(g -> assertTrue(Double.isFinite(g)));
    PlackettLuceDpoLossTest.assertDescent(RrhfLoss.builder().build(),
        PlackettLuceDpoLossTest.randomBatch(gen, 4, 5, -30, 1));
  }
}
