package dev.align4j.core.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The double-precision elementwise kernels of {@link VectorApiKernels}: e^x and the logistic quantities, on
 * {@code DoubleVector}s of the preferred shape, from IEEE additions, multiplications, fused multiply-adds, one
 * division and exponent-bit arithmetic only (no lanewise {@code EXP}/{@code LOG1P}: those are SVML calls on x86 and a
 * per-lane Java fallback elsewhere, and their results depend on the processor and on whether C2 compiled the loop).
 *
 * <p>Each loop is its own method and takes arrays, never vectors: on JDK 17 C2 stops inlining into a method past a
 * node budget, and a vector that crosses a call that was not inlined is boxed (an allocation per iteration). Small
 * loops over blocks in the L1 cache keep every vector inside one compiled loop.
 */
final class VectorApiDoubleMath {
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  /** Block of lanes processed per pass of the logistic (4 KiB per array). */
  private static final int BLOCK = 512;
  /** 1.5·2^52: adding it rounds a double of magnitude below 2^51 to an integer held in the low mantissa bits. */
  private static final double ROUNDER = 0x1.8p52;
  private static final double LOG2E = 1.4426950408889634;
  /** ln 2 split in a high part with trailing zero bits and the rest (Cody–Waite reduction). */
  private static final double LN2_HI = 0x1.62e42fee00000p-1;
  private static final double LN2_LO = 0x1.a39ef35793c76p-33;
  private static final double LN2 = 0x1.62e42fefa39efp-1;
  private static final double SQRT2_MINUS_1 = 0.41421356237309503;

  private VectorApiDoubleMath() {}

  /** out[i] = e^{x[i]} for i in [0, n); the tail shorter than a vector uses {@link Math#exp}. */
  static void exp(double[] x, double[] out, int n) {
    int bound = D.loopBound(n);
    expLoop(x, out, 0, bound);
    for (int i = bound; i < n; i++) {
      out[i] = Math.exp(x[i]);
    }
  }

  /** Outside this range 2^k leaves the normal exponents (or the argument is ±∞): those lanes use {@link Math#exp}. */
  private static final double FAST_MIN = -708.39;
  private static final double FAST_MAX = 709.78;

  /**
   * e^x lane by lane: k = round(x/ln 2) by the rounding constant, r = x − k·ln 2 in two fused steps, the degree-12
   * Taylor polynomial of e^r by Horner (truncation below 2e-16 relative for |r| ≤ ln 2 / 2), times 2^k built from
   * exponent bits. A vector with a lane whose result would overflow or be subnormal (|x| beyond about 708) is
   * finished lane by lane with {@link Math#exp}, so results are right over the whole range at the cost of one mask test
   * per vector. NaN lanes stay NaN. {@code from} and {@code to} are multiples of the vector length.
   */
  private static void expLoop(double[] x, double[] out, int from, int to) {
    for (int i = from; i < to; i += D.length()) {
      DoubleVector v = DoubleVector.fromArray(D, x, i);
      VectorMask<Double> outside = v.compare(VectorOperators.LT, FAST_MIN).or(v.compare(VectorOperators.GT, FAST_MAX));
      DoubleVector t = v.fma(DoubleVector.broadcast(D, LOG2E), DoubleVector.broadcast(D, ROUNDER));
      DoubleVector k = t.sub(ROUNDER);
      DoubleVector r = k.fma(DoubleVector.broadcast(D, -LN2_HI), v);
      r = k.fma(DoubleVector.broadcast(D, -LN2_LO), r);
      DoubleVector p = DoubleVector.broadcast(D, 1.0 / 479001600);
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 39916800));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 3628800));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 362880));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 40320));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 5040));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 720));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 120));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 24));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 6));
      p = p.fma(r, DoubleVector.broadcast(D, 0.5));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0));
      // 2^k: the low mantissa bits of t hold k; adding the bias 1023 and shifting them into the exponent field
      DoubleVector scale = t.reinterpretAsLongs().add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      if (outside.anyTrue()) {
        for (int l = 0; l < D.length(); l++) { // lane by lane, each read before its write (out may be x)
          out[i + l] = Math.exp(x[i + l]);
        }
      } else {
        p.mul(scale).intoArray(out, i);
      }
    }
  }

  /** The logistic quantities of {@link Kernels#logistic}, block by block. */
  static void logistic(double[] x, double[] softplusNeg, double[] softplusPos, double[] sigmoidPos,
      double[] sigmoidNeg, int n) {
    int bound = D.loopBound(n);
    for (int from = 0; from < bound; from += BLOCK) {
      int to = Math.min(bound, from + BLOCK);
      negAbsLoop(x, sigmoidNeg, from, to);
      expLoop(sigmoidNeg, sigmoidNeg, from, to);
      logisticLoop(x, softplusNeg, softplusPos, sigmoidPos, sigmoidNeg, from, to);
    }
    for (int i = bound; i < n; i++) {
      double v = x[i];
      double e = Math.exp(-Math.abs(v));
      double lp = Math.log1p(e);
      double inv = 1.0 / (1.0 + e);
      double small = e * inv;
      softplusNeg[i] = Math.max(-v, 0.0) + lp;
      softplusPos[i] = Math.max(v, 0.0) + lp;
      sigmoidPos[i] = v >= 0 ? inv : small;
      sigmoidNeg[i] = v >= 0 ? small : inv;
    }
  }

  private static void negAbsLoop(double[] x, double[] out, int from, int to) {
    for (int i = from; i < to; i += D.length()) {
      DoubleVector.fromArray(D, x, i).abs().neg().intoArray(out, i);
    }
  }

  /**
   * From x and e = e^{−|x|} (in {@code sigmoidNeg}): log1p(e) = 2·atanh(s) (+ ln 2 when e > √2 − 1, where
   * s = (e − 1)/(e + 3), else s = e/(e + 2)), so |s| ≤ 0.1716 and the odd series 2s·Σ_{j≤10} s^{2j}/(2j+1) is
   * exact to below 1e-18 relative; one reciprocal q = 1/((1 + e)(den)) gives both s = num·(1 + e)·q and
   * 1/(1 + e) = den·q.
   */
  private static void logisticLoop(double[] x, double[] softplusNeg, double[] softplusPos, double[] sigmoidPos,
      double[] sigmoidNeg, int from, int to) {
    for (int i = from; i < to; i += D.length()) {
      DoubleVector v = DoubleVector.fromArray(D, x, i);
      DoubleVector e = DoubleVector.fromArray(D, sigmoidNeg, i);
      VectorMask<Double> big = e.compare(VectorOperators.GT, SQRT2_MINUS_1);
      DoubleVector num = e.blend(e.sub(1.0), big);
      DoubleVector den = e.add(DoubleVector.broadcast(D, 2.0).blend(3.0, big));
      DoubleVector onePlusE = e.add(1.0);
      DoubleVector q = DoubleVector.broadcast(D, 1.0).div(onePlusE.mul(den));
      DoubleVector s = num.mul(onePlusE).mul(q);
      DoubleVector z = s.mul(s);
      DoubleVector p = DoubleVector.broadcast(D, 1.0 / 21);
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 19));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 17));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 15));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 13));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 11));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 9));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 7));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 5));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 3));
      DoubleVector twoS = s.add(s);
      DoubleVector lp = twoS.mul(z).fma(p, twoS).add(DoubleVector.zero(D).blend(LN2, big));
      DoubleVector inv = den.mul(q);
      DoubleVector small = e.mul(inv);
      VectorMask<Double> pos = v.compare(VectorOperators.GE, 0.0);
      v.neg().max(0.0).add(lp).intoArray(softplusNeg, i);
      v.max(0.0).add(lp).intoArray(softplusPos, i);
      small.blend(inv, pos).intoArray(sigmoidPos, i);
      inv.blend(small, pos).intoArray(sigmoidNeg, i);
    }
  }

  /** 1 − 1/√2: below this e^x, log(1 − e^x) is log1p(−e^x) by the atanh series directly. */
  private static final double LOG1P_DIRECT = 1 - 0.7071067811865476;
  private static final double SQRT2 = 1.4142135623730951;
  private static final long MANTISSA = 0x000FFFFFFFFFFFFFL;
  private static final long ONE_BITS = 0x3FF0000000000000L;

  /** One block of intermediates per thread, so that {@code out} may be {@code x}. */
  private static final ThreadLocal<double[]> BLOCK_SCRATCH = ThreadLocal.withInitial(() -> new double[BLOCK]);

  /** log(1 − e^{x[i]}) for i in [0, n), block by block. */
  static void log1mexp(double[] x, double[] out, int n) {
    int bound = D.loopBound(n);
    double[] w = BLOCK_SCRATCH.get();
    for (int from = 0; from < bound; from += BLOCK) {
      int to = Math.min(bound, from + BLOCK);
      complementLoop(x, w, from, to);
      logOfComplementLoop(x, w, out, from, to);
    }
    for (int i = bound; i < n; i++) {
      out[i] = StableMath.log1mexpOrNaN(x[i]);
    }
  }

  /**
   * W = 1 − e^x without cancellation: −expm1(x) > 0 for x > −ln 2 (then e^x = 2^k(1 + q), k ∈ {−1, 0}, q = e^r − 1 by
   * Horner without the constant term), and −e^x < 0 below (loop two adds the 1 or takes log1p). Vectors with a lane
   * below the fast range of 2^k are finished lane by lane.
   */
  private static void complementLoop(double[] x, double[] w, int from, int to) {
    for (int i = from; i < to; i += D.length()) {
      int o = i - from; // index into the block scratch
      DoubleVector v = DoubleVector.fromArray(D, x, i);
      DoubleVector t = v.fma(DoubleVector.broadcast(D, LOG2E), DoubleVector.broadcast(D, ROUNDER));
      DoubleVector k = t.sub(ROUNDER);
      DoubleVector r = k.fma(DoubleVector.broadcast(D, -LN2_HI), v);
      r = k.fma(DoubleVector.broadcast(D, -LN2_LO), r);
      DoubleVector p = DoubleVector.broadcast(D, 1.0 / 479001600);
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 39916800));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 3628800));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 362880));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 40320));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 5040));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 720));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 120));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 24));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 6));
      p = p.fma(r, DoubleVector.broadcast(D, 0.5));
      p = p.fma(r, DoubleVector.broadcast(D, 1.0));
      DoubleVector q = p.mul(r); // e^r − 1
      DoubleVector scale = t.reinterpretAsLongs().add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      VectorMask<Double> near = v.compare(VectorOperators.GT, -LN2);
      VectorMask<Double> half = k.compare(VectorOperators.LT, 0.0);
      DoubleVector expm1Neg = q.neg().blend(DoubleVector.broadcast(D, 0.5).sub(q.mul(0.5)), half); // −expm1(x)
      DoubleVector negExp = q.add(1.0).mul(scale).neg(); // −e^x
      if (v.compare(VectorOperators.LT, FAST_MIN).anyTrue()) {
        for (int l = 0; l < D.length(); l++) {
          double a = x[i + l];
          w[o + l] = a > -LN2 ? -Math.expm1(a) : -Math.exp(a);
        }
      } else {
        negExp.blend(expm1Neg, near).intoArray(w, o);
      }
    }
  }

  /**
   * log(1 − e^x) from W of {@link #complementLoop}: log(W) for W > 0 and log(1 + W) for W < 0, both as
   * kln 2 + 2·atanh(s), s = f/(2 + f), with f = W directly when −W < 1 − 1/√2 and otherwise f = m − 1 from the
   * exponent k and mantissa m ∈ [1/√2·2, √2) of y = W or 1 + W (exact: Sterbenz). Lanes with x > 0 or NaN give
   * NaN; vectors with a subnormal or zero y are finished with the scalar formula.
   */
  private static void logOfComplementLoop(double[] x, double[] scratch, double[] out, int from, int to) {
    for (int i = from; i < to; i += D.length()) {
      DoubleVector w = DoubleVector.fromArray(D, scratch, i - from);
      VectorMask<Double> pos = w.compare(VectorOperators.GT, 0.0);
      DoubleVector y = w.add(1.0).blend(w, pos);
      LongVector bits = y.reinterpretAsLongs();
      DoubleVector m = bits.and(MANTISSA).or(ONE_BITS).reinterpretAsDoubles();
      DoubleVector e = bits.lanewise(VectorOperators.LSHR, 52).add(Double.doubleToRawLongBits(ROUNDER))
          .reinterpretAsDoubles().sub(ROUNDER + 1023);
      VectorMask<Double> big = m.compare(VectorOperators.GT, SQRT2);
      m = m.blend(m.mul(0.5), big);
      e = e.blend(e.add(1.0), big);
      VectorMask<Double> direct = pos.not().and(w.compare(VectorOperators.GT, -LOG1P_DIRECT));
      DoubleVector f = m.sub(1.0).blend(w, direct);
      e = e.blend(0.0, direct);
      DoubleVector s = f.div(f.add(2.0));
      DoubleVector z = s.mul(s);
      DoubleVector p = DoubleVector.broadcast(D, 1.0 / 21);
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 19));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 17));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 15));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 13));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 11));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 9));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 7));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 5));
      p = p.fma(z, DoubleVector.broadcast(D, 1.0 / 3));
      DoubleVector twoS = s.add(s);
      DoubleVector result = twoS.mul(z).fma(p, twoS).add(e.mul(LN2));
      VectorMask<Double> slow = pos.and(w.compare(VectorOperators.LT, Double.MIN_NORMAL))
          .or(w.compare(VectorOperators.EQ, 0.0))
          .or(DoubleVector.fromArray(D, x, i).compare(VectorOperators.GT, 0.0))
          .or(w.compare(VectorOperators.NE, w));
      if (slow.anyTrue()) {
        for (int l = 0; l < D.length(); l++) {
          out[i + l] = StableMath.log1mexpOrNaN(x[i + l]);
        }
      } else {
        result.intoArray(out, i);
      }
    }
  }
}
