package dev.align4j.optimizers.objective;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.jspecify.annotations.Nullable;

/**
 * The pairwise kernels on the JDK Vector API ({@code DoubleVector} of the preferred shape, lanewise EXP and LOG1P,
 * which HotSpot maps to SVML-style vector intrinsics on x86: about 2 ns per exp + log1p pair of lanes against
 * about 23 ns scalar, measured on this project's machine). Loaded only by reflection from
 * {@link PairwiseKernels.Holder} when {@link dev.align4j.core.math.Kernels#vectorApiUsable()}, so the library links
 * without {@code jdk.incubator.vector}. Tails shorter than a vector go through the scalar
 * kernels' range loops (no allocation).
 */
final class VectorPairwiseKernels implements PairwiseKernels {
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  private VectorPairwiseKernels() {}

  /** The kernels, or null when the preferred shape holds fewer than two doubles. */
  static @Nullable PairwiseKernels create() {
    if (D.length() < 2) {
      return null;
    }
    return new VectorPairwiseKernels();
  }

  @Override
  public String name() {
    return "vector-api(" + D.vectorBitSize() + "-bit)";
  }

  private static void store(
      DoubleVector loss, DoubleVector g, double[] losses, double[] gc, double[] gr, int i, boolean accumulate) {
    if (accumulate) {
      DoubleVector.fromArray(D, losses, i).add(loss).intoArray(losses, i);
      DoubleVector.fromArray(D, gc, i).add(g).intoArray(gc, i);
      DoubleVector.fromArray(D, gr, i).sub(g).intoArray(gr, i);
    } else {
      loss.intoArray(losses, i);
      g.intoArray(gc, i);
      g.neg().intoArray(gr, i);
    }
  }

  @Override
  public double logistic(
      double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int n, double beta, double gamma,
      double a, double b, double gradScale, double lossScale, double[] losses, double[] gc, double[] gr,
      boolean accumulate) {
    int bound = D.loopBound(n);
    double gs = gradScale * beta;
    double total;
    // One loop per (reference, smoothing) combination: a vector merged from two branches (a phi) would be boxed by
    // C2 on JDK 17, costing an allocation per call.
    if (c0 == null || r0 == null) {
      total = b == 0
          ? logisticLoop(c, r, bound, beta, gamma, lossScale * a, -gs * a, losses, gc, gr, accumulate)
          : smoothedLoop(c, r, bound, beta, gamma, lossScale * a, lossScale * b, -gs * a, gs * b, losses, gc, gr,
              accumulate);
    } else {
      total = b == 0
          ? logisticLoopRef(c, r, c0, r0, bound, beta, gamma, lossScale * a, -gs * a, losses, gc, gr, accumulate)
          : smoothedLoopRef(c, r, c0, r0, bound, beta, gamma, lossScale * a, lossScale * b, -gs * a, gs * b, losses,
              gc, gr, accumulate);
    }
    if (bound < n) {
      total += ScalarPairwiseKernels.logisticRange(c, r, c0, r0, bound, n, beta, gamma, a, b, gradScale, lossScale,
          losses, gc, gr, accumulate);
    }
    return total;
  }

  private static double logisticLoop(double[] c, double[] r, int bound, double beta, double gamma, double la,
      double ga, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    DoubleVector sum = DoubleVector.zero(D);
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector d = DoubleVector.fromArray(D, c, i).sub(DoubleVector.fromArray(D, r, i));
      sum = sum.add(plain(d, i, beta, gamma, la, ga, losses, gc, gr, accumulate));
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  private static double logisticLoopRef(double[] c, double[] r, double[] c0, double[] r0, int bound, double beta,
      double gamma, double la, double ga, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    DoubleVector sum = DoubleVector.zero(D);
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector d = DoubleVector.fromArray(D, c, i).sub(DoubleVector.fromArray(D, c0, i))
          .sub(DoubleVector.fromArray(D, r, i).sub(DoubleVector.fromArray(D, r0, i)));
      sum = sum.add(plain(d, i, beta, gamma, la, ga, losses, gc, gr, accumulate));
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  private static double smoothedLoop(double[] c, double[] r, int bound, double beta, double gamma, double la,
      double lb, double ga, double gb, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    DoubleVector sum = DoubleVector.zero(D);
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector d = DoubleVector.fromArray(D, c, i).sub(DoubleVector.fromArray(D, r, i));
      sum = sum.add(smoothed(d, i, beta, gamma, la, lb, ga, gb, losses, gc, gr, accumulate));
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  private static double smoothedLoopRef(double[] c, double[] r, double[] c0, double[] r0, int bound, double beta,
      double gamma, double la, double lb, double ga, double gb, double[] losses, double[] gc, double[] gr,
      boolean accumulate) {
    DoubleVector sum = DoubleVector.zero(D);
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector d = DoubleVector.fromArray(D, c, i).sub(DoubleVector.fromArray(D, c0, i))
          .sub(DoubleVector.fromArray(D, r, i).sub(DoubleVector.fromArray(D, r0, i)));
      sum = sum.add(smoothed(d, i, beta, gamma, la, lb, ga, gb, losses, gc, gr, accumulate));
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  /** L = la·softplus(−x), g = ga·σ(−x) for x = βd − γ; stores and returns the loss vector. */
  private static DoubleVector plain(DoubleVector d, int i, double beta, double gamma, double la, double ga,
      double[] losses, double[] gc, double[] gr, boolean accumulate) {
    DoubleVector x = d.mul(beta).sub(gamma);
    DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP); // e^{−|x|} in (0, 1]
    DoubleVector lp = e.lanewise(VectorOperators.LOG1P);
    DoubleVector inv = DoubleVector.broadcast(D, 1.0).div(e.add(1.0));
    VectorMask<Double> pos = x.compare(VectorOperators.GE, 0.0);
    DoubleVector sigNeg = inv.blend(e.mul(inv), pos); // σ(−x)
    DoubleVector loss = x.neg().max(0.0).add(lp).mul(la); // la·softplus(−x)
    store(loss, sigNeg.mul(ga), losses, gc, gr, i, accumulate);
    return loss;
  }

  /** L = la·softplus(−x) + lb·softplus(x), g = ga·σ(−x) + gb·σ(x); stores and returns the loss vector. */
  private static DoubleVector smoothed(DoubleVector d, int i, double beta, double gamma, double la, double lb,
      double ga, double gb, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    DoubleVector x = d.mul(beta).sub(gamma);
    DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP);
    DoubleVector lp = e.lanewise(VectorOperators.LOG1P);
    DoubleVector inv = DoubleVector.broadcast(D, 1.0).div(e.add(1.0));
    DoubleVector einv = e.mul(inv);
    VectorMask<Double> pos = x.compare(VectorOperators.GE, 0.0);
    DoubleVector sigNeg = inv.blend(einv, pos);
    DoubleVector sigPos = einv.blend(inv, pos);
    DoubleVector loss = x.neg().max(0.0).add(lp).mul(la).add(x.max(0.0).add(lp).mul(lb));
    DoubleVector g = sigNeg.mul(ga).add(sigPos.mul(gb));
    store(loss, g, losses, gc, gr, i, accumulate);
    return loss;
  }

  @Override
  public double hinge(
      double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int n, double beta, double margin,
      double gradScale, double lossScale, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    int bound = D.loopBound(n);
    double g = -gradScale * beta;
    DoubleVector sum = DoubleVector.zero(D);
    if (c0 == null || r0 == null) {
      for (int i = 0; i < bound; i += D.length()) {
        DoubleVector d = DoubleVector.fromArray(D, c, i).sub(DoubleVector.fromArray(D, r, i));
        sum = sum.add(hingeStep(d, i, beta, margin, g, lossScale, losses, gc, gr, accumulate));
      }
    } else {
      for (int i = 0; i < bound; i += D.length()) {
        DoubleVector d = DoubleVector.fromArray(D, c, i).sub(DoubleVector.fromArray(D, c0, i))
            .sub(DoubleVector.fromArray(D, r, i).sub(DoubleVector.fromArray(D, r0, i)));
        sum = sum.add(hingeStep(d, i, beta, margin, g, lossScale, losses, gc, gr, accumulate));
      }
    }
    double total = sum.reduceLanes(VectorOperators.ADD);
    if (bound < n) {
      total += ScalarPairwiseKernels.hingeRange(c, r, c0, r0, bound, n, beta, margin, gradScale, lossScale, losses, gc,
          gr, accumulate);
    }
    return total;
  }

  private static DoubleVector hingeStep(DoubleVector d, int i, double beta, double margin, double g, double lossScale,
      double[] losses, double[] gc, double[] gr, boolean accumulate) {
    DoubleVector m = d.mul(-beta).add(margin);
    VectorMask<Double> active = m.compare(VectorOperators.GT, 0.0);
    DoubleVector loss = m.max(0.0).mul(lossScale);
    DoubleVector grad = DoubleVector.zero(D).blend(g, active);
    store(loss, grad, losses, gc, gr, i, accumulate);
    return loss;
  }

  @Override
  public void rewardSums(double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int n, double[] out) {
    int bound = D.loopBound(n);
    java.util.Arrays.fill(out, 0, 5, 0.0);
    if (c0 == null || r0 == null) {
      sums(c, r, c, r, bound, false, out);
    } else {
      sums(c, r, c0, r0, bound, true, out);
    }
    ScalarPairwiseKernels.addRewardSums(c, r, c0, r0, bound, n, out);
  }

  private static void sums(double[] c, double[] r, double[] c0, double[] r0, int bound, boolean ref, double[] out) {
    DoubleVector sw = DoubleVector.zero(D);
    DoubleVector sl = sw;
    DoubleVector acc = sw;
    DoubleVector sc = sw;
    DoubleVector sr = sw;
    DoubleVector keep = DoubleVector.broadcast(D, ref ? 1.0 : 0.0); // ℓ = x − keep·x₀, no branch on vectors
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector vc = DoubleVector.fromArray(D, c, i);
      DoubleVector vr = DoubleVector.fromArray(D, r, i);
      DoubleVector lw = DoubleVector.fromArray(D, c0, i).fma(keep.neg(), vc);
      DoubleVector ll = DoubleVector.fromArray(D, r0, i).fma(keep.neg(), vr);
      sw = sw.add(lw);
      sl = sl.add(ll);
      acc = acc.add(1.0, lw.compare(VectorOperators.GT, ll));
      sc = sc.add(vc);
      sr = sr.add(vr);
    }
    out[0] += sw.reduceLanes(VectorOperators.ADD);
    out[1] += sl.reduceLanes(VectorOperators.ADD);
    out[2] += acc.reduceLanes(VectorOperators.ADD);
    out[3] += sc.reduceLanes(VectorOperators.ADD);
    out[4] += sr.reduceLanes(VectorOperators.ADD);
  }
}
