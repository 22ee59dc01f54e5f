package dev.align4j.optimizers.objective.internal;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.jspecify.annotations.Nullable;

/**
 * {@link PolicyGradientTokenLoop} on the JDK Vector API: {@code DoubleVector} of the preferred shape with lanewise EXP
 * (SVML-style intrinsics on x86). Loaded only by reflection when the Vector API is usable, so the library links
 * without {@code jdk.incubator.vector}. The β = 0 and β &gt; 0 cases are separate loops (a vector merged from two
 * branches would be boxed by C2 on JDK 17). Tails shorter than a vector run the same formulas in scalar code.
 */
final class VectorPolicyGradientTokenLoop implements PolicyGradientTokenLoop {
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final double SMALL = 1e-3;

  private VectorPolicyGradientTokenLoop() {}

  /** The loop, or null when the preferred shape holds fewer than two doubles. */
  static @Nullable PolicyGradientTokenLoop create() {
    return D.length() < 2 ? null : new VectorPolicyGradientTokenLoop();
  }

  @Override
  public String name() {
    return "vector-api(" + D.vectorBitSize() + "-bit)";
  }

  @Override
  public boolean clip(
      double[] lp, double[] old, double @Nullable [] ref, double[] adv, int from, int to, double lo, double hi,
      double beta, double w, double[] grad, double[] acc) {
    int bound = from + D.loopBound(to - from);
    DoubleVector vLo = DoubleVector.broadcast(D, lo);
    DoubleVector vHi = DoubleVector.broadcast(D, hi);
    DoubleVector zero = DoubleVector.zero(D);
    DoubleVector loss = zero;
    DoubleVector low = zero;
    DoubleVector high = zero;
    DoubleVector ratio = zero;
    DoubleVector approx = zero;
    DoubleVector kl = zero;
    DoubleVector maxLog = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    int t = from;
    if (beta == 0.0 || ref == null) {
      for (; t < bound; t += D.length()) {
        DoubleVector p = DoubleVector.fromArray(D, lp, t);
        DoubleVector logRho = p.sub(DoubleVector.fromArray(D, old, t));
        maxLog = maxLog.max(logRho);
        DoubleVector rho = logRho.lanewise(VectorOperators.EXP);
        DoubleVector a = DoubleVector.fromArray(D, adv, t);
        DoubleVector t1 = rho.mul(a);
        DoubleVector t2 = rho.max(vLo).min(vHi).mul(a);
        VectorMask<Double> isLow = a.lt(0.0).and(rho.lt(vLo));
        VectorMask<Double> isHigh = a.compare(VectorOperators.GT, 0.0).and(rho.compare(VectorOperators.GT, vHi));
        VectorMask<Double> clipped = isLow.or(isHigh);
        loss = loss.sub(t1.min(t2));
        // ∂ℒ/∂logπ = −A·ρ unless clipped
        a.mul(rho).mul(-w).blend(zero, clipped).intoArray(grad, t);
        low = low.add(one.blend(zero, isLow.not()));
        high = high.add(one.blend(zero, isHigh.not()));
        ratio = ratio.add(rho);
        approx = approx.add(logRho.mul(logRho));
      }
    } else {
      DoubleVector vBeta = DoubleVector.broadcast(D, beta);
      DoubleVector small = DoubleVector.broadcast(D, SMALL);
      for (; t < bound; t += D.length()) {
        DoubleVector p = DoubleVector.fromArray(D, lp, t);
        DoubleVector logRho = p.sub(DoubleVector.fromArray(D, old, t));
        DoubleVector x = DoubleVector.fromArray(D, ref, t).sub(p);
        maxLog = maxLog.max(logRho).max(x);
        DoubleVector rho = logRho.lanewise(VectorOperators.EXP);
        DoubleVector ex = x.lanewise(VectorOperators.EXP);
        DoubleVector a = DoubleVector.fromArray(D, adv, t);
        DoubleVector t1 = rho.mul(a);
        DoubleVector t2 = rho.max(vLo).min(vHi).mul(a);
        VectorMask<Double> isLow = a.lt(0.0).and(rho.lt(vLo));
        VectorMask<Double> isHigh = a.compare(VectorOperators.GT, 0.0).and(rho.compare(VectorOperators.GT, vHi));
        VectorMask<Double> clipped = isLow.or(isHigh);
        // k3 = e^x − 1 − x, with the Taylor series where |x| < 1e-3 (no cancellation)
        DoubleVector series = x.mul(x).mul(x.mul(x.mul(x.mul(1.0 / 120).add(1.0 / 24)).add(1.0 / 6)).add(0.5));
        DoubleVector k = ex.sub(one).sub(x).blend(series, x.abs().lt(small));
        loss = loss.sub(t1.min(t2)).add(vBeta.mul(k));
        DoubleVector pg = a.mul(rho).neg().blend(zero, clipped);
        pg.add(vBeta.mul(one.sub(ex))).mul(w).intoArray(grad, t);
        low = low.add(one.blend(zero, isLow.not()));
        high = high.add(one.blend(zero, isHigh.not()));
        ratio = ratio.add(rho);
        approx = approx.add(logRho.mul(logRho));
        kl = kl.add(k);
      }
    }
    if (maxLog.reduceLanes(VectorOperators.MAX) > MAX_LOG_RATIO) {
      return false;
    }
    double sLoss = loss.reduceLanes(VectorOperators.ADD);
    double sLow = low.reduceLanes(VectorOperators.ADD);
    double sHigh = high.reduceLanes(VectorOperators.ADD);
    double sRatio = ratio.reduceLanes(VectorOperators.ADD);
    double sApprox = 0.5 * approx.reduceLanes(VectorOperators.ADD);
    double sKl = kl.reduceLanes(VectorOperators.ADD);
    boolean withKl = beta != 0.0 && ref != null;
    for (; t < to; t++) {
      double logRho = lp[t] - old[t];
      if (logRho > MAX_LOG_RATIO) {
        return false;
      }
      double rho = Math.exp(logRho);
      double a = adv[t];
      double c = rho < lo ? lo : (rho > hi ? hi : rho);
      boolean isLow = a < 0 && rho < lo;
      boolean isHigh = a > 0 && rho > hi;
      double phi = -Math.min(rho * a, c * a);
      double g = (isLow || isHigh) ? 0.0 : -a * rho;
      if (withKl) {
        double x = ref[t] - lp[t];
        if (x > MAX_LOG_RATIO) {
          return false;
        }
        double ex = Math.exp(x);
        double k = Math.abs(x) < SMALL
            ? x * x * (0.5 + x * (1.0 / 6 + x * (1.0 / 24 + x * (1.0 / 120))))
            : (ex - 1.0) - x;
        phi += beta * k;
        g += beta * (1.0 - ex);
        sKl += k;
      }
      grad[t] = w * g;
      sLoss += phi;
      sLow += isLow ? 1 : 0;
      sHigh += isHigh ? 1 : 0;
      sRatio += rho;
      sApprox += 0.5 * logRho * logRho;
    }
    acc[0] += sLoss;
    acc[1] += sLow;
    acc[2] += sHigh;
    acc[3] += sRatio;
    acc[4] += sApprox;
    acc[5] += sKl;
    return true;
  }

  @Override
  public boolean sequence(
      double[] lp, double[] old, double @Nullable [] ref, double[] adv, int from, int to, double rho, double lo,
      double hi, double beta, double w, double denominator, double[] grad, double[] acc) {
    int bound = from + D.loopBound(to - from);
    double c = rho < lo ? lo : (rho > hi ? hi : rho);
    boolean rhoLow = rho < lo;
    boolean rhoHigh = rho > hi;
    VectorMask<Double> lowLanes = D.maskAll(rhoLow);
    VectorMask<Double> highLanes = D.maskAll(rhoHigh);
    DoubleVector zero = DoubleVector.zero(D);
    DoubleVector one = DoubleVector.broadcast(D, 1.0);
    DoubleVector vRho = DoubleVector.broadcast(D, rho);
    DoubleVector vC = DoubleVector.broadcast(D, c);
    DoubleVector loss = zero;
    DoubleVector dRho = zero;
    DoubleVector approx = zero;
    DoubleVector kl = zero;
    DoubleVector maxX = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
    int lowCount = 0;
    int highCount = 0;
    boolean withKl = beta != 0.0 && ref != null;
    int t = from;
    if (!withKl) {
      for (; t < bound; t += D.length()) {
        DoubleVector a = DoubleVector.fromArray(D, adv, t);
        DoubleVector d = DoubleVector.fromArray(D, lp, t).sub(DoubleVector.fromArray(D, old, t));
        VectorMask<Double> isLow = a.lt(0.0).and(lowLanes);
        VectorMask<Double> isHigh = a.compare(VectorOperators.GT, 0.0).and(highLanes);
        loss = loss.sub(a.mul(vRho).min(a.mul(vC)));
        dRho = dRho.sub(a.blend(zero, isLow.or(isHigh)));
        approx = approx.add(d.mul(d));
        lowCount += isLow.trueCount();
        highCount += isHigh.trueCount();
      }
    } else {
      DoubleVector vBeta = DoubleVector.broadcast(D, beta);
      DoubleVector vW = DoubleVector.broadcast(D, w * beta);
      DoubleVector small = DoubleVector.broadcast(D, SMALL);
      for (; t < bound; t += D.length()) {
        DoubleVector a = DoubleVector.fromArray(D, adv, t);
        DoubleVector p = DoubleVector.fromArray(D, lp, t);
        DoubleVector d = p.sub(DoubleVector.fromArray(D, old, t));
        DoubleVector x = DoubleVector.fromArray(D, ref, t).sub(p);
        maxX = maxX.max(x);
        DoubleVector ex = x.lanewise(VectorOperators.EXP);
        DoubleVector series = x.mul(x).mul(x.mul(x.mul(x.mul(1.0 / 120).add(1.0 / 24)).add(1.0 / 6)).add(0.5));
        DoubleVector k = ex.sub(one).sub(x).blend(series, x.abs().lt(small));
        VectorMask<Double> isLow = a.lt(0.0).and(lowLanes);
        VectorMask<Double> isHigh = a.compare(VectorOperators.GT, 0.0).and(highLanes);
        loss = loss.sub(a.mul(vRho).min(a.mul(vC))).add(vBeta.mul(k));
        dRho = dRho.sub(a.blend(zero, isLow.or(isHigh)));
        approx = approx.add(d.mul(d));
        kl = kl.add(k);
        vW.mul(one.sub(ex)).intoArray(grad, t);
        lowCount += isLow.trueCount();
        highCount += isHigh.trueCount();
      }
    }
    if (maxX.reduceLanes(VectorOperators.MAX) > MAX_LOG_RATIO) {
      return false;
    }
    double sLoss = loss.reduceLanes(VectorOperators.ADD);
    double sDRho = dRho.reduceLanes(VectorOperators.ADD);
    double sApprox = 0.5 * approx.reduceLanes(VectorOperators.ADD);
    double sKl = kl.reduceLanes(VectorOperators.ADD);
    for (; t < to; t++) {
      double a = adv[t];
      double d = lp[t] - old[t];
      boolean isLow = a < 0 && rhoLow;
      boolean isHigh = a > 0 && rhoHigh;
      sLoss -= Math.min(a * rho, a * c);
      sDRho -= (isLow || isHigh) ? 0.0 : a;
      sApprox += 0.5 * d * d;
      lowCount += isLow ? 1 : 0;
      highCount += isHigh ? 1 : 0;
      if (withKl) {
        double x = ref[t] - lp[t];
        if (x > MAX_LOG_RATIO) {
          return false;
        }
        double ex = Math.exp(x);
        double k = Math.abs(x) < SMALL
            ? x * x * (0.5 + x * (1.0 / 6 + x * (1.0 / 24 + x * (1.0 / 120))))
            : (ex - 1.0) - x;
        sLoss += beta * k;
        sKl += k;
        grad[t] = w * beta * (1.0 - ex);
      }
    }
    double scale = w * sDRho * rho / denominator;
    if (withKl) {
      DoubleVector vScale = DoubleVector.broadcast(D, scale);
      int u = from;
      for (; u < bound; u += D.length()) {
        DoubleVector.fromArray(D, grad, u).add(vScale).intoArray(grad, u);
      }
      for (; u < to; u++) {
        grad[u] += scale;
      }
    } else {
      Arrays.fill(grad, from, to, scale);
    }
    acc[0] += sLoss;
    acc[1] += lowCount;
    acc[2] += highCount;
    acc[3] += rho * (to - from);
    acc[4] += sApprox;
    acc[5] += sKl;
    return true;
  }
}
