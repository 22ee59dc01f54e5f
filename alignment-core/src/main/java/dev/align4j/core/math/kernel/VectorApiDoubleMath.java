package dev.align4j.core.math.kernel;

import dev.align4j.core.math.StableMath;
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
    expLoop(x, out, 0, 0, bound, Double.POSITIVE_INFINITY, 1.0);
    for (int i = bound; i < n; i++) {
      out[i] = Math.exp(x[i]);
    }
  }

  /** Outside this range 2^k leaves the normal exponents (or the argument is ±∞): those lanes use the scalar formula. */
  private static final double FAST_MIN = -708.39;
  private static final double FAST_MAX = 709.78;

  /** out[i] = e^{x[i]} − 1 for i in [0, n). */
  static void expm1(double[] x, double[] out, int n) {
    int bound = D.loopBound(n);
    expLoop(x, out, 0, 0, bound, Double.NEGATIVE_INFINITY, 1.0);
    for (int i = bound; i < n; i++) {
      out[i] = Math.expm1(x[i]);
    }
  }

  /**
   * The exponential family lane by lane: sign·(e^x − 1) where x > {@code minusOneAbove}, sign·e^x elsewhere (e^x with
   * {@code +∞}; expm1 with {@code −∞}; the complement of log1mexp, −expm1(x) above −ln 2 and −e^x below, with −ln 2
   * and sign −1). k = round(x/ln 2) by the rounding constant, r = x − k·ln 2 in two fused steps,
   * q = e^r − 1 as r times the degree-11 Horner polynomial of (e^r − 1)/r (the degree-12 Taylor polynomial of e^r:
   * truncation below 2e-16 relative for |r| ≤ ln 2 / 2), 2^k from exponent bits, and e^x − c = fma(q, 2^k, 2^k − c):
   * one rounding, and for k = 0 exactly q, so expm1 keeps full relative precision near 0. A vector with a lane whose
   * 2^k would leave the normal range (|x| beyond about 708), or an infinite or NaN lane, is finished lane by lane with
   * {@link Math#exp} / {@link Math#expm1}. Lane i goes to {@code out[i − outShift]}; {@code from} and {@code to} are
   * multiples of the vector length; {@code out} may be {@code x}.
   */
  private static void expLoop(double[] x, double[] out, int outShift, int from, int to, double minusOneAbove,
      double sign) {
    for (int i = from; i < to; i += D.length()) {
      DoubleVector v = DoubleVector.fromArray(D, x, i);
      VectorMask<Double> outside = v.compare(VectorOperators.LT, FAST_MIN).or(v.compare(VectorOperators.GT, FAST_MAX))
          .or(v.compare(VectorOperators.NE, v));
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
      // 2^k: the low mantissa bits of t hold k; adding the bias 1023 and shifting them into the exponent field
      DoubleVector scale = t.reinterpretAsLongs().add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector minus = DoubleVector.zero(D).blend(1.0, v.compare(VectorOperators.GT, minusOneAbove));
      if (outside.anyTrue()) {
        for (int l = 0; l < D.length(); l++) { // lane by lane, each read before its write (out may be x)
          double a = x[i + l];
          out[i + l - outShift] = sign * (a > minusOneAbove ? Math.expm1(a) : Math.exp(a));
        }
      } else {
        q.fma(scale, scale.sub(minus)).mul(sign).intoArray(out, i - outShift);
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
      expLoop(sigmoidNeg, sigmoidNeg, 0, from, to, Double.POSITIVE_INFINITY, 1.0);
      logisticLoop(x, softplusNeg, softplusPos, sigmoidPos, sigmoidNeg, from, to);
    }
    ScalarKernels.logisticRange(x, softplusNeg, softplusPos, sigmoidPos, sigmoidNeg, bound, n);
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
   * 1/(1 + e) = den·q. (The series is the one of {@link #logLoop}, written out here because it shares that
   * reciprocal: calling the log loop would cost a second division per lane.)
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
      expLoop(x, w, from, from, to, -LN2, -1.0);
      logLoop(x, w, from, out, from, to, 0.0);
    }
    for (int i = bound; i < n; i++) {
      out[i] = ScalarKernels.log1mexpOrNaN(x[i]);
    }
  }

  /** out[i] = log(1 + x[i]) for i in [0, n). */
  static void log1p(double[] x, double[] out, int n) {
    int bound = D.loopBound(n);
    logLoop(x, x, 0, out, 0, bound, 1.0);
    for (int i = bound; i < n; i++) {
      out[i] = Math.log1p(x[i]);
    }
  }

  /**
   * The log family lane by lane, reading w = {@code w[i − wShift]}: with {@code log1p} = 1, log(1 + w); with 0 (the
   * second step of log1mexp, w = 1 − e^x formed as −expm1(x) > 0 or −e^x < 0), log(w) for w > 0 and log(1 + w) for
   * w < 0. Each is k·ln 2 + 2·atanh(s), s = f/(2 + f), |s| ≤ 0.1716, the odd series to s^21: f = w itself when
   * log(1 + w) is wanted and 1 + w ∈ [1/√2, √2] (no rounding of 1 + w), otherwise f = m − 1 from the exponent k and
   * mantissa m ∈ [1/√2, √2) of y = w or 1 + w (whose rounding then costs at most one ulp of a log of magnitude ≥ 0.34).
   * Vectors with a lane that is NaN, infinite, zero or subnormal in y, or outside the function's domain, are
   * finished lane by lane with {@link Math#log1p} / {@link StableMath#log1mexp} of {@code x}.
   */
  private static void logLoop(double[] x, double[] w, int wShift, double[] out, int from, int to, double log1p) {
    for (int i = from; i < to; i += D.length()) {
      VectorMask<Double> complement = DoubleVector.broadcast(D, log1p).compare(VectorOperators.NE, 1.0);
      DoubleVector v = DoubleVector.fromArray(D, w, i - wShift);
      VectorMask<Double> pos = v.compare(VectorOperators.GT, 0.0);
      VectorMask<Double> takeW = pos.and(complement); // log(w) itself, only in the log1mexp step
      DoubleVector y = v.add(1.0).blend(v, takeW);
      LongVector bits = y.reinterpretAsLongs();
      DoubleVector m = bits.and(MANTISSA).or(ONE_BITS).reinterpretAsDoubles();
      DoubleVector e = bits.lanewise(VectorOperators.LSHR, 52).add(Double.doubleToRawLongBits(ROUNDER))
          .reinterpretAsDoubles().sub(ROUNDER + 1023);
      VectorMask<Double> big = m.compare(VectorOperators.GT, SQRT2);
      m = m.blend(m.mul(0.5), big);
      e = e.blend(e.add(1.0), big);
      VectorMask<Double> direct = takeW.not().and(v.compare(VectorOperators.GT, -LOG1P_DIRECT))
          .and(v.compare(VectorOperators.LT, SQRT2_MINUS_1));
      DoubleVector f = m.sub(1.0).blend(v, direct);
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
      VectorMask<Double> slow = y.compare(VectorOperators.LT, Double.MIN_NORMAL) // zero, subnormal, or out of domain
          .or(y.compare(VectorOperators.GE, Double.POSITIVE_INFINITY))
          .or(v.compare(VectorOperators.NE, v))
          .or(v.compare(VectorOperators.EQ, 0.0).and(complement)) // 1 − e^x = 0: x = 0 (−∞) or x = −∞
          .or(DoubleVector.fromArray(D, x, i).compare(VectorOperators.GT, 0.0).and(complement));
      if (slow.anyTrue()) {
        for (int l = 0; l < D.length(); l++) {
          out[i + l] = log1p == 1.0 ? Math.log1p(x[i + l]) : ScalarKernels.log1mexpOrNaN(x[i + l]);
        }
      } else {
        result.intoArray(out, i);
      }
    }
  }
}
