package dev.align4j.optimizers.objective.listwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.math.StableMath;
import dev.align4j.optimizers.objective.CentralDifference;
import dev.align4j.optimizers.objective.ListwiseBatch;
import dev.align4j.optimizers.objective.ListwiseObjective;
import dev.align4j.optimizers.objective.ListwiseResult;
import dev.align4j.optimizers.objective.ThreadAllocation;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlackettLuceDpoLossTest {
  /** Two lists (k = 3 and k = 4) shared by the listwise example tests; values from listwise_vectors.py (numpy). */
  static final double[] POLICY = {-10, -12, -11, -20, -19, -25, -22};
  static final double[] REFERENCE = {-11, -11, -12, -21, -20, -23, -21};
  static final int[] SIZES = {3, 4};
  static final double[] SCORES = {0.9, 0.5, 0.1, 1.0, 0.7, 0.7, 0.2};

  @Test
  void matchesIndependentlyComputedValues() {
    ListwiseResult r = PlackettLuceDpoLoss.builder().build()
        .evaluate(new ListwiseBatch(POLICY, REFERENCE, null, SIZES, null));
    assertArrayEquals(new double[] {1.834425565451, 2.953861564992}, r.losses(), 1e-11);
    assertEquals(2.394143565221, r.loss(), 1e-11);
    assertEquals((0.1 + 0.1) / 2, r.metrics().get("rewards/chosen"), 1e-12);
  }

  @Test
  void oneLosingCandidateIsSigmoidDpoOnTrlVectorTv1() {
    // TV1 of trl-objectives.md §16 as three lists of two: sigmoid per-pair [0.620957 0.693147 0.620957], mean 0.645020
    double[] policy = {-10, -12, -20, -19, -15, -18};
    double[] reference = {-11, -11.5, -21, -20, -15.5, -17};
    ListwiseResult r = ListwiseObjectives.create("dpo_pl", Map.of("beta", 0.1))
        .evaluate(ListwiseBatch.ofFixedSize(policy, reference, null, 2));
    assertArrayEquals(new double[] {0.620957, 0.693147, 0.620957}, r.losses(), 1e-6);
    assertEquals(0.645020, r.loss(), 1e-6);
    assertEquals(0.1, r.metrics().get("rewards/margins"), 1e-12);
    assertEquals(2.0 / 3, r.metrics().get("rewards/accuracies"), 1e-12);
  }

  @Property(trials = 100)
  void twoCandidatesEqualSigmoidDpoWithItsGradient(Gen gen) {
    double beta = gen.doubleIn(0.01, 5);
    double[] policy = CentralDifference.logProbs(gen, 2, -1e3, 0);
    double[] reference = CentralDifference.logProbs(gen, 2, -1e3, 0);
    ListwiseResult r = PlackettLuceDpoLoss.builder().beta(beta).build()
        .evaluate(ListwiseBatch.ofFixedSize(policy, reference, null, 2));
    double x = beta * ((policy[0] - reference[0]) - (policy[1] - reference[1]));
    assertEquals(-StableMath.logSigmoid(x), r.loss(), 1e-9 * Math.max(1, Math.abs(x)));
    double g = -beta * StableMath.sigmoid(-x);
    assertEquals(g, r.gradPolicy()[0], 1e-12 + 1e-9 * Math.abs(g));
    assertEquals(-g, r.gradPolicy()[1], 1e-12 + 1e-9 * Math.abs(g));
  }

  @Property(trials = 150)
  void gradientMatchesCentralDifference(Gen gen) {
    ListwiseBatch b = randomBatch(gen, 4, 6, -60, 1e-2);
    PlackettLuceDpoLoss loss = PlackettLuceDpoLoss.builder().beta(gen.doubleIn(0.01, 3)).build();
    ListwiseResult r = loss.evaluate(b);
    CentralDifference.assertGradient("gradPolicy",
        x -> loss.evaluate(new ListwiseBatch(x, b.referenceLogps(), null, b.listSizes(), null)).loss(),
        b.policyLogps().clone(), r.gradPolicy(), 1e-6, 1e-10);
  }

  @Property(trials = 60)
  void probabilitiesOfAllOrdersSumToOne(Gen gen) {
    // exp(−L) is the Plackett–Luce probability of the listed order; over all k! orders it sums to 1.
    int k = gen.intIn(2, 5);
    double beta = gen.doubleIn(0.05, 2);
    double[] policy = CentralDifference.logProbs(gen, k, -40, 0);
    double[] reference = CentralDifference.logProbs(gen, k, -40, 0);
    PlackettLuceDpoLoss loss = PlackettLuceDpoLoss.builder().beta(beta).build();
    double[] total = {0};
    permute(new int[k], new boolean[k], 0, perm -> {
      double[] p = new double[k];
      double[] r = new double[k];
      for (int i = 0; i < k; i++) {
        p[i] = policy[perm[i]];
        r[i] = reference[perm[i]];
      }
      total[0] += Math.exp(-loss.evaluate(ListwiseBatch.ofFixedSize(p, r, null, k)).loss());
    });
    assertEquals(1.0, total[0], 1e-9);
  }

  @Property(trials = 100)
  void invariantToAConstantShiftAndGradientsSumToZeroPerList(Gen gen) {
    ListwiseBatch b = randomBatch(gen, 3, 5, -50, 10);
    PlackettLuceDpoLoss loss = PlackettLuceDpoLoss.builder().beta(gen.doubleIn(0.05, 2)).build();
    ListwiseResult r = loss.evaluate(b);
    double[] shifted = b.policyLogps().clone();
    double c = gen.doubleIn(-5, 5);
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] = Math.min(0, shifted[i] + c);
    }
    boolean clipped = false;
    for (int i = 0; i < shifted.length; i++) {
      clipped |= shifted[i] != b.policyLogps()[i] + c;
    }
    if (!clipped) {
      assertEquals(r.loss(), loss.evaluate(new ListwiseBatch(shifted, b.referenceLogps(), null, b.listSizes(), null))
          .loss(), 1e-9 * Math.max(1, r.loss()));
    }
    int start = 0;
    for (int size : b.listSizes()) {
      double sum = 0;
      double scale = 0;
      for (int i = start; i < start + size; i++) {
        sum += r.gradPolicy()[i];
        scale += Math.abs(r.gradPolicy()[i]);
      }
      assertEquals(0, sum, 1e-12 + 1e-9 * scale);
      start += size;
    }
  }

  @Property(trials = 150)
  void fastAndLogSpacePathsAgree(Gen gen) {
    int k = gen.intIn(2, 8);
    double spread = gen.oneOf(1.0, 30.0, 300.0);
    double[] s = new double[k];
    for (int j = 0; j < k; j++) {
      s[j] = gen.doubleIn(-spread, spread);
    }
    double[] e = new double[k];
    double[] suffix = new double[k];
    double[] fastGrad = new double[k];
    double[] stableGrad = new double[k];
    double fast = PlackettLuceDpoLoss.fastList(s, k, e, suffix, fastGrad, 0, 1.0);
    double stable = PlackettLuceDpoLoss.stableList(s, k, suffix, stableGrad, 0, 1.0);
    if (spread < 300) {
      assertTrue(!Double.isNaN(fast), "the fast path handles rewards spread over " + 2 * spread);
    }
    if (!Double.isNaN(fast)) {
      assertEquals(stable, fast, 1e-12 * Math.max(1, Math.abs(stable)) + 1e-9 * spread * 1e-3);
      for (int j = 0; j < k; j++) {
        assertEquals(stableGrad[j], fastGrad[j], 1e-12 + 1e-9 * Math.abs(stableGrad[j]), "index " + j);
      }
    }
  }

  @Property(trials = 50)
  void evaluateIntoWritesTheSameNumbersAsEvaluate(Gen gen) {
    ListwiseBatch b = randomBatch(gen, 5, 6, -1e3, 0);
    PlackettLuceDpoLoss loss = PlackettLuceDpoLoss.builder().beta(gen.doubleIn(0.01, 2)).build();
    ListwiseResult r = loss.evaluate(b);
    double[] losses = new double[b.listCount() + 1];
    double[] grad = new double[b.policyLogps().length];
    assertEquals(r.loss(), loss.evaluateInto(b, losses, grad));
    assertArrayEquals(r.losses(), java.util.Arrays.copyOf(losses, b.listCount()));
    assertArrayEquals(r.gradPolicy(), grad);
    ListwiseObjective viaDefault = RrhfLoss.builder().build();
    assertEquals(viaDefault.evaluate(b).loss(), viaDefault.evaluateInto(b, losses, grad));
    assertThrows(IllegalArgumentException.class, () -> loss.evaluateInto(b, new double[0], grad));
  }

  @Test
  void evaluateIntoAllocatesNothingPerCandidate() throws ReflectiveOperationException {
    int n = 100_000;
    Gen gen = Gen.of(12);
    ListwiseBatch b = ListwiseBatch.ofFixedSize(gen.logProbs(n, -100), gen.logProbs(n, -100), null, 4);
    PlackettLuceDpoLoss loss = PlackettLuceDpoLoss.builder().build();
    double[] losses = new double[n / 4];
    double[] grad = new double[n];
    for (int i = 0; i < 5; i++) {
      loss.evaluateInto(b, losses, grad);
    }
    long allocated = ThreadAllocation.measure(() -> loss.evaluateInto(b, losses, grad));
    assertTrue(allocated < 1024, "evaluateInto allocated " + allocated + " bytes for " + n + " candidates");
  }

  @Property(trials = 100)
  void finiteOverTheWholeRange(Gen gen) {
    ListwiseBatch b = randomBatch(gen, 6, 8, -1e4, 0);
    ListwiseResult r = PlackettLuceDpoLoss.builder().beta(gen.doubleIn(1e-3, 10)).build().evaluate(b);
    assertTrue(Double.isFinite(r.loss()) && r.loss() >= 0);
    for (double g : r.gradPolicy()) {
      assertTrue(Double.isFinite(g));
    }
  }

  @Property(trials = 100)
  void lossDecreasesAlongTheNegativeGradient(Gen gen) {
    ListwiseBatch b = randomBatch(gen, 4, 5, -30, 1);
    PlackettLuceDpoLoss loss = PlackettLuceDpoLoss.builder().beta(gen.doubleIn(0.05, 1)).build();
    assertDescent(loss, b);
  }

  @Test
  void rejectsBadInput() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ListwiseBatch(new double[] {-1, -2, -3}, null, null, new int[] {2, 1}, null));
    assertTrue(e.getMessage().contains("listSizes[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ListwiseBatch(new double[] {-1, -2, -3}, null, null, new int[] {2}, null));
    assertTrue(e.getMessage().contains("sum of listSizes"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ListwiseBatch(new double[] {-1, -2}, new double[] {-1, Double.POSITIVE_INFINITY}, null,
            new int[] {2}, null));
    assertTrue(e.getMessage().contains("referenceLogps[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ListwiseBatch(new double[] {-1, -2}, null, null, new int[] {2}, new double[] {0.1, 0.2}));
    assertTrue(e.getMessage().contains("scores[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ListwiseBatch(new double[] {-1, -2}, null, new int[] {3, 0}, new int[] {2}, null));
    assertTrue(e.getMessage().contains("lengths[1]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PlackettLuceDpoLoss.builder().build()
        .evaluate(ListwiseBatch.ofFixedSize(new double[] {-1, -2}, null, null, 2)));
    assertTrue(e.getMessage().contains("referenceLogps") && e.getMessage().contains("dpo_pl"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ListwiseBatch.ofFixedSize(new double[] {-1, -2, -3}, null, null, 2));
    assertTrue(e.getMessage().contains("listSize"), e.getMessage());
  }

  /** A batch of 1..maxLists lists of 2..maxK candidates, log-probs in [min, −margin], lengths 1..200, no scores. */
  static ListwiseBatch randomBatch(Gen gen, int maxLists, int maxK, double min, double margin) {
    return randomBatch(gen, maxLists, maxK, min, margin, 200);
  }

  /** As above with lengths in 1..maxLength. */
  static ListwiseBatch randomBatch(Gen gen, int maxLists, int maxK, double min, double margin, int maxLength) {
    int lists = gen.intIn(1, maxLists);
    int[] sizes = new int[lists];
    int n = 0;
    for (int q = 0; q < lists; q++) {
      sizes[q] = gen.intIn(2, maxK);
      n += sizes[q];
    }
    return new ListwiseBatch(CentralDifference.logProbs(gen, n, min, margin),
        CentralDifference.logProbs(gen, n, min, margin), gen.lengths(n, maxLength), sizes, null);
  }

  /** Non-increasing graded scores for {@code b}'s lists, with occasional ties. */
  static double[] randomScores(Gen gen, ListwiseBatch b) {
    double[] scores = new double[b.policyLogps().length];
    int start = 0;
    for (int size : b.listSizes()) {
      double v = gen.doubleIn(0, 1);
      for (int i = start; i < start + size; i++) {
        scores[i] = v;
        if (gen.intIn(0, 4) > 0) {
          v -= gen.doubleIn(0.05, 0.5);
        }
      }
      start += size;
    }
    return scores;
  }

  static void assertDescent(ListwiseObjective loss, ListwiseBatch b) {
    ListwiseResult r = loss.evaluate(b);
    double max = 0;
    for (double g : r.gradPolicy()) {
      max = Math.max(max, Math.abs(g));
    }
    if (max < 1e-9) {
      return;
    }
    double[] moved = b.policyLogps().clone();
    for (int i = 0; i < moved.length; i++) {
      moved[i] -= 1e-4 * r.gradPolicy()[i] / max;
    }
    double after = loss.evaluate(new ListwiseBatch(moved, b.referenceLogps(), b.lengths(), b.listSizes(), b.scores()))
        .loss();
    assertTrue(after < r.loss(), "loss " + r.loss() + " -> " + after);
  }

  private static void permute(int[] perm, boolean[] used, int depth, java.util.function.Consumer<int[]> visit) {
    if (depth == perm.length) {
      visit.accept(perm);
      return;
    }
    for (int i = 0; i < perm.length; i++) {
      if (!used[i]) {
        used[i] = true;
        perm[depth] = i;
        permute(perm, used, depth + 1, visit);
        used[i] = false;
      }
    }
  }
}
