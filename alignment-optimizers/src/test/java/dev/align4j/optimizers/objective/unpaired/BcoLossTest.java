package dev.align4j.optimizers.objective.unpaired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.CentralDifference;
import dev.align4j.optimizers.objective.UnpairedBatch;
import dev.align4j.optimizers.objective.UnpairedObjective;
import dev.align4j.optimizers.objective.UnpairedResult;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BcoLossTest {
  private static final UnpairedBatch TV6 = UnpairedBatch.of(new double[] {-10, -12, -14, -9},
      new double[] {-10.5, -12, -13, -9.8}, new boolean[] {true, true, false, false});

  @Test
  void matchesTrlVectorTv6OnTheFirstStep() {
    BcoLoss bco = BcoLoss.builder().build();
    UnpairedResult r = bco.evaluate(TV6);
    assertEquals(0.0075, r.metrics().get("delta"), 1e-12);
    assertEquals(0.684981, r.loss(), 1e-6);
    assertEquals(0.0075, bco.rewardShift().mean(), 1e-12);
  }

  @Test
  void runningShiftFollowsTrlRunningMoments() {
    BcoRewardShift shift = BcoRewardShift.create();
    assertEquals(2.0, shift.update(2.0, 4), 1e-12, "the first batch replaces the initial mean");
    // mean += (m_b - mean) * n_b / (count + n_b): 2 + (5 - 2) * 2 / 6 = 3
    assertEquals(3.0, shift.update(5.0, 2), 1e-12);
    assertEquals(6.0, shift.count(), 1e-9);
    BcoRewardShift restored = BcoRewardShift.of(shift.mean(), shift.count());
    assertEquals(shift.update(1.0, 3), restored.update(1.0, 3), 1e-15);
  }

  @Test
  void evaluationModeReadsTheShiftWithoutUpdatingIt() {
    BcoRewardShift shift = BcoRewardShift.of(0.3, 100);
    BcoLoss bco = BcoLoss.builder().rewardShift(shift).updateRewardShift(false).build();
    UnpairedResult r = bco.evaluate(TV6);
    assertEquals(0.3, r.metrics().get("delta"));
    assertEquals(0.3, shift.mean());
    UnpairedResult trained = bco.evaluate(TV6, shift, true);
    assertTrue(trained.metrics().get("delta") < 0.3);
  }

  @Test
  void registryBuildsBco() {
    UnpairedObjective o = UnpairedObjectives.create("bco", Map.of("beta", "0.1"));
    assertEquals(0.684981, o.evaluate(TV6).loss(), 1e-6);
  }

  @Property(trials = 150)
  void gradientMatchesCentralDifferenceWithTheShiftHeldFixed(Gen gen) {
    int n = gen.intIn(1, 8);
    double beta = gen.doubleIn(0.01, 2);
    double delta = gen.doubleIn(-3, 3);
    double[] policy = CentralDifference.logProbs(gen, n, -60, 1e-2);
    double[] reference = CentralDifference.logProbs(gen, n, -60, 1e-2);
    boolean[] labels = KtoLossTest.labels(gen, n);
    BcoLoss bco = BcoLoss.builder().beta(beta).build();
    UnpairedResult r = bco.evaluate(UnpairedBatch.of(policy, reference, labels), BcoRewardShift.of(delta, 10), false);
    CentralDifference.assertGradient("gradPolicy",
        x -> bco.evaluate(UnpairedBatch.of(x, reference, labels), BcoRewardShift.of(delta, 10), false).loss(),
        policy.clone(), r.gradPolicy(), 1e-6, 1e-10);
  }

  @Property(trials = 100)
  void finiteOverTheWholeRangeAndSymmetricInTheLabel(Gen gen) {
    int n = gen.intIn(1, 16);
    double[] policy = gen.logProbs(n, -1e4);
    double[] reference = gen.logProbs(n, -1e4);
    boolean[] labels = KtoLossTest.labels(gen, n);
    BcoLoss bco = BcoLoss.builder().beta(gen.doubleIn(1e-3, 10)).build();
    UnpairedResult r = bco.evaluate(UnpairedBatch.of(policy, reference, labels));
    assertTrue(Double.isFinite(r.loss()));
    boolean[] flipped = labels.clone();
    for (int i = 0; i < n; i++) {
      assertTrue(Double.isFinite(r.gradPolicy()[i]) && r.losses()[i] >= 0);
      flipped[i] = !flipped[i];
    }
    // −logσ(x) for desirable and −logσ(−x) for undesirable: flipping every label and mirroring r − δ about 0 keeps
    // each loss; checked through the identity loss_D(x) − loss_U(x) = −x.
    double delta = r.metrics().get("delta");
    UnpairedResult f = bco.evaluate(UnpairedBatch.of(policy, reference, flipped), BcoRewardShift.of(delta, 1), false);
    for (int i = 0; i < n; i++) {
      double x = bco.beta() * (policy[i] - reference[i]) - delta;
      double diff = labels[i] ? r.losses()[i] - f.losses()[i] : f.losses()[i] - r.losses()[i];
      assertEquals(-x, diff, 1e-9 * Math.max(1, Math.abs(x)));
    }
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BcoLoss.builder().build().evaluate(new UnpairedBatch(new double[] {-1}, null, new boolean[1], null, null)));
    assertTrue(e.getMessage().contains("referenceLogps") && e.getMessage().contains("bco"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BcoRewardShift.of(Double.NaN, 1));
    assertTrue(e.getMessage().contains("mean"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BcoRewardShift.of(0, 0));
    assertTrue(e.getMessage().contains("count"), e.getMessage());
  }
}
