package dev.align4j.optimizers.objective.internal;

import dev.align4j.core.math.StableMath;
import dev.align4j.core.math.kernel.Kernels;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.jspecify.annotations.Nullable;

/**
 * The pairwise kernels on the JDK Vector API ({@code DoubleVector} of the preferred shape, lanewise EXP and LOG1P,
 * which HotSpot maps to SVML-style vector intrinsics on x86: about 2 ns per exp + log1p pair of lanes against
 * about 23 ns scalar, measured on this project's machine). Loaded only by reflection from
 * {@link PairwiseKernels.Holder} when {@link Kernels#vectorApiUsable()}, so the library links
 * without {@code jdk.incubator.vector}. Tails shorter than a vector go through the scalar
 * kernels' range loops (no allocation).
 */
final class VectorPairwiseKernels implements PairwiseKernels {
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  /** Ints with as many lanes as {@link #D}, for the lengths. */
  private static final VectorSpecies<Integer> I =
      VectorSpecies.of(int.class, VectorShape.forBitSize(D.vectorBitSize() / 2));

  private VectorPairwiseKernels() {}

  /** The kernels, or null when the preferred shape holds fewer than two doubles. */
  static @Nullable PairwiseKernels create() {
    if (D.length() < 2) {
      return null;
    }
    return new VectorPairwiseKernels();
  }

  @Override
  public Kernels math() {
    return Kernels.active();
  }

  @Override
  public String name() {
    return "vector-api(" + D.vectorBitSize() + "-bit)";
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

  // Each loop writes its math out in full, without helper methods: on JDK 17 a helper that C2 does not inline (for
  // example because it was compiled on its own first) receives its vectors boxed, an allocation per iteration.

  private static double logisticLoop(double[] c, double[] r, int bound, double beta, double gamma,
      double la, double ga, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    DoubleVector sum = DoubleVector.zero(D);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector x = DoubleVector.fromArray(D, c, i).sub(DoubleVector.fromArray(D, r, i)).mul(beta).sub(gamma);
      DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP); // e^{−|x|} in (0, 1]
      DoubleVector lp = e.lanewise(VectorOperators.LOG1P);
      DoubleVector inv = one.div(e.add(1.0));
      DoubleVector einv = e.mul(inv);
      VectorMask<Double> pos = x.compare(VectorOperators.GE, 0.0);
      DoubleVector loss = x.neg().max(0.0).add(lp).mul(la); // la·softplus(−x)
      DoubleVector g = inv.blend(einv, pos).mul(ga); // ga·σ(−x)
      DoubleVector gneg = g.neg();
      if (accumulate) {
        DoubleVector.fromArray(D, losses, i).add(loss).intoArray(losses, i);
        DoubleVector.fromArray(D, gc, i).add(g).intoArray(gc, i);
        DoubleVector.fromArray(D, gr, i).add(gneg).intoArray(gr, i);
      } else {
        loss.intoArray(losses, i);
        g.intoArray(gc, i);
        gneg.intoArray(gr, i);
      }
      sum = sum.add(loss);
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  private static double logisticLoopRef(double[] c, double[] r, double[] c0, double[] r0, int bound, double beta,
      double gamma, double la, double ga, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    DoubleVector sum = DoubleVector.zero(D);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector x = DoubleVector.fromArray(D, c, i).sub(DoubleVector.fromArray(D, c0, i))
          .sub(DoubleVector.fromArray(D, r, i).sub(DoubleVector.fromArray(D, r0, i))).mul(beta).sub(gamma);
      DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP); // e^{−|x|} in (0, 1]
      DoubleVector lp = e.lanewise(VectorOperators.LOG1P);
      DoubleVector inv = one.div(e.add(1.0));
      DoubleVector einv = e.mul(inv);
      VectorMask<Double> pos = x.compare(VectorOperators.GE, 0.0);
      DoubleVector loss = x.neg().max(0.0).add(lp).mul(la); // la·softplus(−x)
      DoubleVector g = inv.blend(einv, pos).mul(ga); // ga·σ(−x)
      DoubleVector gneg = g.neg();
      if (accumulate) {
        DoubleVector.fromArray(D, losses, i).add(loss).intoArray(losses, i);
        DoubleVector.fromArray(D, gc, i).add(g).intoArray(gc, i);
        DoubleVector.fromArray(D, gr, i).add(gneg).intoArray(gr, i);
      } else {
        loss.intoArray(losses, i);
        g.intoArray(gc, i);
        gneg.intoArray(gr, i);
      }
      sum = sum.add(loss);
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  private static double smoothedLoop(double[] c, double[] r, int bound, double beta, double gamma,
      double la, double lb, double ga, double gb, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    DoubleVector sum = DoubleVector.zero(D);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector x = DoubleVector.fromArray(D, c, i).sub(DoubleVector.fromArray(D, r, i)).mul(beta).sub(gamma);
      DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP); // e^{−|x|} in (0, 1]
      DoubleVector lp = e.lanewise(VectorOperators.LOG1P);
      DoubleVector inv = one.div(e.add(1.0));
      DoubleVector einv = e.mul(inv);
      VectorMask<Double> pos = x.compare(VectorOperators.GE, 0.0);
      DoubleVector loss = x.neg().max(0.0).add(lp).mul(la).add(x.max(0.0).add(lp).mul(lb));
      DoubleVector g = inv.blend(einv, pos).mul(ga).add(einv.blend(inv, pos).mul(gb)); // ga·σ(−x) + gb·σ(x)
      DoubleVector gneg = g.neg();
      if (accumulate) {
        DoubleVector.fromArray(D, losses, i).add(loss).intoArray(losses, i);
        DoubleVector.fromArray(D, gc, i).add(g).intoArray(gc, i);
        DoubleVector.fromArray(D, gr, i).add(gneg).intoArray(gr, i);
      } else {
        loss.intoArray(losses, i);
        g.intoArray(gc, i);
        gneg.intoArray(gr, i);
      }
      sum = sum.add(loss);
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  private static double smoothedLoopRef(double[] c, double[] r, double[] c0, double[] r0, int bound, double beta,
      double gamma, double la, double lb, double ga, double gb, double[] losses, double[] gc, double[] gr,
      boolean accumulate) {
    DoubleVector sum = DoubleVector.zero(D);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector x = DoubleVector.fromArray(D, c, i).sub(DoubleVector.fromArray(D, c0, i))
          .sub(DoubleVector.fromArray(D, r, i).sub(DoubleVector.fromArray(D, r0, i))).mul(beta).sub(gamma);
      DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP); // e^{−|x|} in (0, 1]
      DoubleVector lp = e.lanewise(VectorOperators.LOG1P);
      DoubleVector inv = one.div(e.add(1.0));
      DoubleVector einv = e.mul(inv);
      VectorMask<Double> pos = x.compare(VectorOperators.GE, 0.0);
      DoubleVector loss = x.neg().max(0.0).add(lp).mul(la).add(x.max(0.0).add(lp).mul(lb));
      DoubleVector g = inv.blend(einv, pos).mul(ga).add(einv.blend(inv, pos).mul(gb)); // ga·σ(−x) + gb·σ(x)
      DoubleVector gneg = g.neg();
      if (accumulate) {
        DoubleVector.fromArray(D, losses, i).add(loss).intoArray(losses, i);
        DoubleVector.fromArray(D, gc, i).add(g).intoArray(gc, i);
        DoubleVector.fromArray(D, gr, i).add(gneg).intoArray(gr, i);
      } else {
        loss.intoArray(losses, i);
        g.intoArray(gc, i);
        gneg.intoArray(gr, i);
      }
      sum = sum.add(loss);
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  @Override
  public double hinge(
      double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int n, double beta, double margin,
      double gradScale, double lossScale, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    int bound = D.loopBound(n);
    double g = -gradScale * beta;
    DoubleVector zero = DoubleVector.zero(D);
    double total;
    // each branch reduces its own sum: a vector merged after the branches would be a boxed phi
    if (c0 == null || r0 == null) {
      DoubleVector sum = zero;
      for (int i = 0; i < bound; i += D.length()) {
        DoubleVector m = DoubleVector.fromArray(D, c, i).sub(DoubleVector.fromArray(D, r, i)).mul(-beta).add(margin);
        DoubleVector loss = m.max(0.0).mul(lossScale);
        DoubleVector grad = zero.blend(g, m.compare(VectorOperators.GT, 0.0));
        DoubleVector gneg = grad.neg();
        if (accumulate) {
          DoubleVector.fromArray(D, losses, i).add(loss).intoArray(losses, i);
          DoubleVector.fromArray(D, gc, i).add(grad).intoArray(gc, i);
          DoubleVector.fromArray(D, gr, i).add(gneg).intoArray(gr, i);
        } else {
          loss.intoArray(losses, i);
          grad.intoArray(gc, i);
          gneg.intoArray(gr, i);
        }
        sum = sum.add(loss);
      }
      total = sum.reduceLanes(VectorOperators.ADD);
    } else {
      DoubleVector sum = zero;
      for (int i = 0; i < bound; i += D.length()) {
        DoubleVector m = DoubleVector.fromArray(D, c, i).sub(DoubleVector.fromArray(D, c0, i))
          .sub(DoubleVector.fromArray(D, r, i).sub(DoubleVector.fromArray(D, r0, i))).mul(-beta).add(margin);
        DoubleVector loss = m.max(0.0).mul(lossScale);
        DoubleVector grad = zero.blend(g, m.compare(VectorOperators.GT, 0.0));
        DoubleVector gneg = grad.neg();
        if (accumulate) {
          DoubleVector.fromArray(D, losses, i).add(loss).intoArray(losses, i);
          DoubleVector.fromArray(D, gc, i).add(grad).intoArray(gc, i);
          DoubleVector.fromArray(D, gr, i).add(gneg).intoArray(gr, i);
        } else {
          loss.intoArray(losses, i);
          grad.intoArray(gc, i);
          gneg.intoArray(gr, i);
        }
        sum = sum.add(loss);
      }
      total = sum.reduceLanes(VectorOperators.ADD);
    }
    if (bound < n) {
      total += ScalarPairwiseKernels.hingeRange(c, r, c0, r0, bound, n, beta, margin, gradScale, lossScale, losses, gc,
          gr, accumulate);
    }
    return total;
  }

  @Override
  public void rewardSums(double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int n, double[] out) {
    int bound = D.loopBound(n);
    Arrays.fill(out, 0, 5, 0.0);
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

  // ---- the other per-pair types --------------------------------------------------------------------------------

  @Override
  public double perPair(
      PerPairLoss loss, double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int[] lw, int[] ll,
      int n, double gradScale, double lossScale, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    int bound = D.loopBound(n);
    // Without a reference, read c and r again as "c₀, r₀" with weight 0 (no branch, hence no boxed vector phi).
    boolean ref = c0 != null && r0 != null;
    double[] rc = ref ? c0 : c;
    double[] rr = ref ? r0 : r;
    double keep = ref ? 1.0 : 0.0;
    double beta = loss.beta();
    double total;
    // sigmoid_norm, simpo and nca_pair stay on the scalar loop: on JDK 17 C2 boxed vectors in their loops (about
    // 36 kB per 1000 pairs) when they were written as vector loops, which would break evaluateInto's no-allocation
    // promise.
    if (loss instanceof PerPairLoss.Ipo) {
      total = ipoLoop(c, r, rc, rr, keep, lw, ll, bound, 1 / (2 * beta), ((PerPairLoss.Ipo) loss).lengthNormalised(),
          gradScale, lossScale, losses, gc, gr, accumulate);
    } else if (loss instanceof PerPairLoss.CpoIpo) {
      total = ipoLoop(c, r, rc, rr, 0.0, lw, ll, bound, 1 / (2 * beta), true, gradScale, lossScale, losses, gc, gr,
          accumulate);
    } else if (loss instanceof PerPairLoss.BcoPair) {
      total = bcoLoop(c, r, rc, rr, keep, bound, beta, gradScale, lossScale, losses, gc, gr, accumulate);
    } else if (loss instanceof PerPairLoss.ApoZero) {
      total = apoZeroLoop(c, r, rc, rr, keep, bound, beta, gradScale, lossScale, losses, gc, gr, accumulate);
    } else if (loss instanceof PerPairLoss.SppoHard) {
      total = sppoLoop(c, r, rc, rr, keep, bound, beta, gradScale, lossScale, losses, gc, gr, accumulate);
    } else if (loss instanceof PerPairLoss.RDpo) {
      total = rdpoLoop(c, r, rc, rr, keep, lw, ll, bound, beta, ((PerPairLoss.RDpo) loss).alpha(), gradScale,
          lossScale, losses, gc, gr, accumulate);
    } else if (loss instanceof PerPairLoss.Dpop) {
      total = dpopLoop(c, r, rc, rr, keep, bound, beta, ((PerPairLoss.Dpop) loss).lambda(), gradScale, lossScale,
          losses, gc, gr, accumulate);
    } else {
      return Double.NaN;
    }
    if (bound < n) {
      return Double.isNaN(total) ? total : total + perPairTail(loss, c, r, c0, r0, lw, ll, bound, n, gradScale,
          lossScale, losses, gc, gr, accumulate);
    }
    return total;
  }

  /** The scalar tail [from, n): the same formulas, one pair at a time (no allocation). */
  private static double perPairTail(
      PerPairLoss perPair, double[] c, double[] r, double @Nullable [] c0, double @Nullable [] r0, int[] lw, int[] ll,
      int from, int n, double gradScale, double lossScale, double[] losses, double[] gc, double[] gr,
      boolean accumulate) {
    double beta = perPair.beta();
    boolean cpoIpo = perPair instanceof PerPairLoss.CpoIpo;
    boolean ipo = cpoIpo || perPair instanceof PerPairLoss.Ipo;
    // the IPO family's length normalisation (always on for cpo_ipo), R-DPO's α, DPOP's λ
    boolean norm = cpoIpo || ipo && ((PerPairLoss.Ipo) perPair).lengthNormalised();
    double rdpoAlpha = perPair instanceof PerPairLoss.RDpo ? ((PerPairLoss.RDpo) perPair).alpha() : 0;
    double dpopLambda = perPair instanceof PerPairLoss.Dpop ? ((PerPairLoss.Dpop) perPair).lambda() : 0;
    double sum = 0;
    for (int i = from; i < n; i++) {
      double w = c0 == null ? c[i] : c[i] - c0[i];
      double l = r0 == null ? r[i] : r[i] - r0[i];
      double loss;
      double dc;
      double dr;
      if (ipo) {
        double a = cpoIpo ? c[i] : w;
        double b = cpoIpo ? r[i] : l;
        double u = norm ? a / lw[i] - b / ll[i] - 1 / (2 * beta) : a - b - 1 / (2 * beta);
        loss = u * u;
        dc = norm ? 2 * u / lw[i] : 2 * u;
        dr = norm ? -2 * u / ll[i] : -2 * u;
      } else if (perPair instanceof PerPairLoss.BcoPair) {
        loss = sp(-beta * w) + sp(beta * l);
        dc = -beta * sg(-beta * w);
        dr = beta * sg(beta * l);
      } else if (perPair instanceof PerPairLoss.ApoZero) {
        loss = sg(-beta * w) + sg(beta * l);
        dc = -beta * sg(beta * w) * sg(-beta * w);
        dr = beta * sg(beta * l) * sg(-beta * l);
      } else if (perPair instanceof PerPairLoss.SppoHard) {
        double h = 1 / (2 * beta);
        loss = (w - h) * (w - h) + (l + h) * (l + h);
        dc = 2 * (w - h);
        dr = 2 * (l + h);
      } else if (perPair instanceof PerPairLoss.RDpo) {
        double x = beta * (w - l) + rdpoAlpha * ((double) lw[i] - ll[i]);
        loss = sp(-x);
        dc = -beta * sg(-x);
        dr = -dc;
      } else {
        double x = beta * (w - l - dpopLambda * Math.max(0, -w));
        loss = sp(-x);
        double d = -beta * sg(-x);
        dc = w < 0 ? d * (1 + dpopLambda) : d;
        dr = -d;
      }
      double lv = lossScale * loss;
      if (accumulate) {
        losses[i] += lv;
        gc[i] += gradScale * dc;
        gr[i] += gradScale * dr;
      } else {
        losses[i] = lv;
        gc[i] = gradScale * dc;
        gr[i] = gradScale * dr;
      }
      sum += lv;
    }
    return sum;
  }

  private static double sp(double x) {
    return StableMath.softplus(x);
  }

  private static double sg(double x) {
    return StableMath.sigmoid(x);
  }

  private static double ipoLoop(double[] c, double[] r, double[] c0, double[] r0, double keep, int[] lw, int[] ll,
      int bound, double h, boolean norm, double gs, double ls, double[] losses, double[] gc, double[] gr,
      boolean accumulate) {
    DoubleVector sum = DoubleVector.zero(D);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    if (norm) {
      for (int i = 0; i < bound; i += D.length()) {
        DoubleVector iw =
            one.div(((DoubleVector) IntVector.fromArray(I, lw, i).convertShape(VectorOperators.I2D, D, 0)));
        DoubleVector il =
            one.div(((DoubleVector) IntVector.fromArray(I, ll, i).convertShape(VectorOperators.I2D, D, 0)));
        DoubleVector chosen = DoubleVector.fromArray(D, c0, i).mul(-keep).add(DoubleVector.fromArray(D, c, i));
        DoubleVector rejected = DoubleVector.fromArray(D, r0, i).mul(-keep).add(DoubleVector.fromArray(D, r, i));
        DoubleVector u = chosen.mul(iw).sub(rejected.mul(il)).sub(h);
        DoubleVector loss = u.mul(u).mul(ls);
        DoubleVector two = u.mul(2 * gs);
        DoubleVector sl = loss;
        DoubleVector sc = two.mul(iw);
        DoubleVector sr = two.mul(il).neg();
        if (accumulate) {
          DoubleVector.fromArray(D, losses, i).add(sl).intoArray(losses, i);
          DoubleVector.fromArray(D, gc, i).add(sc).intoArray(gc, i);
          DoubleVector.fromArray(D, gr, i).add(sr).intoArray(gr, i);
        } else {
          sl.intoArray(losses, i);
          sc.intoArray(gc, i);
          sr.intoArray(gr, i);
        }
        sum = sum.add(loss);
      }
    } else {
      for (int i = 0; i < bound; i += D.length()) {
        DoubleVector chosen = DoubleVector.fromArray(D, c0, i).mul(-keep).add(DoubleVector.fromArray(D, c, i));
        DoubleVector rejected = DoubleVector.fromArray(D, r0, i).mul(-keep).add(DoubleVector.fromArray(D, r, i));
        DoubleVector u = chosen.sub(rejected).sub(h);
        DoubleVector loss = u.mul(u).mul(ls);
        DoubleVector two = u.mul(2 * gs);
        DoubleVector sl = loss;
        DoubleVector sc = two;
        DoubleVector sr = two.neg();
        if (accumulate) {
          DoubleVector.fromArray(D, losses, i).add(sl).intoArray(losses, i);
          DoubleVector.fromArray(D, gc, i).add(sc).intoArray(gc, i);
          DoubleVector.fromArray(D, gr, i).add(sr).intoArray(gr, i);
        } else {
          sl.intoArray(losses, i);
          sc.intoArray(gc, i);
          sr.intoArray(gr, i);
        }
        sum = sum.add(loss);
      }
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  // In the loops below e = e^{−|x|}, inv = 1/(1+e): σ(x) = x ≥ 0 ? inv : e·inv, softplus(±x) = max(±x, 0) + log1p(e).
  // The math is written out in each loop rather than in helper methods: a helper that C2 does not inline would box
  // its vector arguments.

  private static double bcoLoop(double[] c, double[] r, double[] c0, double[] r0, double keep, int bound,
      double beta, double gs, double ls, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    DoubleVector sum = DoubleVector.zero(D);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector x = DoubleVector.fromArray(D, c0, i).mul(-keep).add(DoubleVector.fromArray(D, c, i)).mul(beta);
      DoubleVector y = DoubleVector.fromArray(D, r0, i).mul(-keep).add(DoubleVector.fromArray(D, r, i)).mul(beta);
      DoubleVector ex = x.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector ey = y.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector ix = one.div(ex.add(1.0));
      DoubleVector iy = one.div(ey.add(1.0));
      DoubleVector loss = x.neg().max(0.0).add(ex.lanewise(VectorOperators.LOG1P))
          .add(y.max(0.0).add(ey.lanewise(VectorOperators.LOG1P))).mul(ls);
      DoubleVector sxNeg = ix.blend(ex.mul(ix), x.compare(VectorOperators.GE, 0.0)); // σ(−x)
      DoubleVector sy = ey.mul(iy).blend(iy, y.compare(VectorOperators.GE, 0.0)); // σ(y)
      DoubleVector sl = loss;
      DoubleVector sc = sxNeg.mul(-beta * gs);
      DoubleVector sr = sy.mul(beta * gs);
      if (accumulate) {
        DoubleVector.fromArray(D, losses, i).add(sl).intoArray(losses, i);
        DoubleVector.fromArray(D, gc, i).add(sc).intoArray(gc, i);
        DoubleVector.fromArray(D, gr, i).add(sr).intoArray(gr, i);
      } else {
        sl.intoArray(losses, i);
        sc.intoArray(gc, i);
        sr.intoArray(gr, i);
      }
      sum = sum.add(loss);
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  private static double apoZeroLoop(double[] c, double[] r, double[] c0, double[] r0, double keep, int bound,
      double beta, double gs, double ls, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    DoubleVector sum = DoubleVector.zero(D);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector x = DoubleVector.fromArray(D, c0, i).mul(-keep).add(DoubleVector.fromArray(D, c, i)).mul(beta);
      DoubleVector y = DoubleVector.fromArray(D, r0, i).mul(-keep).add(DoubleVector.fromArray(D, r, i)).mul(beta);
      DoubleVector ex = x.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector ey = y.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector ix = one.div(ex.add(1.0));
      DoubleVector iy = one.div(ey.add(1.0));
      VectorMask<Double> px = x.compare(VectorOperators.GE, 0.0);
      VectorMask<Double> py = y.compare(VectorOperators.GE, 0.0);
      DoubleVector sxNeg = ix.blend(ex.mul(ix), px);
      DoubleVector sx = ex.mul(ix).blend(ix, px);
      DoubleVector syNeg = iy.blend(ey.mul(iy), py);
      DoubleVector sy = ey.mul(iy).blend(iy, py);
      DoubleVector loss = sxNeg.add(sy).mul(ls);
      DoubleVector sl = loss;
      DoubleVector sc = sx.mul(sxNeg).mul(-beta * gs);
      DoubleVector sr = sy.mul(syNeg).mul(beta * gs);
      if (accumulate) {
        DoubleVector.fromArray(D, losses, i).add(sl).intoArray(losses, i);
        DoubleVector.fromArray(D, gc, i).add(sc).intoArray(gc, i);
        DoubleVector.fromArray(D, gr, i).add(sr).intoArray(gr, i);
      } else {
        sl.intoArray(losses, i);
        sc.intoArray(gc, i);
        sr.intoArray(gr, i);
      }
      sum = sum.add(loss);
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  private static double sppoLoop(double[] c, double[] r, double[] c0, double[] r0, double keep, int bound,
      double beta, double gs, double ls, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    DoubleVector sum = DoubleVector.zero(D);
    double h = 1 / (2 * beta);
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector u = DoubleVector.fromArray(D, c0, i).mul(-keep).add(DoubleVector.fromArray(D, c, i)).sub(h);
      DoubleVector v = DoubleVector.fromArray(D, r0, i).mul(-keep).add(DoubleVector.fromArray(D, r, i)).add(h);
      DoubleVector loss = u.mul(u).add(v.mul(v)).mul(ls);
      DoubleVector sl = loss;
      DoubleVector sc = u.mul(2 * gs);
      DoubleVector sr = v.mul(2 * gs);
      if (accumulate) {
        DoubleVector.fromArray(D, losses, i).add(sl).intoArray(losses, i);
        DoubleVector.fromArray(D, gc, i).add(sc).intoArray(gc, i);
        DoubleVector.fromArray(D, gr, i).add(sr).intoArray(gr, i);
      } else {
        sl.intoArray(losses, i);
        sc.intoArray(gc, i);
        sr.intoArray(gr, i);
      }
      sum = sum.add(loss);
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  private static double rdpoLoop(double[] c, double[] r, double[] c0, double[] r0, double keep, int[] lw, int[] ll,
      int bound, double beta, double alpha, double gs, double ls, double[] losses, double[] gc, double[] gr,
      boolean accumulate) {
    DoubleVector sum = DoubleVector.zero(D);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector chosen = DoubleVector.fromArray(D, c0, i).mul(-keep).add(DoubleVector.fromArray(D, c, i));
      DoubleVector rejected = DoubleVector.fromArray(D, r0, i).mul(-keep).add(DoubleVector.fromArray(D, r, i));
      DoubleVector chosenLen = (DoubleVector) IntVector.fromArray(I, lw, i).convertShape(VectorOperators.I2D, D, 0);
      DoubleVector rejectedLen = (DoubleVector) IntVector.fromArray(I, ll, i).convertShape(VectorOperators.I2D, D, 0);
      DoubleVector x = chosen.sub(rejected).mul(beta).add(chosenLen.sub(rejectedLen).mul(alpha));
      DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector inv = one.div(e.add(1.0));
      DoubleVector loss = x.neg().max(0.0).add(e.lanewise(VectorOperators.LOG1P)).mul(ls);
      DoubleVector dc = inv.blend(e.mul(inv), x.compare(VectorOperators.GE, 0.0)).mul(-beta * gs);
      DoubleVector sl = loss;
      DoubleVector sc = dc;
      DoubleVector sr = dc.neg();
      if (accumulate) {
        DoubleVector.fromArray(D, losses, i).add(sl).intoArray(losses, i);
        DoubleVector.fromArray(D, gc, i).add(sc).intoArray(gc, i);
        DoubleVector.fromArray(D, gr, i).add(sr).intoArray(gr, i);
      } else {
        sl.intoArray(losses, i);
        sc.intoArray(gc, i);
        sr.intoArray(gr, i);
      }
      sum = sum.add(loss);
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }

  private static double dpopLoop(double[] c, double[] r, double[] c0, double[] r0, double keep, int bound,
      double beta, double lambda, double gs, double ls, double[] losses, double[] gc, double[] gr,
      boolean accumulate) {
    DoubleVector sum = DoubleVector.zero(D);
    DoubleVector zero = DoubleVector.zero(D);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    for (int i = 0; i < bound; i += D.length()) {
      DoubleVector w = DoubleVector.fromArray(D, c0, i).mul(-keep).add(DoubleVector.fromArray(D, c, i));
      DoubleVector l = DoubleVector.fromArray(D, r0, i).mul(-keep).add(DoubleVector.fromArray(D, r, i));
      DoubleVector x = w.sub(l).sub(w.neg().max(0.0).mul(lambda)).mul(beta);
      DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP);
      DoubleVector inv = one.div(e.add(1.0));
      DoubleVector loss = x.neg().max(0.0).add(e.lanewise(VectorOperators.LOG1P)).mul(ls);
      DoubleVector d = inv.blend(e.mul(inv), x.compare(VectorOperators.GE, 0.0)).mul(-beta * gs);
      DoubleVector extra = zero.blend(d.mul(lambda), w.compare(VectorOperators.LT, 0.0));
      DoubleVector sl = loss;
      DoubleVector sc = d.add(extra);
      DoubleVector sr = d.neg();
      if (accumulate) {
        DoubleVector.fromArray(D, losses, i).add(sl).intoArray(losses, i);
        DoubleVector.fromArray(D, gc, i).add(sc).intoArray(gc, i);
        DoubleVector.fromArray(D, gr, i).add(sr).intoArray(gr, i);
      } else {
        sl.intoArray(losses, i);
        sc.intoArray(gc, i);
        sr.intoArray(gr, i);
      }
      sum = sum.add(loss);
    }
    return sum.reduceLanes(VectorOperators.ADD);
  }
}
