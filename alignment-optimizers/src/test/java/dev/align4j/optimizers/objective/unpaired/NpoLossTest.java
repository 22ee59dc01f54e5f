package dev.align4j.optimizers.objective.unpaired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.CentralDifference;
import dev.align4j.optimizers.objective.UnpairedBatch;
import dev.align4j.optimizers.objective.UnpairedResult;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NpoLossTest {
  @Test
  void matchesHandComputedValues() {
    // β = 0.1, ℓ = [1, -2]: (2/β)·softplus(βℓ) = 20·log(1 + e^{0.1}) = 14.43966..., 20·log(1 + e^{-0.2}) = 11.9637...
    UnpairedResult r = NpoLoss.builder().build()
        .evaluate(UnpairedBatch.negatives(new double[] {-9, -12}, new double[] {-10, -10}));
    assertEquals(20 * Math.log(1 + Math.exp(0.1)), r.losses()[0], 1e-12);
    assertEquals(20 * Math.log(1 + Math.exp(-0.2)), r.losses()[1], 1e-12);
    assertEquals(2 / (1 + Math.exp(-0.1)) / 2, r.gradPolicy()[0], 1e-12);
    assertEquals(-0.05, r.metrics().get("rewards/rejected"), 1e-12);
  }

  @Property(trials = 100)
  void gradientMatchesCentralDifference(Gen gen) {
    int n = gen.intIn(1, 8);
    NpoLoss npo = NpoLoss.builder().beta(gen.doubleIn(0.01, 3)).build();
    double[] policy = CentralDifference.logProbs(gen, n, -60, 1e-2);
    double[] reference = CentralDifference.logProbs(gen, n, -60, 1e-2);
    UnpairedResult r = npo.evaluate(UnpairedBatch.negatives(policy, reference));
    CentralDifference.assertGradient("gradPolicy", x -> npo.evaluate(UnpairedBatch.negatives(x, reference)).loss(),
        policy.clone(), r.gradPolicy(), 1e-6, 1e-10);
  }

  @Property(trials = 50)
  void smallBetaReducesToGradientAscentOnTheNegatives(Gen gen) {
    double ratio = gen.doubleIn(-20, 20);
    double beta = 1e-6;
    UnpairedResult r = NpoLoss.builder().beta(beta).build()
        .evaluate(UnpairedBatch.negatives(new double[] {-30 + ratio}, new double[] {-30}));
    assertEquals(ratio, r.loss() - 2 * Math.log(2) / beta, 1e-4 * Math.max(1, Math.abs(ratio)));
    assertEquals(1.0, r.gradPolicy()[0], 1e-4);
  }

  @Property(trials = 100)
  void finiteAndBoundedGradientOverTheWholeRange(Gen gen) {
    int n = gen.intIn(1, 16);
    UnpairedResult r = NpoLoss.builder().beta(gen.doubleIn(1e-3, 10)).build()
        .evaluate(UnpairedBatch.negatives(gen.logProbs(n, -1e4), gen.logProbs(n, -1e4)));
    assertTrue(Double.isFinite(r.loss()));
    for (double g : r.gradPolicy()) {
      assertTrue(g >= 0 && g <= 2.0 / n, "NPO's weight 2σ(βℓ)/n lies in [0, 2/n], was " + g);
    }
  }

  @Test
  void rejectsDesirableExamples() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UnpairedObjectives.create("npo", Map.of()).evaluate(UnpairedBatch.of(new double[] {-1, -2},
            new double[] {-1, -1}, new boolean[] {false, true})));
    assertTrue(e.getMessage().contains("desirable[1]"), e.getMessage());
  }
}
