package dev.align4j.optimizers.objective.pairwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.objective.PairwiseResult;
import dev.align4j.optimizers.objective.internal.PairwiseKernels;
import dev.align4j.optimizers.objective.pairwise.FDivergence;
import dev.align4j.optimizers.objective.pairwise.PairwiseLoss;
import dev.align4j.optimizers.objective.pairwise.PairwiseLossType;
import dev.align4j.optimizers.objective.pairwise.PairwiseTestSupport;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels against the scalar reference: every output within 1e-12 relative (absolute floor 1e-15 per
 * unit of loss or gradient scale), over sizes that exercise the scalar tail, with and without a reference, written and
 * accumulated; and the allocation-free {@code evaluateInto}.
 */
class PairwiseKernelsTest {
  private static final double REL = 1e-12;

  private static PairwiseKernels vector() {
    assumeTrue(Kernels.vectorApiUsable(), "tests run with --add-modules jdk.incubator.vector");
    PairwiseKernels k = PairwiseKernels.active();
    assertTrue(k.name().startsWith("vector-api"), k.name());
    return k;
  }

  @Test
  void activeKernelsFollowTheCoreSwitch() {
    assertEquals(Kernels.vectorApiUsable(), PairwiseKernels.active() != PairwiseKernels.scalar());
    assertTrue(PairwiseKernels.active().name().startsWith(Kernels.vectorApiUsable() ? "vector-api" : "scalar"));
  }

  private static void close(double expected, double actual, double floor, String what) {
    assertEquals(expected, actual, REL * Math.abs(expected) + 1e-15 * floor, what);
  }

  @Property(trials = 120)
  void vectorLogisticAndHingeMatchScalar(Gen gen) {
    PairwiseKernels vec = vector();
    PairwiseKernels sca = PairwiseKernels.scalar();
    int n = gen.intIn(1, 67);
    double[] c = new double[n];
    double[] r = new double[n];
    double[] c0 = new double[n];
    double[] r0 = new double[n];
    for (int i = 0; i < n; i++) {
      int len = gen.length(100_000);
      c[i] = gen.logProb(-1e4) * (gen.bool() ? 1 : len);
      r[i] = gen.logProb(-1e4) * (gen.bool() ? 1 : len);
      c0[i] = gen.logProb(-1e4) * (gen.bool() ? 1 : len);
      r0[i] = gen.logProb(-1e4) * (gen.bool() ? 1 : len);
    }
    boolean ref = gen.bool();
    double beta = gen.doubleIn(1e-3, 10);
    double gamma = gen.bool() ? 0 : gen.doubleIn(-2, 2);
    double eps = gen.bool() ? 0 : gen.doubleIn(0, 0.45);
    double a = gen.bool() ? 1 - eps : (1 - eps) / (1 - 2 * eps);
    double b = gen.bool() ? eps : -eps / (1 - 2 * eps);
    double gradScale = 1.0 / n;
    double lossScale = gen.doubleIn(0.1, 2);
    boolean accumulate = gen.bool();
    double[][] outS = {gen.uniforms(n, -1, 1), gen.uniforms(n, -1, 1), gen.uniforms(n, -1, 1)};
    double[][] outV = {outS[0].clone(), outS[1].clone(), outS[2].clone()};
    double sumS;
    double sumV;
    double scale = lossScale * (Math.abs(a) + Math.abs(b)) * (1 + beta * 4e4);
    if (gen.bool()) {
      sumS = sca.logistic(c, r, ref ? c0 : null, ref ? r0 : null, n, beta, gamma, a, b, gradScale, lossScale,
          outS[0], outS[1], outS[2], accumulate);
      sumV = vec.logistic(c, r, ref ? c0 : null, ref ? r0 : null, n, beta, gamma, a, b, gradScale, lossScale,
          outV[0], outV[1], outV[2], accumulate);
    } else {
      double margin = gen.doubleIn(0, 2);
      sumS = sca.hinge(c, r, ref ? c0 : null, ref ? r0 : null, n, beta, margin, gradScale, lossScale, outS[0],
          outS[1], outS[2], accumulate);
      sumV = vec.hinge(c, r, ref ? c0 : null, ref ? r0 : null, n, beta, margin, gradScale, lossScale, outV[0],
          outV[1], outV[2], accumulate);
    }
    close(sumS, sumV, n * scale * 1e9, "sum " + gen);
    for (int i = 0; i < n; i++) {
      close(outS[0][i], outV[0][i], scale, "losses[" + i + "] " + gen);
      close(outS[1][i], outV[1][i], beta, "gc[" + i + "] " + gen);
      close(outS[2][i], outV[2][i], beta, "gr[" + i + "] " + gen);
    }
  }

  @Property(trials = 100)
  void vectorRewardSumsMatchScalar(Gen gen) {
    PairwiseKernels vec = vector();
    int n = gen.intIn(1, 67);
    double[] c = gen.logProbs(n, -1e6);
    double[] r = gen.logProbs(n, -1e6);
    double[] c0 = gen.logProbs(n, -1e6);
    double[] r0 = gen.logProbs(n, -1e6);
    boolean ref = gen.bool();
    double[] s = new double[5];
    double[] v = new double[5];
    PairwiseKernels.scalar().rewardSums(c, r, ref ? c0 : null, ref ? r0 : null, n, s);
    vec.rewardSums(c, r, ref ? c0 : null, ref ? r0 : null, n, v);
    for (int k = 0; k < 5; k++) {
      assertEquals(s[k], v[k], 1e-12 * n * 2e6, "sum " + k);
    }
    assertEquals(s[2], v[2], 0.0, "accuracy count is exact");
  }

  @Property(trials = 30)
  void wholeObjectivesAgreeAcrossKernels(Gen gen) {
    PairwiseKernels vec = vector();
    PairwiseBatch b = PairwiseTestSupport.randomBatch(gen, gen.intIn(1, 100), -500, -0.01, 100, gen.bool());
    for (PairwiseLossType t : PairwiseLossType.values()) {
      PairwiseLoss.Builder builder = PairwiseLoss.builder(t).beta(gen.doubleIn(0.01, 1));
      FDivergence f = t.usesFDivergence() ? gen.oneOf(FDivergence.values()) : FDivergence.REVERSE_KL;
      if (f != FDivergence.REVERSE_KL) {
        builder.fDivergence(f);
      }
      switch (t) {
        case CDPO:
        case ROBUST:
        case CPO:
        case SIMPO:
        case EXO_PAIR:
          builder.labelSmoothing(0.2);
          break;
        case LD_DPO:
          builder.ldAlpha(0.5);
          break;
        case IPO:
          builder.ipoLengthNormalization(gen.bool());
          break;
        case R_DPO:
          builder.rdpoAlpha(gen.doubleIn(0, 0.1));
          break;
        case DPOP:
          builder.dpopLambda(gen.doubleIn(0, 60));
          break;
        case ALPHAPO:
          builder.alpha(0.05);
          break;
        default:
          break;
      }
      PairwiseLoss loss = builder.build();
      PairwiseResult s = loss.withKernels(PairwiseKernels.scalar()).evaluate(b);
      PairwiseResult v = loss.withKernels(vec).evaluate(b);
      close(s.loss(), v.loss(), 1, t.trlName() + " " + f);
      for (int i = 0; i < b.size(); i++) {
        close(s.losses()[i], v.losses()[i], 1, t + " losses[" + i + "]");
        close(s.gradPolicyChosen()[i], v.gradPolicyChosen()[i], 1.0 / b.size(), t + " gc[" + i + "]");
        close(s.gradPolicyRejected()[i], v.gradPolicyRejected()[i], 1.0 / b.size(), t + " gr[" + i + "]");
      }
      s.metrics().forEach((k, x) -> assertEquals(x, v.metric(k), 1e-12 * Math.max(1, Math.abs(x)), k));
    }
  }

  /** Per-thread allocated bytes through com.sun.management.ThreadMXBean, by reflection (the test is in a module). */
  private static long allocatedBytes(Object bean, Method counter) throws ReflectiveOperationException {
    return (Long) counter.invoke(bean);
  }

  @Test
  void evaluateIntoAllocatesNothing() throws Exception {
    Object bean;
    Method counter;
    try {
      bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
      counter = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
    } catch (ReflectiveOperationException | LinkageError e) {
      assumeTrue(false, "needs per-thread allocation counters: " + e);
      return;
    }
    PairwiseBatch b = PairwiseTestSupport.randomBatch(dev.align4j.testkit.Gen.of(7), 131, -300, -0.01, 100, true);
    double[] losses = new double[b.size()];
    double[] gc = new double[b.size()];
    double[] gr = new double[b.size()];
    // one objective per code path: fused logistic (vector and scalar), hinge, the per-pair vector kernels (a length
    // type and a two-score type), the blocked loops on scalar kernels (discopop under js) and on the active ones
    // (nca_pair, orpo; orpo also on scalar kernels), β-DPO's batch β, the scalar per-pair loop (ipo under js), and a
    // weighted combination with sft
    List<PairwiseObjective> objectives = List.of(
        PairwiseLoss.dpo(0.1),
        PairwiseLoss.dpo(0.1).withKernels(PairwiseKernels.scalar()),
        PairwiseLoss.builder(PairwiseLossType.HINGE).build(),
        PairwiseLoss.builder(PairwiseLossType.IPO).build(),
        PairwiseLoss.builder(PairwiseLossType.APO_ZERO).build(),
        PairwiseLoss.builder(PairwiseLossType.DISCOPOP).fDivergence(FDivergence.JS_DIVERGENCE).build()
            .withKernels(PairwiseKernels.scalar()),
        PairwiseLoss.builder(PairwiseLossType.BETA_DPO).build(),
        PairwiseLoss.builder(PairwiseLossType.NCA_PAIR).build(),
        PairwiseLoss.builder(PairwiseLossType.IPO).fDivergence(FDivergence.JS_DIVERGENCE).build(),
        PairwiseLoss.builder(PairwiseLossType.ORPO).build(),
        PairwiseLoss.builder(PairwiseLossType.ORPO).build().withKernels(PairwiseKernels.scalar()),
        Objectives.pairwise("sigmoid,bco_pair,sft", PairwiseTestSupport.cfg("loss_weights", "0.8,0.2,1")));
    // The scalar loops allocate nothing whatever the JIT does; this is asserted strictly. The Vector API loops allocate
    // nothing only once C2 has compiled them with escape analysis, which a JVM that has already run thousands of other
    // tests (polluted type profiles, a busy compile queue) may not do in time: for them a miss is reported as a skip,
    // and the JMH -prof gc figures in benchmarks/results/objectives.md are the evidence.
    Set<PairwiseObjective> scalarPaths = Set.of(objectives.get(1), objectives.get(5), objectives.get(8),
        objectives.get(10));
    List<String> jitMisses = new ArrayList<>();
    for (PairwiseObjective o : objectives) {
      // Vector API code allocates until C2 has compiled it; measure after warm-up rounds, up to 120 rounds.
      long allocated = Long.MAX_VALUE;
      double sink = 0;
      int round = 0;
      for (; round < 120 && allocated >= 64; round++) {
        for (int w = 0; w < 500; w++) {
          sink += o.evaluateInto(b, losses, gc, gr);
        }
        allocatedBytes(bean, counter);
        long before = allocatedBytes(bean, counter);
        for (int k = 0; k < 200; k++) {
          sink += o.evaluateInto(b, losses, gc, gr);
        }
        // reading the counter by reflection costs a few dozen bytes; any per-call allocation would be >= 3200
        allocated = allocatedBytes(bean, counter) - before;
      }
      assertTrue(Double.isFinite(sink));
      int rounds = round;
      if (allocated >= 64 && !scalarPaths.contains(o) && Kernels.vectorApiUsable()) {
        jitMisses.add(o + ": " + allocated + " B in 200 calls after " + rounds + " rounds");
        continue;
      }
      assertTrue(allocated < 64, o + " allocated " + allocated + " bytes in 200 calls after " + rounds + " rounds");
    }
    Assumptions.assumeTrue(jitMisses.isEmpty(),
        "C2 did not scalar-replace these Vector API loops in this JVM (see the comment above): " + jitMisses);
  }
}
