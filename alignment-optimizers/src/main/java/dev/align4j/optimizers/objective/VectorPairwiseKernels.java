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

  private static DoubleVector delta(
      double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int i) {
    DoubleVector vc = DoubleVector.fromArray(D, c, i);
    DoubleVector vr = DoubleVector.fromArray(D, r, i);
    if (c0 == null || r0 == null) {
      return vc.sub(vr);
    }
    return vc.sub(DoubleVector.fromArray(D, c0, i)).sub(vr.sub(DoubleVector.fromArray(D, r0, i)));
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
    double la = lossScale * a;
    double lb = lossScale * b;
    double ga = -gs * a;
    double gb = gs * b;
    boolean smoothed = b != 0;
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    DoubleVector zero = DoubleVector.zero(D);
    DoubleVector sum = zero;
    int i = 0;
    for (; i < bound; i += D.length()) {
      DoubleVector x = delta(c, r, c0, r0, i).mul(beta).sub(gamma);
      DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP); // e^{−|x|} in (0, 1]
      DoubleVector lp = e.lanewise(VectorOperators.LOG1P);
      DoubleVector inv = one.div(one.add(e));
      DoubleVector einv = e.mul(inv);
      VectorMask<Double> pos = x.compare(VectorOperators.GE, 0.0);
      DoubleVector sigNeg = inv.blend(einv, pos); // σ(−x)
      DoubleVector spNeg = x.neg().max(zero).add(lp); // softplus(−x)
      DoubleVector loss = spNeg.mul(la);
      DoubleVector g = sigNeg.mul(ga);
      if (smoothed) {
        DoubleVector sigPos = einv.blend(inv, pos); // σ(x)
        DoubleVector spPos = x.max(zero).add(lp); // softplus(x)
        loss = spPos.fma(DoubleVector.broadcast(D, lb), loss);
        g = sigPos.fma(DoubleVector.broadcast(D, gb), g);
      }
      store(loss, g, losses, gc, gr, i, accumulate);
      sum = sum.add(loss);
    }
    double total = sum.reduceLanes(VectorOperators.ADD);
    if (i < n) {
      total += ScalarPairwiseKernels.logisticRange(c, r, c0, r0, i, n, beta, gamma, a, b, gradScale, lossScale,
          losses, gc, gr, accumulate);
    }
    return total;
  }

  @Override
  public double hinge(
      double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int n, double beta, double margin,
      double gradScale, double lossScale, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    int bound = D.loopBound(n);
    DoubleVector zero = DoubleVector.zero(D);
    DoubleVector gActive = DoubleVector.broadcast(D, -gradScale * beta);
    DoubleVector sum = zero;
    int i = 0;
    for (; i < bound; i += D.length()) {
      DoubleVector m = delta(c, r, c0, r0, i).mul(-beta).add(margin);
      VectorMask<Double> active = m.compare(VectorOperators.GT, 0.0);
      DoubleVector loss = m.max(zero).mul(lossScale);
      DoubleVector g = zero.blend(gActive, active);
      store(loss, g, losses, gc, gr, i, accumulate);
      sum = sum.add(loss);
    }
    double total = sum.reduceLanes(VectorOperators.ADD);
    if (i < n) {
      total += ScalarPairwiseKernels.hingeRange(c, r, c0, r0, i, n, beta, margin, gradScale, lossScale, losses, gc,
          gr, accumulate);
    }
    return total;
  }

  @Override
  public void rewardSums(double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int n, double[] out) {
    int bound = D.loopBound(n);
    DoubleVector sw = DoubleVector.zero(D);
    DoubleVector sl = sw;
    DoubleVector acc = sw;
    DoubleVector sc = sw;
    DoubleVector sr = sw;
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    int i = 0;
    for (; i < bound; i += D.length()) {
      DoubleVector vc = DoubleVector.fromArray(D, c, i);
      DoubleVector vr = DoubleVector.fromArray(D, r, i);
      DoubleVector lw = c0 == null ? vc : vc.sub(DoubleVector.fromArray(D, c0, i));
      DoubleVector ll = r0 == null ? vr : vr.sub(DoubleVector.fromArray(D, r0, i));
      sw = sw.add(lw);
      sl = sl.add(ll);
      acc = acc.add(one, lw.compare(VectorOperators.GT, ll));
      sc = sc.add(vc);
      sr = sr.add(vr);
    }
    out[0] = sw.reduceLanes(VectorOperators.ADD);
    out[1] = sl.reduceLanes(VectorOperators.ADD);
    out[2] = acc.reduceLanes(VectorOperators.ADD);
    out[3] = sc.reduceLanes(VectorOperators.ADD);
    out[4] = sr.reduceLanes(VectorOperators.ADD);
    ScalarPairwiseKernels.addRewardSums(c, r, c0, r0, i, n, out);
  }
}
