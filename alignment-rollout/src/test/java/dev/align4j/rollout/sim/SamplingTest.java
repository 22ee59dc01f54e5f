package dev.align4j.rollout.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.rollout.stats.ArmSummary;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The simulator's variates have the right first two moments (tolerances: 5 Monte-Carlo standard errors). */
class SamplingTest {

  @Property(trials = 20)
  void binomialHasMeanNpAndVarianceNpq(Gen gen) {
    int n = gen.oneOf(5, 50, 500, 5000);
    double p = gen.doubleIn(0.001, 0.999);
    SplittableRandom rng = new SplittableRandom(gen.seed());
    int draws = 4000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < draws; i++) {
      long k = Sampling.binomial(n, p, rng);
      assertTrue(k >= 0 && k <= n);
      sum += k;
      sumSq += (double) k * k;
    }
    double mean = sum / draws;
    double var = sumSq / draws - mean * mean;
    double sd = Math.sqrt(n * p * (1 - p));
    assertEquals(n * p, mean, 5 * sd / Math.sqrt(draws) + 1e-9, "mean");
    // variance of the sample variance ≈ 2σ⁴/draws for near-normal counts (plus kurtosis): allow 15%
    assertEquals(n * p * (1 - p), var, 0.15 * n * p * (1 - p) + 0.05, "variance");
  }

  @Test
  void binomialEdgeCases() {
    SplittableRandom rng = new SplittableRandom(1);
    assertEquals(0, Sampling.binomial(100, 0, rng));
    assertEquals(100, Sampling.binomial(100, 1, rng));
    assertEquals(0, Sampling.binomial(0, 0.5, rng));
  }

  @Property(trials = 20)
  void chiSquareHasMeanKAndVarianceTwoK(Gen gen) {
    double k = gen.doubleIn(0.3, 300);
    SplittableRandom rng = new SplittableRandom(gen.seed());
    int draws = 4000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < draws; i++) {
      double x = Sampling.chiSquare(k, rng);
      assertTrue(x >= 0);
      sum += x;
      sumSq += x * x;
    }
    double mean = sum / draws;
    double var = sumSq / draws - mean * mean;
    assertEquals(k, mean, 5 * Math.sqrt(2 * k / draws), "mean");
    assertEquals(2 * k, var, 0.25 * 2 * k, "variance");
  }

  @Test
  void normalBatchesPoolToTheRightMoments() {
    SplittableRandom rng = new SplittableRandom(3);
    ArmModel m = ArmModel.normal(10, 2);
    ArmSummary s = ArmSummary.EMPTY;
    for (int i = 0; i < 2000; i++) {
      s = s.merge(m.batch(50, rng));
    }
    assertEquals(100_000, s.n());
    assertEquals(10, s.mean(), 5 * 2 / Math.sqrt(100_000));
    assertEquals(4, s.variance(), 0.05);
  }
}
