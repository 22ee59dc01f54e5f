package dev.align4j.optimizers.objective.unpaired;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.CentralDifference;
import dev.align4j.optimizers.objective.ThreadAllocation;
import dev.align4j.optimizers.objective.UnpairedBatch;
import dev.align4j.optimizers.objective.UnpairedObjective;
import dev.align4j.optimizers.objective.UnpairedResult;
import dev.align4j.optimizers.objective.internal.LogisticTerms;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class KtoLossTest {
  // TV6 of trl-objectives.md §16: labels [T,T,F,F], λD = 1, λU = 1.5.
  private static final double[] POLICY = {-10, -12, -14, -9};
  private static final double[] REFERENCE = {-10.5, -12, -13, -9.8};
  private static final boolean[] LABELS = {true, true, false, false};
  private static final double[] KL_POLICY = {-11, -13, -12, -10};
  private static final double[] KL_REFERENCE = {-11.2, -13.1, -12.5, -10.3};

  private static UnpairedBatch tv6() {
    return UnpairedBatch.of(POLICY, REFERENCE, LABELS).withKlPairs(KL_POLICY, KL_REFERENCE);
  }

  @Test
  void matchesTrlVectorTv6() {
    KtoLoss kto = KtoLoss.builder().undesirableWeight(1.5).build();
    UnpairedResult r = kto.evaluate(tv6());
    assertEquals(0.275, r.metrics().get("kl"), 1e-12);
    // §16 lists the unweighted per-class losses; ours carry λ_U = 1.5 on the undesirable ones
    assertArrayEquals(new double[] {0.494375, 0.506875, 1.5 * 0.468168, 1.5 * 0.513122}, r.losses(), 2e-6);
    assertEquals(0.618296, r.loss(), 1e-6);
    // rewards: β·ℓ = [0.05, 0, -0.1, 0.08]
    assertEquals(0.025, r.metrics().get("rewards/chosen"), 1e-12);
    assertEquals(-0.01, r.metrics().get("rewards/rejected"), 1e-12);
    assertEquals(0.035, r.metrics().get("rewards/margins"), 1e-12);
    assertEquals(2.0, r.metrics().get("count/chosen"));
  }

  @Test
  void apoZeroUnpairedMatchesTrlVectorTv6() {
    KtoLoss apo = KtoLoss.builder().lossType(KtoLoss.LossType.APO_ZERO_UNPAIRED).undesirableWeight(1.5).build();
    UnpairedResult r = apo.evaluate(UnpairedBatch.of(POLICY, REFERENCE, LABELS));
    assertEquals(0.620004, r.loss(), 1e-6);
    assertFalse(r.metrics().containsKey("kl"), "apo_zero_unpaired computes no reference point");
  }

  @Test
  void registryBuildsTheSameLoss() {
    UnpairedResult r = UnpairedObjectives.create("kto", java.util.Map.of("undesirable_weight", 1.5)).evaluate(tv6());
    assertEquals(0.618296, r.loss(), 1e-6);
  }

  @Test
  void referencePointIsClampedAtZeroByDefaultAndRawOnRequest() {
    UnpairedBatch negativeKl = UnpairedBatch.of(POLICY, REFERENCE, LABELS)
        .withKlPairs(new double[] {-12, -14}, new double[] {-11, -13.5});
    assertEquals(0.0, KtoLoss.builder().build().evaluate(negativeKl).metrics().get("kl"));
    assertEquals(-0.75, KtoLoss.builder().clampReferencePoint(false).build().evaluate(negativeKl).metrics().get("kl"),
        1e-12);
    assertEquals(0.4, KtoLoss.builder().referencePoint(0.4).build().evaluate(UnpairedBatch.of(POLICY, REFERENCE, LABELS))
        .metrics().get("kl"));
  }

  @Property(trials = 150)
  void gradientMatchesCentralDifference(Gen gen) {
    int n = gen.intIn(1, 8);
    double beta = gen.doubleIn(0.01, 2);
    KtoLoss loss = KtoLoss.builder()
        .lossType(gen.bool() ? KtoLoss.LossType.KTO : KtoLoss.LossType.APO_ZERO_UNPAIRED)
        .beta(beta).desirableWeight(gen.doubleIn(0.1, 3)).undesirableWeight(gen.doubleIn(0.1, 3))
        .clampReferencePoint(gen.bool()).build();
    double[] policy = CentralDifference.logProbs(gen, n, -60, 1e-2);
    double[] reference = CentralDifference.logProbs(gen, n, -60, 1e-2);
    boolean[] labels = labels(gen, n);
    double[] klp = CentralDifference.logProbs(gen, 3, -60, 1e-2);
    double[] klr = CentralDifference.logProbs(gen, 3, -60, 1e-2);
    UnpairedResult r = loss.evaluate(new UnpairedBatch(policy, reference, labels, klp, klr));
    CentralDifference.assertGradient("gradPolicy", x -> loss.evaluate(new UnpairedBatch(x, reference, labels, klp, klr))
        .loss(), policy.clone(), r.gradPolicy(), 1e-6, 1e-10);
    assertEquals(LogisticTerms.mean(r.losses()), r.loss(), 1e-12);
  }

  @Property(trials = 100)
  void finiteOverTheWholeLogProbRange(Gen gen) {
    int n = gen.intIn(1, 16);
    KtoLoss loss = KtoLoss.builder().beta(gen.doubleIn(1e-3, 10)).build();
    UnpairedResult r = loss.evaluate(new UnpairedBatch(gen.logProbs(n, -1e4), gen.logProbs(n, -1e4), labels(gen, n),
        gen.logProbs(n, -1e4), gen.logProbs(n, -1e4)));
    assertTrue(Double.isFinite(r.loss()));
    for (int i = 0; i < n; i++) {
      assertTrue(Double.isFinite(r.losses()[i]) && Double.isFinite(r.gradPolicy()[i]), "index " + i);
      assertTrue(r.losses()[i] >= 0 && r.losses()[i] <= 1, "a KTO loss with unit weights lies in [0, 1]");
    }
    r.metrics().values().forEach(v -> assertTrue(Double.isFinite(v)));
  }

  @Property(trials = 100)
  void lossDecreasesAlongTheNegativeGradient(Gen gen) {
    int n = gen.intIn(1, 8);
    KtoLoss loss = KtoLoss.builder().beta(gen.doubleIn(0.05, 1)).build();
    double[] policy = CentralDifference.logProbs(gen, n, -30, 1);
    double[] reference = CentralDifference.logProbs(gen, n, -30, 1);
    boolean[] labels = labels(gen, n);
    UnpairedBatch batch = UnpairedBatch.of(policy, reference, labels).withKlPairs(new double[] {-5}, new double[] {-6});
    UnpairedResult r = loss.evaluate(batch);
    double max = 0;
    for (double g : r.gradPolicy()) {
      max = Math.max(max, Math.abs(g));
    }
    if (max < 1e-9) {
      return; // saturated: nothing to descend
    }
    double[] moved = policy.clone();
    for (int i = 0; i < n; i++) {
      moved[i] -= 1e-3 * r.gradPolicy()[i] / max;
    }
    double after = loss.evaluate(UnpairedBatch.of(moved, reference, labels)
        .withKlPairs(new double[] {-5}, new double[] {-6})).loss();
    assertTrue(after < r.loss(), "loss " + r.loss() + " -> " + after);
  }

  @Property(trials = 100)
  void desirableAtRatioEqualsUndesirableAtTheMirroredRatio(Gen gen) {
    // KTO's value function is symmetric about z0: v_D(z0 + d) = v_U(z0 − d) when λ_D = λ_U.
    double z0 = gen.doubleIn(0, 5);
    double d = gen.doubleIn(-20, 20);
    KtoLoss loss = KtoLoss.builder().beta(gen.doubleIn(0.01, 3)).referencePoint(z0).build();
    double ref = -30;
    UnpairedResult r = loss.evaluate(UnpairedBatch.of(new double[] {ref + z0 + d, ref + z0 - d},
        new double[] {ref, ref}, new boolean[] {true, false}));
    assertEquals(r.losses()[0], r.losses()[1], 1e-12);
    assertEquals(r.gradPolicy()[0], -r.gradPolicy()[1], 1e-12);
  }

  @Property(trials = 50)
  void weightsScaleTheLossesLinearly(Gen gen) {
    int n = gen.intIn(1, 8);
    double[] policy = CentralDifference.logProbs(gen, n, -30, 0);
    double[] reference = CentralDifference.logProbs(gen, n, -30, 0);
    boolean[] labels = labels(gen, n);
    double wd = gen.doubleIn(0.1, 5);
    double wu = gen.doubleIn(0.1, 5);
    UnpairedBatch batch = UnpairedBatch.of(policy, reference, labels);
    UnpairedResult unit = KtoLoss.builder().referencePoint(0.3).build().evaluate(batch);
    UnpairedResult weighted =
        KtoLoss.builder().referencePoint(0.3).desirableWeight(wd).undesirableWeight(wu).build().evaluate(batch);
    for (int i = 0; i < n; i++) {
      double w = labels[i] ? wd : wu;
      assertEquals(w * unit.losses()[i], weighted.losses()[i], 1e-12 * w);
      assertEquals(w * unit.gradPolicy()[i], weighted.gradPolicy()[i], 1e-15 * w + 1e-12 * Math.abs(weighted.gradPolicy()[i]));
    }
  }

  @Property(trials = 50)
  void evaluateIntoWritesTheSameNumbersAsEvaluate(Gen gen) {
    int n = gen.intIn(1, 16);
    UnpairedBatch b = new UnpairedBatch(gen.logProbs(n, -1e3), gen.logProbs(n, -1e3), labels(gen, n),
        gen.logProbs(3, -1e3), gen.logProbs(3, -1e3));
    for (UnpairedObjective o : new UnpairedObjective[] {KtoLoss.builder().undesirableWeight(1.3).build(),
        KtoLoss.builder().lossType(KtoLoss.LossType.APO_ZERO_UNPAIRED).build(), NpoLoss.builder().build()}) {
      if (o instanceof NpoLoss) {
        b = UnpairedBatch.negatives(b.policyLogps(), b.referenceLogps());
      }
      UnpairedResult r = o.evaluate(b);
      double[] losses = new double[n];
      double[] grad = new double[n + 2];
      assertEquals(r.loss(), o.evaluateInto(b, losses, grad));
      assertArrayEquals(r.losses(), losses);
      assertArrayEquals(r.gradPolicy(), java.util.Arrays.copyOf(grad, n));
    }
    UnpairedBatch batch = b;
    assertThrows(IllegalArgumentException.class,
        () -> KtoLoss.builder().referencePoint(0).build().evaluateInto(batch, new double[n - 1], new double[n]));
  }

  @Test
  void evaluateIntoAllocatesNothingPerExample() throws ReflectiveOperationException {
    int n = 100_000;
    Gen gen = Gen.of(11);
    UnpairedBatch b = new UnpairedBatch(gen.logProbs(n, -100), gen.logProbs(n, -100), labels(gen, n),
        gen.logProbs(n, -100), gen.logProbs(n, -100));
    KtoLoss kto = KtoLoss.builder().build();
    double[] losses = new double[n];
    double[] grad = new double[n];
    for (int i = 0; i < 5; i++) {
      kto.evaluateInto(b, losses, grad);
    }
    long allocated = ThreadAllocation.measure(() -> kto.evaluateInto(b, losses, grad));
    assertTrue(allocated < 1024, "evaluateInto allocated " + allocated + " bytes for " + n + " examples");
    long allocating = ThreadAllocation.measure(() -> kto.evaluate(b));
    assertTrue(allocating >= 16L * n, "the meter sees evaluate's two result arrays, " + allocating + " bytes");
  }

  @Test
  void classBalanceAdviceFollowsKtoEquation8() {
    assertTrue(KtoLoss.isRecommendedWeighting(1, 100, 1, 100));
    assertTrue(KtoLoss.isRecommendedWeighting(1, 130, 1, 100));
    assertTrue(KtoLoss.isRecommendedWeighting(1, 100, 1, 130), "the inverse ratio in [1, 4/3] is also fine");
    assertFalse(KtoLoss.isRecommendedWeighting(1, 1000, 1, 100));
    assertTrue(KtoLoss.isRecommendedWeighting(1, 100, 10, 10), "λU rebalances a 10:1 split");
    assertTrue(KtoLoss.isRecommendedWeighting(1, 100, 1, 0), "one class absent: nothing to balance");
    assertThrows(IllegalArgumentException.class, () -> KtoLoss.isRecommendedWeighting(1, -1, 1, 1));
    // building with off-balance counts logs a warning but works
    assertEquals(0.1, KtoLoss.builder().classCounts(1000, 10).build().beta());
  }

  @Test
  void rejectsBadInputWithNamedArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> UnpairedBatch.of(new double[] {-1, Double.NaN}, new double[] {-1, -1}, new boolean[2]));
    assertTrue(e.getMessage().contains("policyLogps[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> UnpairedBatch.of(new double[] {-1, 0.5}, new double[] {-1, -1}, new boolean[2]));
    assertTrue(e.getMessage().contains("policyLogps[1]") && e.getMessage().contains("0.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> UnpairedBatch.of(new double[] {-1, -2}, new double[] {-1, -1}, new boolean[3]));
    assertTrue(e.getMessage().contains("desirable"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new UnpairedBatch(new double[] {-1}, new double[] {-1}, new boolean[1], new double[] {-1}, null));
    assertTrue(e.getMessage().contains("referenceKlLogps"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> KtoLoss.builder().build().evaluate(UnpairedBatch.of(POLICY, REFERENCE, LABELS)));
    assertTrue(e.getMessage().contains("KL pairs"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> KtoLoss.builder().build()
        .evaluate(new UnpairedBatch(POLICY, null, LABELS, KL_POLICY, KL_REFERENCE)));
    assertTrue(e.getMessage().contains("referenceLogps"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> KtoLoss.builder().beta(0));
    assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("0.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> KtoLoss.builder().undesirableWeight(-1));
    assertTrue(e.getMessage().contains("undesirable_weight"), e.getMessage());
  }

  static boolean[] labels(Gen gen, int n) {
    boolean[] labels = new boolean[n];
    for (int i = 0; i < n; i++) {
      labels[i] = gen.bool();
    }
    return labels;
  }
}
