package dev.align4j.optimizers.objective.pairwise;

import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.core.math.StableMath;
import dev.align4j.optimizers.objective.PairwiseBatch;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The pairwise loss types whose per-pair formula needs several logistic evaluations, an f-divergence other than
 * reverse KL, or an exponential or log (nca_pair, bco_pair, exo_pair, apo_zero, apo_down, discopop, sigmoid_norm,
 * simpo, alphapo, orpo, and the logistic family — sigmoid, ld_dpo, beta_dpo, cdpo, robust — under any f-divergence),
 * evaluated in blocks of {@value #BLOCK} pairs:
 *
 * <ol>
 *   <li>plain loops write the log-ratios ℓ, the f-scores s = g(ℓ) with g′(ℓ), and each logistic argument x of the
 *       type into per-thread scratch arrays;
 *   <li>{@link Kernels#logistic} turns every x into softplus(∓x) and σ(±x) at once ({@link Kernels#exp} where a type
 *       needs e^y), on the Vector API path when it is active;
 *   <li>plain loops combine them into the losses and the gradients of the mean, with the formulas of
 *       {@link PairwiseLoss}.
 * </ol>
 *
 * <p>The transcendental work, which dominates, is thus done once, vectorised, for every type, while the per-type code
 * stays ordinary Java (no vector crosses a method boundary, so nothing is boxed on JDK 17). Scratch arrays are
 * allocated once per thread: evaluation allocates nothing.
 */
final class BlockedPairwiseLoss {
  /** Pairs per block: 19 scratch arrays of 512 doubles = 76 KiB, in the L2 cache. */
  static final int BLOCK = 512;

  private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[19][BLOCK]);

  private final PairwiseLossType type;
  private final double beta;
  private final double eps;
  private final FDivergence f;
  private final double fAlpha;
  private final double tau;
  private final double gamma;
  private final double alphapo;

  BlockedPairwiseLoss(PairwiseLossType type, double beta, double labelSmoothing, FDivergence f, double fAlpha,
      double discopopTau, double simpoGamma, double alphapoAlpha) {
    this.type = type;
    this.beta = beta;
    this.eps = labelSmoothing;
    this.f = f;
    this.fAlpha = fAlpha;
    this.tau = discopopTau;
    this.gamma = simpoGamma;
    this.alphapo = alphapoAlpha;
  }

  /** Whether this engine evaluates {@code type}. */
  static boolean handles(PairwiseLossType type) {
    switch (type) {
      case SIGMOID:
      case LD_DPO:
      case BETA_DPO:
      case CDPO:
      case ROBUST:
      case EXO_PAIR:
      case NCA_PAIR:
      case BCO_PAIR:
      case APO_ZERO:
      case APO_DOWN:
      case DISCOPOP:
      case SIGMOID_NORM:
      case SIMPO:
      case ALPHAPO:
      case ORPO:
        return true;
      default:
        return false;
    }
  }

  /** The logistic kernel is skipped for orpo, whose loss and σ(−x) come from its odds directly. */
  private boolean usesLogistic() {
    return type != PairwiseLossType.ORPO;
  }

  /**
   * Writes (or adds, with {@code accumulate}) weight·L_i into {@code losses} and (weight/n)·∂L_i/∂c_i, ∂L_i/∂r_i into
   * the gradients.
   *
   * @param betaEff β, or β-DPO's batch β for beta_dpo
   * @return Σ_i weight·L_i
   */
  double accumulate(Kernels math, PairwiseBatch b, double @Nullable [] c0, double @Nullable [] r0, double betaEff,
      double weight, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    int n = b.size();
    double[][] s = SCRATCH.get();
    double scale = weight / n;
    double sum = 0;
    if (unitScores()) {
      // g′ = 1 for the whole call: filled once (orpo and alphapo reuse the rows for their own values)
      Arrays.fill(s[DW], 1.0);
      Arrays.fill(s[DL], 1.0);
    }
    for (int from = 0; from < n; from += BLOCK) {
      int len = Math.min(BLOCK, n - from);
      scores(b, c0, r0, from, len, s);
      if (type.dividesByLength()) {
        int[] nw = b.chosenLengths();
        int[] nl = b.rejectedLengths();
        for (int j = 0; j < len; j++) {
          s[IW][j] = 1.0 / nw[from + j];
          s[IL][j] = 1.0 / nl[from + j];
        }
      }
      arguments(math, b, from, len, betaEff, s);
      if (usesLogistic()) {
        math.logistic(s[X1], s[SPN1], s[SPP1], s[SGP1], s[SGN1], len);
      }
      if (twoArguments()) {
        math.logistic(s[X2], s[SPN2], s[SPP2], s[SGP2], s[SGN2], len);
      }
      if (type == PairwiseLossType.DISCOPOP) {
        double[] y = s[EXTRA];
        for (int j = 0; j < len; j++) {
          y[j] = -s[SPN2][j] - s[X1][j]; // log(σ(x/τ)·e^{−x}) = −softplus(−x/τ) − x
        }
        math.exp(y, y, len);
      }
      sum += combine(from, len, betaEff, weight, scale, s, losses, gc, gr, accumulate);
    }
    return sum;
  }

  // scratch rows
  private static final int LW = 0;
  private static final int LL = 1;
  private static final int SW = 2;
  private static final int SL = 3;
  private static final int DW = 4;
  private static final int DL = 5;
  private static final int X1 = 6;
  private static final int X2 = 7;
  private static final int SPN1 = 8;
  private static final int SPP1 = 9;
  private static final int SGP1 = 10;
  private static final int SGN1 = 11;
  private static final int SPN2 = 12;
  private static final int SPP2 = 13;
  private static final int SGP2 = 14;
  private static final int SGN2 = 15;
  /** discopop's σ(x/τ)·e^{−x}. */
  private static final int EXTRA = 16;
  /** 1/|y_w| and 1/|y_l| of the types that divide by lengths (one division per length, not one per use). */
  private static final int IW = 17;
  private static final int IL = 18;

  private boolean twoArguments() {
    switch (type) {
      case NCA_PAIR:
      case BCO_PAIR:
      case APO_ZERO:
      case APO_DOWN:
      case DISCOPOP:
        return true;
      default:
        return false;
    }
  }

  /** Whether the f-score is the identity (reverse KL, or a type that ignores the f-divergence): s = ℓ, g′ = 1. */
  private boolean unitScores() {
    return (f == FDivergence.REVERSE_KL || !type.usesFDivergence()) && type != PairwiseLossType.ORPO
        && !(type == PairwiseLossType.ALPHAPO && alphapo != 0);
  }

  /** The row holding s_w (s_l in the next row): ℓ itself when the score is the identity. */
  private int scoreRow() {
    return unitScores() ? LW : SW;
  }

  /** ℓ_w, ℓ_l (policy sums for the reference-free simpo/alphapo), their f-scores and g′. */
  private void scores(PairwiseBatch b, double @Nullable [] c0, double @Nullable [] r0, int from, int len,
      double[][] s) {
    double[] c = b.policyChosen();
    double[] r = b.policyRejected();
    double[] lw = s[LW];
    double[] ll = s[LL];
    for (int j = 0; j < len; j++) {
      lw[j] = c0 == null ? c[from + j] : c[from + j] - c0[from + j];
      ll[j] = r0 == null ? r[from + j] : r[from + j] - r0[from + j];
    }
    if (type == PairwiseLossType.ORPO || type == PairwiseLossType.ALPHAPO || unitScores()) {
      return; // s = ℓ: the arguments read rows LW, LL (see scoreRow); orpo's and alphapo's write their own rows
    }
    for (int j = 0; j < len; j++) {
      s[SW][j] = f.score(lw[j], fAlpha);
      s[SL][j] = f.score(ll[j], fAlpha);
      s[DW][j] = f.derivative(lw[j], fAlpha);
      s[DL][j] = f.derivative(ll[j], fAlpha);
    }
  }

  /** The logistic arguments x₁ (and x₂) of each pair. */
  private void arguments(Kernels math, PairwiseBatch b, int from, int len, double betaEff, double[][] s) {
    double[] sw = s[scoreRow()];
    double[] sl = s[scoreRow() + 1];
    double[] x1 = s[X1];
    double[] x2 = s[X2];
    int[] nw = b.chosenLengths();
    int[] nl = b.rejectedLengths();
    switch (type) {
      case SIGMOID:
      case LD_DPO:
      case BETA_DPO:
        for (int j = 0; j < len; j++) {
          x1[j] = betaEff * (sw[j] - sl[j]);
        }
        break;
      case CDPO:
      case ROBUST:
      case EXO_PAIR:
        for (int j = 0; j < len; j++) {
          x1[j] = beta * (sw[j] - sl[j]);
        }
        break;
      case NCA_PAIR:
      case BCO_PAIR:
        for (int j = 0; j < len; j++) {
          x1[j] = beta * sw[j];
          x2[j] = beta * sl[j];
        }
        break;
      case APO_ZERO:
        for (int j = 0; j < len; j++) {
          x1[j] = beta * s[LW][j];
          x2[j] = beta * s[LL][j];
        }
        break;
      case APO_DOWN:
        for (int j = 0; j < len; j++) {
          x1[j] = beta * s[LW][j];
          x2[j] = beta * (sw[j] - sl[j]);
        }
        break;
      case DISCOPOP:
        for (int j = 0; j < len; j++) {
          x1[j] = beta * (sw[j] - sl[j]);
          x2[j] = x1[j] / tau;
        }
        break;
      case SIGMOID_NORM:
        for (int j = 0; j < len; j++) {
          x1[j] = beta * (sw[j] * s[IW][j] - sl[j] * s[IL][j]);
        }
        break;
      case SIMPO:
        for (int j = 0; j < len; j++) {
          x1[j] = beta * (s[LW][j] * s[IW][j] - s[LL][j] * s[IL][j]) - gamma;
        }
        break;
      case ORPO: {
        // odds(p) = p/(1 − p) = 1/expm1(−m̄) for the length-averaged log-prob m̄ < 0; with A = expm1(−c̄) and
        // B = expm1(−r̄), e^{−x} = odds(l)/odds(w) = A/B, so L = β·log1p(A/B) and σ(−x) = A/(A + B), all positive
        double[] nmw = s[SW];
        double[] nml = s[SL];
        for (int j = 0; j < len; j++) {
          nmw[j] = -s[LW][j] * s[IW][j];
          nml[j] = -s[LL][j] * s[IL][j];
        }
        math.expm1(nmw, s[DW], len);
        math.expm1(nml, s[DL], len);
        for (int j = 0; j < len; j++) {
          x1[j] = s[DW][j] / s[DL][j];
        }
        math.log1p(x1, s[SPN1], len);
        break;
      }
      case ALPHAPO:
      default:
        alphapoArguments(math, nw, nl, from, len, s);
        break;
    }
  }

  /**
   * AlphaPO's rewards r = (1 − e^{−α·m})/α of the length-averaged policy log-probs m; e^{−α·m} (the reward's
   * derivative) is kept in rows DW, DL for {@link #combine}. At α = 0 the reward is m itself (SimPO).
   */
  private void alphapoArguments(Kernels math, int[] nw, int[] nl, int from, int len, double[][] s) {
    double[] mw = s[SW];
    double[] ml = s[SL];
    for (int j = 0; j < len; j++) {
      mw[j] = s[LW][j] * s[IW][j];
      ml[j] = s[LL][j] * s[IL][j];
    }
    double[] x1 = s[X1];
    if (alphapo == 0) {
      for (int j = 0; j < len; j++) {
        x1[j] = beta * (mw[j] - ml[j]) - gamma;
      }
      return;
    }
    double[] ew = s[DW];
    double[] el = s[DL];
    for (int j = 0; j < len; j++) {
      PairwiseLoss.requireAlphapoRange(alphapo, mw[j], "policyChosen", from + j, nw[from + j]);
      PairwiseLoss.requireAlphapoRange(alphapo, ml[j], "policyRejected", from + j, nl[from + j]);
      ew[j] = -alphapo * mw[j];
      el[j] = -alphapo * ml[j];
    }
    // e^{−α·m} in bulk; the reward (1 − e^{−α·m})/α then has an absolute error of about ulp(1)/α
    math.exp(ew, ew, len);
    math.exp(el, el, len);
    for (int j = 0; j < len; j++) {
      x1[j] = beta * ((1 - ew[j]) / alphapo - (1 - el[j]) / alphapo) - gamma;
    }
  }

  /**
   * Losses and gradients of the block from the logistic quantities: one plain loop per type writes L, ∂/∂c and ∂/∂r
   * (times weight/n) into scratch rows, then one loop stores them, so that every loop is branch-free arithmetic.
   */
  private double combine(int from, int len, double betaEff, double weight, double scale,
      double[][] s, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    double[] spn1 = s[SPN1];
    double[] spp1 = s[SPP1];
    double[] sgp1 = s[SGP1];
    double[] sgn1 = s[SGN1];
    double[] spp2 = s[SPP2];
    double[] sgp2 = s[SGP2];
    double[] sgn2 = s[SGN2];
    double[] dw = s[DW];
    double[] dl = s[DL];
    double[] x1 = s[X1];
    // outputs reuse rows that the combination no longer reads
    double[] ol = s[LW];
    double[] ow = s[LL];
    double[] or = s[X2];
    double gb = scale * beta;
    switch (type) {
      case SIGMOID:
      case LD_DPO:
      case BETA_DPO:
        for (int j = 0; j < len; j++) {
          double p = -scale * betaEff * sgn1[j];
          ol[j] = spn1[j];
          ow[j] = p * dw[j];
          or[j] = -p * dl[j];
        }
        break;
      case CDPO:
      case ROBUST: {
        double a = type == PairwiseLossType.ROBUST ? (1 - eps) / (1 - 2 * eps) : 1 - eps;
        double bb = type == PairwiseLossType.ROBUST ? -eps / (1 - 2 * eps) : eps;
        for (int j = 0; j < len; j++) {
          double p = gb * (-a * sgn1[j] + bb * sgp1[j]);
          ol[j] = a * spn1[j] + bb * spp1[j];
          ow[j] = p * dw[j];
          or[j] = -p * dl[j];
        }
        break;
      }
      case EXO_PAIR: {
        double logKeep = Math.log1p(-eps);
        double logEps = Math.log(eps);
        for (int j = 0; j < len; j++) {
          // dL/dx = σ(x)σ(−x)(x − log((1−ε)/ε))
          double p = gb * sgp1[j] * sgn1[j] * (x1[j] - (logKeep - logEps));
          ol[j] = sgp1[j] * (-spn1[j] - logKeep) + sgn1[j] * (-spp1[j] - logEps);
          ow[j] = p * dw[j];
          or[j] = -p * dl[j];
        }
        break;
      }
      case NCA_PAIR:
        for (int j = 0; j < len; j++) {
          ol[j] = spn1[j] + 0.5 * spp1[j] + 0.5 * spp2[j];
          ow[j] = gb * (-sgn1[j] + 0.5 * sgp1[j]) * dw[j];
          or[j] = 0.5 * gb * sgp2[j] * dl[j];
        }
        break;
      case BCO_PAIR:
        for (int j = 0; j < len; j++) {
          ol[j] = spn1[j] + spp2[j];
          ow[j] = -gb * sgn1[j] * dw[j];
          or[j] = gb * sgp2[j] * dl[j];
        }
        break;
      case APO_ZERO:
        for (int j = 0; j < len; j++) {
          ol[j] = sgn1[j] + sgp2[j];
          ow[j] = -gb * sgp1[j] * sgn1[j];
          or[j] = gb * sgp2[j] * sgn2[j];
        }
        break;
      case APO_DOWN:
        for (int j = 0; j < len; j++) {
          double p = -gb * sgp2[j] * sgn2[j];
          ol[j] = sgp1[j] + sgn2[j];
          ow[j] = gb * sgp1[j] * sgn1[j] + p * dw[j];
          or[j] = -p * dl[j];
        }
        break;
      case DISCOPOP: {
        double[] ex = s[EXTRA];
        for (int j = 0; j < len; j++) {
          double m = sgp2[j];
          double om = sgn2[j];
          double sp = spn1[j];
          double e = ex[j];
          // dL/dx = ((1−m)/τ)(m e^{−x} − m·s) − (1−m)σ(−x) − m e^{−x}
          double p = gb * ((om / tau) * (e - m * sp) - om * sgn1[j] - e);
          ol[j] = om * sp + e;
          ow[j] = p * dw[j];
          or[j] = -p * dl[j];
        }
        break;
      }
      case SIGMOID_NORM:
        for (int j = 0; j < len; j++) {
          double d = -gb * sgn1[j];
          ol[j] = spn1[j];
          ow[j] = d * dw[j] * s[IW][j];
          or[j] = -d * dl[j] * s[IL][j];
        }
        break;
      case ORPO: {
        // ∂x/∂c̄ = 1/(1 − e^{c̄}) = (A + 1)/A and ∂x/∂r̄ = −(B + 1)/B, dL/dx = −βσ(−x) = −βA/(A + B)
        double[] a = dw;
        double[] bq = dl;
        for (int j = 0; j < len; j++) {
          double sum = a[j] + bq[j];
          double sig = a[j] / sum; // σ(−x)
          ol[j] = beta * spn1[j];
          ow[j] = -gb * (a[j] + 1) / sum * s[IW][j];
          or[j] = gb * sig * (1 + 1 / bq[j]) * s[IL][j]; // no product of B and A + B: it can overflow
        }
        orpoOutsideRange(len, gb, s, ol, ow, or);
        break;
      }
      case SIMPO:
      case ALPHAPO:
      default: {
        // simpo and alphapo at α = 0 leave rows DW, DL at 1; alphapo holds e^{−α·m} (dr/dm) there
        for (int j = 0; j < len; j++) {
          double d = gb * (-(1 - eps) * sgn1[j] + eps * sgp1[j]);
          ol[j] = (1 - eps) * spn1[j] + eps * spp1[j];
          ow[j] = d * dw[j] * s[IW][j];
          or[j] = -d * dl[j] * s[IL][j];
        }
        break;
      }
    }
    double sum = 0;
    if (accumulate) {
      for (int j = 0; j < len; j++) {
        double lv = weight * ol[j];
        losses[from + j] += lv;
        gc[from + j] += ow[j];
        gr[from + j] += or[j];
        sum += lv;
      }
    } else {
      for (int j = 0; j < len; j++) {
        double lv = weight * ol[j];
        losses[from + j] = lv;
        gc[from + j] = ow[j];
        gr[from + j] = or[j];
        sum += lv;
      }
    }
    return sum;
  }

  /**
   * AOT's loss over the sorted margins: δ_k = first[k] − second[k] (both sorted ascending, p1 and p2 their orders),
   * L_k = −(1−ε)logσ(βδ_k) − ε logσ(−βδ_k) added to {@code losses[k]} (TRL: the k-th loss belongs to the k-th sorted
   * position), and its gradient routed back through the permutations: to pair p1[k]'s chosen and rejected log-probs for
   * {@code aot} (first = c − r), to p1[k]'s chosen and p2[k]'s rejected for {@code aot_unpaired}. The caller has zeroed
   * or kept the outputs.
   */
  double accumulateAot(Kernels math, boolean paired, double[] first, double[] second, int[] p1, int[] p2,
      double weight, double[] losses, double[] gc, double[] gr) {
    int n = first.length;
    double[][] s = SCRATCH.get();
    double[] x = s[X1];
    double gb = weight / n * beta;
    double sum = 0;
    for (int from = 0; from < n; from += BLOCK) {
      int len = Math.min(BLOCK, n - from);
      for (int j = 0; j < len; j++) {
        x[j] = beta * (first[from + j] - second[from + j]);
      }
      math.logistic(x, s[SPN1], s[SPP1], s[SGP1], s[SGN1], len);
      for (int j = 0; j < len; j++) {
        int k = from + j;
        double lv = weight * ((1 - eps) * s[SPN1][j] + eps * s[SPP1][j]);
        double dd = gb * (-(1 - eps) * s[SGN1][j] + eps * s[SGP1][j]);
        losses[k] += lv;
        sum += lv;
        int i = p1[k];
        gc[i] += dd;
        gr[paired ? i : p2[k]] -= dd;
      }
    }
    return sum;
  }

  /**
   * ORPO pairs whose odds leave the range where A = expm1(−c̄), B, A + B and A/B are normal finite numbers (a mean
   * log-prob within about 2e-308 of 0 or below about −709, or an odds ratio that overflows): recomputed in log space,
   * x = (c̄ − r̄) − (log(1 − e^{c̄}) − log(1 − e^{r̄})), L = β·softplus(−x),
   * ∂L/∂c̄ = −β·e^{log σ(−x) − log(1 − e^{c̄})}.
   */
  private void orpoOutsideRange(int len, double gb, double[][] s, double[] ol, double[] ow, double[] or) {
    double[] a = s[DW];
    double[] bq = s[DL];
    double[] u = s[X1];
    for (int j = 0; j < len; j++) {
      boolean inRange = a[j] >= Double.MIN_NORMAL && bq[j] >= Double.MIN_NORMAL
          && a[j] + bq[j] < Double.POSITIVE_INFINITY && u[j] < Double.POSITIVE_INFINITY;
      if (inRange) {
        continue;
      }
      double cm = -s[SW][j];
      double rm = -s[SL][j];
      double l1c = StableMath.log1mexp(cm);
      double l1r = StableMath.log1mexp(rm);
      double x = (cm - rm) - (l1c - l1r);
      double lsn = StableMath.logSigmoid(-x);
      ol[j] = beta * StableMath.softplus(-x);
      ow[j] = -gb * Math.exp(lsn - l1c) * s[IW][j];
      or[j] = gb * Math.exp(lsn - l1r) * s[IL][j];
    }
  }
}
