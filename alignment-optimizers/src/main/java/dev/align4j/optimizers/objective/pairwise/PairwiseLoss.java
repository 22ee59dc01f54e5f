package dev.align4j.optimizers.objective.pairwise;

import static dev.align4j.core.math.StableMath.logSigmoid;
import static dev.align4j.core.math.StableMath.sigmoid;
import static dev.align4j.core.math.StableMath.softplus;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.objective.PairwiseResult;
import dev.align4j.optimizers.objective.internal.PairwiseKernels;
import dev.align4j.optimizers.objective.internal.PerPairLoss;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One pairwise preference loss with its hyper-parameters: DPO (Rafailov et al., "Direct Preference Optimization",
 * 2023) and the relatives in {@link PairwiseLossType}, with TRL DPOTrainer's exact semantics (commit f2cd577, see
 * {@code trl-objectives.md} §1) and exact analytic gradients.
 *
 * <p>For pair i: ℓ_w = c − c₀, ℓ_l = r − r₀ (log-ratios in nats; c₀ = r₀ = 0 without a reference or with
 * {@link Builder#referenceFree(boolean)}), s = g(ℓ) the {@link FDivergence} score, Δ = s_w − s_l, x̄ = x/|y|. The
 * per-pair loss of each type is given on its {@link PairwiseLossType} constant; where the f-divergence enters follows
 * TRL (the score for sigmoid, hinge, ipo, exo_pair, nca_pair, robust, bco_pair, sppo_hard, apo_down's second term,
 * discopop, sigmoid_norm; the raw log-ratio for apo_zero, apo_down's first term and aot*). The loss is the batch mean;
 * gradients are of that mean.
 *
 * <p>Builder defaults are the {@code DEFAULT_*} constants below (with {@link FDivergence#DEFAULT} and
 * {@link FDivergence#DEFAULT_ALPHA}), each stated once with its source: TRL's {@code DPOConfig}/{@code CPOConfig}
 * where TRL has the setting, the paper's value or align4j's pick inside the paper's search grid otherwise. The
 * string registry ({@code Objectives.pairwise}) applies only the keys a config holds, so it has the same defaults.
 *
 * <p>The builder is as strict as the registry: a setting the loss type never reads (e.g. {@code simpoGamma} on
 * {@code SIGMOID}) is refused with a message naming the setting, the type and {@link PairwiseLossType#settings()}.
 * {@code exo_pair} needs {@code label_smoothing} in (0, 1) like TRL (the EXO paper suggests 1e-3).
 *
 * <p>The hot loss types (sigmoid, cdpo, robust, beta_dpo, ld_dpo, cpo, hinge, cpo_hinge, slic, ipo, cpo_ipo,
 * bco_pair, apo_zero, sppo_hard, r_dpo, dpop; with reverse KL) run on fused kernels with a Vector API path when
 * {@code Kernels.vectorApiUsable()}; those with several logistic terms, an exponential or a log
 * (nca_pair, exo_pair, apo_down, discopop, sigmoid_norm, simpo, alphapo, orpo, aot*, and the logistic family under
 * other f-divergences) in blocks whose transcendental work goes through {@code Kernels.logistic}
 * and friends; the few left (hinge, ipo, sppo_hard, r_dpo, dpop, cpo_ipo under other f-divergences) on a portable
 * scalar loop. The scalar and Vector API paths agree to 1e-12 relative.
 *
 * <pre>{@code
 * PairwiseObjective dpo = PairwiseLoss.builder(PairwiseLossType.SIGMOID).beta(0.1).build();
 * PairwiseResult r = dpo.evaluate(PairwiseBatch.of(pc, pr, rc, rr, lenC, lenR));
 * }</pre>
 */
public final class PairwiseLoss implements PairwiseObjective {
  /** β (TRL {@code DPOConfig.beta}). */
  public static final double DEFAULT_BETA = 0.1;
  /** ε, {@code label_smoothing} (TRL {@code DPOConfig.label_smoothing}: no smoothing). */
  public static final double DEFAULT_LABEL_SMOOTHING = 0.0;
  /** DiscoPOP's τ, {@code discopop_tau} (TRL {@code DPOConfig.discopop_tau}; Chris Lu et al. 2024). */
  public static final double DEFAULT_DISCOPOP_TAU = 0.05;
  /** IPO on length-averaged log-ratios, {@code ipo_length_normalization} (TRL's IPO form). */
  public static final boolean DEFAULT_IPO_LENGTH_NORMALIZATION = true;
  /** R-DPO's α, {@code rdpo_alpha}: align4j's pick inside Park et al. 2024's search grid (see the module README). */
  public static final double DEFAULT_RDPO_ALPHA = 0.01;
  /** DPO-Positive's λ, {@code dpop_lambda} (Pal et al. 2024). */
  public static final double DEFAULT_DPOP_LAMBDA = 50.0;
  /** β-DPO's α, {@code beta_dpo_alpha}: align4j's pick inside Wu et al. 2024's search grid (see the module README). */
  public static final double DEFAULT_BETA_DPO_ALPHA = 0.5;
  /** β-DPO's threshold M₀, {@code beta_dpo_threshold} (Wu et al. 2024 start the running mean at 0). */
  public static final double DEFAULT_BETA_DPO_THRESHOLD = 0.0;
  /** SLiC's calibration margin δ, {@code slic_delta} (Zhao et al. 2023). */
  public static final double DEFAULT_SLIC_DELTA = 1.0;
  /** SimPO's target margin γ, {@code simpo_gamma} (TRL {@code CPOConfig.simpo_gamma}). */
  public static final double DEFAULT_SIMPO_GAMMA = 0.5;
  /** AlphaPO's α, {@code alpha} (TRL {@code CPOConfig.alpha}: 0, the reward is then SimPO's). */
  public static final double DEFAULT_ALPHA = 0.0;

  private final PairwiseLossType type;
  private final double beta;
  private final double labelSmoothing;
  private final FDivergence fDivergence;
  private final double fAlpha;
  private final double discopopTau;
  private final boolean ipoLengthNormalization;
  private final double rdpoAlpha;
  private final double dpopLambda;
  private final double betaDpoAlpha;
  private final double betaDpoThreshold;
  private final double ldAlpha;
  private final double slicDelta;
  private final double simpoGamma;
  private final double alphapoAlpha;
  private final boolean referenceFree;
  private final PairwiseKernels kernels;
  private final @Nullable PerPairLoss perPair;
  private final BlockedPairwiseLoss blocked;

  private PairwiseLoss(Builder b, PairwiseKernels kernels) {
    this.type = b.type;
    this.beta = b.beta;
    this.labelSmoothing = b.labelSmoothing;
    this.fDivergence = b.fDivergence;
    this.fAlpha = b.fAlpha;
    this.discopopTau = b.discopopTau;
    this.ipoLengthNormalization = b.ipoLengthNormalization;
    this.rdpoAlpha = b.rdpoAlpha;
    this.dpopLambda = b.dpopLambda;
    this.betaDpoAlpha = b.betaDpoAlpha;
    this.betaDpoThreshold = b.betaDpoThreshold;
    this.ldAlpha = b.ldAlpha;
    this.slicDelta = b.slicDelta;
    this.simpoGamma = b.simpoGamma;
    this.alphapoAlpha = b.alphapoAlpha;
    this.referenceFree = b.referenceFree || !type.usesReference();
    this.kernels = kernels;
    this.perPair = perPairLoss(type, beta, ipoLengthNormalization, rdpoAlpha, dpopLambda);
    this.blocked = new BlockedPairwiseLoss(type, beta, labelSmoothing, fDivergence, fAlpha, discopopTau, simpoGamma,
        alphapoAlpha);
  }

  /** The typed parameters of {@code type}'s fused per-pair kernel, or null when it has none. */
  private static @Nullable PerPairLoss perPairLoss(
      PairwiseLossType type, double beta, boolean ipoLengthNormalization, double rdpoAlpha, double dpopLambda) {
    switch (type) {
      case IPO:
        return new PerPairLoss.Ipo(beta, ipoLengthNormalization);
      case CPO_IPO:
        return new PerPairLoss.CpoIpo(beta);
      case BCO_PAIR:
        return new PerPairLoss.BcoPair(beta);
      case APO_ZERO:
        return new PerPairLoss.ApoZero(beta);
      case SPPO_HARD:
        return new PerPairLoss.SppoHard(beta);
      case R_DPO:
        return new PerPairLoss.RDpo(beta, rdpoAlpha);
      case DPOP:
        return new PerPairLoss.Dpop(beta, dpopLambda);
      default:
        return null;
    }
  }

  /** A builder for {@code type} with TRL's defaults. */
  public static Builder builder(PairwiseLossType type) {
    return new Builder(type);
  }

  /** Standard DPO (sigmoid, reverse KL) with the given β. */
  public static PairwiseLoss dpo(double beta) {
    return builder(PairwiseLossType.SIGMOID).beta(beta).build();
  }

  /** The loss type. */
  public PairwiseLossType type() {
    return type;
  }

  /** β. */
  public double beta() {
    return beta;
  }

  /** Whether reference log-probabilities are ignored (always true for the policy-only types). */
  public boolean referenceFree() {
    return referenceFree;
  }

  /** AlphaPO's α ({@code alpha}; 0 = SimPO's reward, the length-averaged log-probability). */
  public double alpha() {
    return alphapoAlpha;
  }

  /**
   * The LD-DPO α (NaN unless the type is {@link PairwiseLossType#LD_DPO}); see {@link LengthDesensitizedAggregation}.
   */
  public double ldAlpha() {
    return ldAlpha;
  }

  /** The same loss on another kernel implementation (package-private: tests compare both paths). */
  PairwiseLoss withKernels(PairwiseKernels k) {
    Builder b = toBuilder();
    return new PairwiseLoss(b, k);
  }

  /** A builder holding this loss's settings. */
  public Builder toBuilder() {
    Builder b = new Builder(type);
    b.beta = beta;
    b.labelSmoothing = labelSmoothing;
    b.fDivergence = fDivergence;
    b.fAlpha = fAlpha;
    b.discopopTau = discopopTau;
    b.ipoLengthNormalization = ipoLengthNormalization;
    b.rdpoAlpha = rdpoAlpha;
    b.dpopLambda = dpopLambda;
    b.betaDpoAlpha = betaDpoAlpha;
    b.betaDpoThreshold = betaDpoThreshold;
    b.ldAlpha = ldAlpha;
    b.slicDelta = slicDelta;
    b.simpoGamma = simpoGamma;
    b.alphapoAlpha = alphapoAlpha;
    b.referenceFree = referenceFree && type.usesReference();
    return b;
  }

  @Override
  public PairwiseResult evaluate(PairwiseBatch batch) {
    int n = batch.size();
    double[] losses = new double[n];
    double[] gc = new double[n];
    double[] gr = new double[n];
    double loss = evaluateInto(batch, losses, gc, gr);
    Map<String, Double> metrics = new LinkedHashMap<>();
    PairwiseMetrics.rewards(kernels, this, batch, metrics);
    addMetrics(batch, metrics);
    return new PairwiseResult(loss, losses, gc, gr, metrics);
  }

  @Override
  public double evaluateInto(PairwiseBatch batch, double[] losses, double[] gradChosen, double[] gradRejected) {
    PairwiseObjective.checkBuffers(batch, losses, gradChosen, gradRejected);
    return accumulate(batch, 1.0, losses, gradChosen, gradRejected, false) / batch.size();
  }

  /** Loss-specific metrics beyond TRL's common ones. */
  void addMetrics(PairwiseBatch batch, Map<String, Double> metrics) {
    if (type == PairwiseLossType.BETA_DPO) {
      metrics.put("beta_dpo/beta", betaDpoBeta(batch));
    } else if (type == PairwiseLossType.SFT) {
      metrics.put("nll_loss", nll(batch));
    } else if (type == PairwiseLossType.ORPO) {
      double sumRatio = 0;
      double sumOdds = 0;
      for (int i = 0; i < batch.size(); i++) {
        double x = orpoLogOdds(batch, i);
        sumOdds += x;
        sumRatio += logSigmoid(x);
      }
      metrics.put("log_odds_ratio", sumRatio / batch.size());
      metrics.put("log_odds_chosen", sumOdds / batch.size());
    }
  }

  /**
   * Adds {@code weight}·L_i to {@code losses[i]} and weight·∂(mean L)/∂c_i, ∂/∂r_i to the gradients (or overwrites
   * when {@code accumulate} is false).
   *
   * @return Σ_i weight·L_i
   */
  double accumulate(
      PairwiseBatch b, double weight, double[] losses, double[] gc, double[] gr, boolean accumulate) {
    int n = b.size();
    if (type.dividesByLength()) {
      requireLengths(b);
    }
    double @Nullable [] c0 = referenceFree ? null : b.referenceChosen();
    double @Nullable [] r0 = referenceFree ? null : b.referenceRejected();
    double[] c = b.policyChosen();
    double[] r = b.policyRejected();
    double scale = weight / n;
    boolean reverse = fDivergence == FDivergence.REVERSE_KL;
    switch (type) {
      case SIGMOID:
      case LD_DPO:
        if (reverse) {
          return kernels.logistic(c, r, c0, r0, n, beta, 0, 1, 0, scale, weight, losses, gc, gr, accumulate);
        }
        break;
      case CDPO:
        if (reverse) {
          return kernels.logistic(c, r, c0, r0, n, beta, 0, 1 - labelSmoothing, labelSmoothing, scale, weight,
              losses, gc, gr, accumulate);
        }
        break;
      case CPO:
        return kernels.logistic(c, r, null, null, n, beta, 0, 1 - labelSmoothing, labelSmoothing, scale, weight,
            losses, gc, gr, accumulate);
      case ROBUST:
        if (reverse) {
          double d = 1 - 2 * labelSmoothing;
          return kernels.logistic(c, r, c0, r0, n, beta, 0, (1 - labelSmoothing) / d, -labelSmoothing / d, scale,
              weight, losses, gc, gr, accumulate);
        }
        break;
      case BETA_DPO:
        if (reverse) {
          return kernels.logistic(c, r, c0, r0, n, betaDpoBeta(b), 0, 1, 0, scale, weight, losses, gc, gr,
              accumulate);
        }
        break;
      case HINGE:
        if (reverse) {
          return kernels.hinge(c, r, c0, r0, n, beta, 1.0, scale, weight, losses, gc, gr, accumulate);
        }
        break;
      case CPO_HINGE:
        return kernels.hinge(c, r, null, null, n, beta, 1.0, scale, weight, losses, gc, gr, accumulate);
      case SLIC:
        return kernels.hinge(c, r, null, null, n, 1.0, slicDelta, scale, weight, losses, gc, gr, accumulate);
      default:
        break;
    }
    if (perPair != null && (reverse || !type.usesFDivergence())) {
      double fused = kernels.perPair(perPair, c, r, c0, r0, b.chosenLengths(), b.rejectedLengths(), n, scale, weight,
          losses, gc, gr, accumulate);
      if (!Double.isNaN(fused)) {
        return fused;
      }
    }
    if (BlockedPairwiseLoss.handles(type)) {
      double betaEff = type == PairwiseLossType.BETA_DPO ? betaDpoBeta(b) : beta;
      return blocked.accumulate(kernels.math(), b, c0, r0, betaEff, weight, losses, gc, gr, accumulate);
    }
    if (!accumulate) {
      Arrays.fill(losses, 0, n, 0.0);
      Arrays.fill(gc, 0, n, 0.0);
      Arrays.fill(gr, 0, n, 0.0);
    }
    switch (type) {
      case AOT:
      case AOT_UNPAIRED:
        return accumulateAot(b, c0, r0, weight, losses, gc, gr);
      case SFT:
        return accumulateNll(b, weight, losses, gc);
      default:
        return accumulatePerPair(b, c0, r0, weight, losses, gc, gr);
    }
  }

  private double accumulatePerPair(
      PairwiseBatch b, double @Nullable [] c0a, double @Nullable [] r0a, double weight, double[] losses,
      double[] gc, double[] gr) {
    int n = b.size();
    double[] ca = b.policyChosen();
    double[] ra = b.policyRejected();
    int[] lenW = b.chosenLengths();
    int[] lenL = b.rejectedLengths();
    double scale = weight / n;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double c = ca[i];
      double r = ra[i];
      double lw = c0a == null ? c : c - c0a[i];
      double ll = r0a == null ? r : r - r0a[i];
      double sw = fDivergence.score(lw, fAlpha);
      double sl = fDivergence.score(ll, fAlpha);
      double delta = sw - sl;
      // partial derivatives of L w.r.t. the scores s_w, s_l and the raw log-ratios (or policy log-probs) ℓ_w, ℓ_l
      double pSw = 0;
      double pSl = 0;
      double pW = 0;
      double pL = 0;
      double loss;
      switch (type) {
        case HINGE: {
          double m = 1 - beta * delta;
          loss = Math.max(0, m);
          pSw = m > 0 ? -beta : 0;
          pSl = -pSw;
          break;
        }
        case IPO: {
          double u = ipoLengthNormalization
              ? sw / lenW[i] - sl / lenL[i] - 1 / (2 * beta)
              : delta - 1 / (2 * beta);
          loss = u * u;
          pSw = ipoLengthNormalization ? 2 * u / lenW[i] : 2 * u;
          pSl = ipoLengthNormalization ? -2 * u / lenL[i] : -2 * u;
          break;
        }
        case SPPO_HARD: {
          double h = 1 / (2 * beta);
          double u = sw - h;
          double v = sl + h;
          loss = u * u + v * v;
          pSw = 2 * u;
          pSl = 2 * v;
          break;
        }
        case R_DPO: {
          double x = beta * delta + rdpoAlpha * ((double) lenW[i] - lenL[i]);
          loss = softplus(-x);
          pSw = -beta * sigmoid(-x);
          pSl = -pSw;
          break;
        }
        case DPOP: {
          double penalty = Math.max(0, -lw);
          double x = beta * (delta - dpopLambda * penalty);
          loss = softplus(-x);
          double d = -beta * sigmoid(-x);
          pSw = d;
          pSl = -d;
          pW = lw < 0 ? d * dpopLambda : 0; // ∂x/∂ℓ_w through the penalty is +βλ when ℓ_w < 0
          break;
        }
        case CPO_IPO: {
          double u = c / lenW[i] - r / lenL[i] - 1 / (2 * beta);
          loss = u * u;
          pW = 2 * u / lenW[i];
          pL = -2 * u / lenL[i];
          break;
        }
        default:
          throw new IllegalStateException("unhandled loss type " + type);
      }
      double dsw = (pSw == 0) ? 0 : pSw * fDivergence.derivative(lw, fAlpha);
      double dsl = (pSl == 0) ? 0 : pSl * fDivergence.derivative(ll, fAlpha);
      losses[i] += weight * loss;
      gc[i] += scale * (dsw + pW);
      gr[i] += scale * (dsl + pL);
      sum += weight * loss;
    }
    return sum;
  }

  private double accumulateAot(
      PairwiseBatch b, double @Nullable [] c0, double @Nullable [] r0, double weight, double[] losses,
      double[] gc, double[] gr) {
    int n = b.size();
    double[] c = b.policyChosen();
    double[] r = b.policyRejected();
    double[] first = new double[n];
    double[] second = new double[n];
    for (int i = 0; i < n; i++) {
      double refC = c0 == null ? 0 : c0[i];
      double refR = r0 == null ? 0 : r0[i];
      if (type == PairwiseLossType.AOT) {
        first[i] = c[i] - r[i];
        second[i] = refC - refR;
      } else {
        first[i] = c[i] - refC;
        second[i] = r[i] - refR;
      }
    }
    int[] p1 = new int[n];
    int[] p2 = new int[n];
    // sorted in place: the loss needs only the sorted values and the permutations
    sortedOrder(first, p1, first);
    sortedOrder(second, p2, second);
    return blocked.accumulateAot(kernels.math(), type == PairwiseLossType.AOT, first, second, p1, p2, weight,
        losses, gc, gr);
  }

  /** The stable ascending argsort of {@code v} (ties keep index order, like {@code Arrays.sort} on objects). */
  static int[] argsort(double[] v) {
    int[] p = new int[v.length];
    sortedOrder(v, p, null);
    return p;
  }

  /** Digit width of the radix sort: 8 passes cover 64 bits; 256 buckets keep the write streams in the L1 cache. */
  private static final int RADIX_BITS = 8;

  /**
   * The stable ascending order of {@code v} by an LSD radix sort on order-preserving 64-bit keys (the sign bit
   * flipped for positive values, all bits for negative ones, so that unsigned key order is {@link Double#compare}
   * order, −0.0 before 0.0): eight counting passes of 8 bits, those whose digit is the same for every value skipped.
   * O(n) whatever the data (measured 2× faster than {@code Arrays.sort} of the bare values at n = 10^6), no boxing.
   *
   * @param order receives the permutation: {@code v[order[0]] <= v[order[1]] <= ...}
   * @param sorted when not null, receives the sorted values
   */
  static void sortedOrder(double[] v, int[] order, double @Nullable [] sorted) {
    int n = v.length;
    int passes = (Long.SIZE + RADIX_BITS - 1) / RADIX_BITS;
    int radix = 1 << RADIX_BITS;
    long[] keys = new long[n];
    int[] idx = order;
    int[][] counts = new int[passes][radix];
    for (int i = 0; i < n; i++) {
      long bits = Double.doubleToRawLongBits(v[i]);
      long key = bits ^ ((bits >> 63) | Long.MIN_VALUE);
      keys[i] = key;
      idx[i] = i;
      for (int d = 0; d < passes; d++) {
        counts[d][(int) ((key >>> (d * RADIX_BITS)) & (radix - 1))]++;
      }
    }
    long[] keys2 = null;
    int[] idx2 = null;
    for (int d = 0; d < passes; d++) {
      int[] c = counts[d];
      boolean oneDigit = false;
      int offset = 0;
      for (int k = 0; k < radix; k++) {
        int count = c[k];
        oneDigit |= count == n;
        c[k] = offset;
        offset += count;
      }
      if (oneDigit) {
        continue;
      }
      if (keys2 == null) {
        keys2 = new long[n];
        idx2 = new int[n];
      }
      int shift = d * RADIX_BITS;
      for (int i = 0; i < n; i++) {
        long key = keys[i];
        int pos = c[(int) ((key >>> shift) & (radix - 1))]++;
        keys2[pos] = key;
        idx2[pos] = idx[i];
      }
      long[] tk = keys;
      keys = keys2;
      keys2 = tk;
      int[] ti = idx;
      idx = idx2;
      idx2 = ti;
    }
    if (idx != order) {
      System.arraycopy(idx, 0, order, 0, n);
    }
    if (sorted != null) {
      for (int i = 0; i < n; i++) {
        long key = keys[i];
        sorted[i] = Double.longBitsToDouble(key ^ (~(key >> 63) | Long.MIN_VALUE));
      }
    }
  }

  private double accumulateNll(PairwiseBatch b, double weight, double[] losses, double[] gc) {
    int n = b.size();
    double tokens = totalChosenTokens(b);
    double s = 0;
    for (double v : b.policyChosen()) {
      s += v;
    }
    double nll = -s / tokens;
    double g = -weight / tokens;
    for (int i = 0; i < n; i++) {
      losses[i] += weight * nll;
      gc[i] += g;
    }
    return weight * nll * n;
  }

  /** −Σ c_i / Σ |y_w,i|: the token-mean NLL of the chosen completions (TRL's {@code sft} term). */
  static double nll(PairwiseBatch b) {
    double s = 0;
    for (double v : b.policyChosen()) {
      s += v;
    }
    return -s / totalChosenTokens(b);
  }

  private static double totalChosenTokens(PairwiseBatch b) {
    long t = 0;
    for (int len : b.chosenLengths()) {
      t += len;
    }
    if (t <= 0) {
      throw new IllegalArgumentException(
          "sft/NLL divides by the total chosen token count, which was 0 (chosenLengths all 0)");
    }
    return t;
  }

  private double orpoLogOdds(PairwiseBatch b, int i) {
    double cm = b.policyChosen()[i] / b.chosenLengths()[i];
    double rm = b.policyRejected()[i] / b.rejectedLengths()[i];
    return (cm - rm) - (StableMath.log1mexp(cm) - StableMath.log1mexp(rm));
  }

  /**
   * β-DPO's batch β: β·max(1e-3, 1 + α(M̄ − M₀)) with M̄ the batch mean of β(ℓ_w − ℓ_l) (raw log-ratios) and M₀ =
   * {@code beta_dpo_threshold}. Detached: it gets no gradient, as in the paper's implementation.
   */
  double betaDpoBeta(PairwiseBatch b) {
    double[] c = b.policyChosen();
    double[] r = b.policyRejected();
    double @Nullable [] c0 = referenceFree ? null : b.referenceChosen();
    double @Nullable [] r0 = referenceFree ? null : b.referenceRejected();
    double s = 0;
    for (int i = 0; i < c.length; i++) {
      s += (c[i] - (c0 == null ? 0 : c0[i])) - (r[i] - (r0 == null ? 0 : r0[i]));
    }
    double mean = beta * s / c.length;
    return beta * Math.max(1e-3, 1 + betaDpoAlpha * (mean - betaDpoThreshold));
  }

  /**
   * The β-DPO threshold for the next step: the moving average m·M₀ + (1 − m)·M̄ of the paper (m = 0.9 there), for
   * callers who keep M₀ across steps ({@code beta_dpo_threshold} makes each evaluation a pure function).
   */
  public static double nextBetaDpoThreshold(double previous, double batchMeanMargin, double momentum) {
    Require.probability("momentum", momentum);
    return momentum * previous + (1 - momentum) * batchMeanMargin;
  }

  private void requireLengths(PairwiseBatch b) {
    int[] w = b.chosenLengths();
    int[] l = b.rejectedLengths();
    for (int i = 0; i < w.length; i++) {
      if (w[i] < 1) {
        throw new IllegalArgumentException(
            "chosenLengths[" + i + "] must be >= 1 for loss_type " + type.trlName()
                + " (it divides by the length), was " + w[i]);
      }
      if (l[i] < 1) {
        throw new IllegalArgumentException(
            "rejectedLengths[" + i + "] must be >= 1 for loss_type " + type.trlName()
                + " (it divides by the length), was " + l[i]);
      }
    }
    if (type == PairwiseLossType.ORPO) {
      for (int i = 0; i < w.length; i++) {
        // c/|y| can be 0 only when |c| is below the smallest normal times |y|: divide only then
        double ci = b.policyChosen()[i];
        double ri = b.policyRejected()[i];
        boolean chosenZero = ci > -1e-290 && ci / w[i] == 0;
        if (chosenZero || (ri > -1e-290 && ri / l[i] == 0)) {
          throw new IllegalArgumentException(
              (chosenZero ? "policyChosen[" : "policyRejected[") + i + "] must be < 0 for loss_type orpo (its"
                  + " length-averaged log-probability must be < 0: probability 1 has infinite odds), was "
                  + (chosenZero ? b.policyChosen()[i] : b.policyRejected()[i]));
        }
      }
    }
  }

  static void requireAlphapoRange(double a, double mean, String name, int i, int len) {
    if (-a * mean > 700) {
      throw new IllegalArgumentException(
          name + "[" + i + "]/" + len + " = " + mean + " overflows the AlphaPO reward (1 − e^{−α·x})/α with alpha = "
              + a + "; expected alpha·|mean log-prob| <= 700");
    }
  }

  @Override
  public String toString() {
    return "PairwiseLoss[" + type.trlName() + ", beta=" + beta + ", f=" + fDivergence.trlName()
        + (referenceFree ? ", reference_free" : "") + "]";
  }

  /** Builder; every setter validates its argument and names it as the TRL config key. */
  public static final class Builder {
    private final PairwiseLossType type;
    private double beta = DEFAULT_BETA;
    private double labelSmoothing = DEFAULT_LABEL_SMOOTHING;
    private FDivergence fDivergence = FDivergence.DEFAULT;
    private double fAlpha = FDivergence.DEFAULT_ALPHA;
    private double discopopTau = DEFAULT_DISCOPOP_TAU;
    private boolean ipoLengthNormalization = DEFAULT_IPO_LENGTH_NORMALIZATION;
    private double rdpoAlpha = DEFAULT_RDPO_ALPHA;
    private double dpopLambda = DEFAULT_DPOP_LAMBDA;
    private double betaDpoAlpha = DEFAULT_BETA_DPO_ALPHA;
    private double betaDpoThreshold = DEFAULT_BETA_DPO_THRESHOLD;
    private double ldAlpha = Double.NaN; // no default: LD-DPO needs it set
    private double slicDelta = DEFAULT_SLIC_DELTA;
    private double simpoGamma = DEFAULT_SIMPO_GAMMA;
    private double alphapoAlpha = DEFAULT_ALPHA;
    private boolean referenceFree = false;
    private @Nullable PairwiseKernels kernels;

    private Builder(PairwiseLossType type) {
      this.type = Require.nonNull("type", type);
    }

    /**
     * Refuses a setting that this builder's loss type never reads, as the string registry refuses its config key
     * ({@link PairwiseLossType#settings()} is the one list both check).
     */
    private void requireRead(String key) {
      if (!type.settings().contains(key)) {
        throw new IllegalArgumentException(key + " is not read by loss_type " + type.trlName() + "; "
            + type.trlName() + " reads " + type.settings());
      }
    }

    /** β > 0 (TRL default 0.1); for IPO it is τ, for hinge 1/margin, for sppo_hard 1/η, for ORPO λ. */
    public Builder beta(double beta) {
      this.beta = Require.positive("beta", beta);
      return this;
    }

    /** ε in [0, 1) for cdpo, cpo, simpo, alphapo, aot*; [0, 0.5) for robust; (0, 1) for exo_pair (TRL default 0). */
    public Builder labelSmoothing(double labelSmoothing) {
      requireRead("label_smoothing");
      this.labelSmoothing = Require.inClosedRange("label_smoothing", labelSmoothing, 0.0, 1.0);
      return this;
    }

    /** The f-divergence (TRL default reverse KL). */
    public Builder fDivergence(FDivergence fDivergence) {
      requireRead("f_divergence_type");
      this.fDivergence = Require.nonNull("f_divergence_type", fDivergence);
      return this;
    }

    /** {@code f_alpha_divergence_coef} in TRL HEAD's parameterisation (default 0.5; see {@link FDivergence}). */
    public Builder fAlphaDivergenceCoef(double alpha) {
      requireRead("f_alpha_divergence_coef");
      this.fAlpha = Require.finite("f_alpha_divergence_coef", alpha);
      return this;
    }

    /** DiscoPOP's τ in (0, 1) (TRL default 0.05). */
    public Builder discopopTau(double tau) {
      requireRead("discopop_tau");
      this.discopopTau = Require.inOpenRange("discopop_tau", tau, 0.0, 1.0);
      return this;
    }

    /**
     * IPO on length-averaged log-ratios (true, TRL's default and form) or on sequence log-ratios as in the IPO paper
     * (false).
     */
    public Builder ipoLengthNormalization(boolean on) {
      requireRead("ipo_length_normalization");
      this.ipoLengthNormalization = on;
      return this;
    }

    /**
     * R-DPO's α ≥ 0 (per token of length difference; default 0.01): the margin is βΔ + α(|y_w| − |y_l|) (Park et al.
     * 2024, Eq. 9).
     */
    public Builder rdpoAlpha(double alpha) {
      requireRead("rdpo_alpha");
      this.rdpoAlpha = Require.nonNegative("rdpo_alpha", alpha);
      return this;
    }

    /** DPO-Positive's λ ≥ 0 (default 50, Pal et al. 2024). */
    public Builder dpopLambda(double lambda) {
      requireRead("dpop_lambda");
      this.dpopLambda = Require.nonNegative("dpop_lambda", lambda);
      return this;
    }

    /** β-DPO's α ≥ 0 (default 0.5). */
    public Builder betaDpoAlpha(double alpha) {
      requireRead("beta_dpo_alpha");
      this.betaDpoAlpha = Require.nonNegative("beta_dpo_alpha", alpha);
      return this;
    }

    /** β-DPO's threshold M₀ (default 0; see {@link PairwiseLoss#nextBetaDpoThreshold}). */
    public Builder betaDpoThreshold(double threshold) {
      requireRead("beta_dpo_threshold");
      this.betaDpoThreshold = Require.finite("beta_dpo_threshold", threshold);
      return this;
    }

    /** LD-DPO's α in [0, 1] (required for {@code ld_dpo}; used by {@link LengthDesensitizedAggregation}). */
    public Builder ldAlpha(double alpha) {
      requireRead("ld_alpha");
      this.ldAlpha = Require.probability("ld_alpha", alpha);
      return this;
    }

    /** SLiC's margin δ ≥ 0 on the policy log-probability difference (default 1). */
    public Builder slicDelta(double delta) {
      requireRead("slic_delta");
      this.slicDelta = Require.nonNegative("slic_delta", delta);
      return this;
    }

    /** SimPO's target margin γ ≥ 0 (TRL default 0.5). */
    public Builder simpoGamma(double gamma) {
      requireRead("simpo_gamma");
      this.simpoGamma = Require.nonNegative("simpo_gamma", gamma);
      return this;
    }

    /**
     * AlphaPO's α (default 0.0, TRL's {@code CPOConfig.alpha}: the reward is then SimPO's; the AlphaPO paper's
     * experiments use values such as 0.25 — set it).
     */
    public Builder alpha(double alpha) {
      requireRead("alpha");
      this.alphapoAlpha = Require.finite("alpha", alpha);
      return this;
    }

    /** Ignore the reference log-probabilities (ℓ = policy log-prob), TRL's legacy {@code reference_free}. */
    public Builder referenceFree(boolean referenceFree) {
      requireRead("reference_free");
      this.referenceFree = referenceFree;
      return this;
    }

    Builder kernels(PairwiseKernels kernels) {
      this.kernels = kernels;
      return this;
    }

    /** Builds the loss, checking the combination of settings. */
    public PairwiseLoss build() {
      switch (type) {
        case EXO_PAIR:
          Require.argument(labelSmoothing > 0 && labelSmoothing < 1,
              "label_smoothing must be in (0, 1) for loss_type exo_pair (the EXO paper suggests 1e-3), was %s",
              labelSmoothing);
          break;
        case ROBUST:
          Require.argument(labelSmoothing < 0.5,
              "label_smoothing must be in [0, 0.5) for loss_type robust, was %s", labelSmoothing);
          break;
        case CDPO:
        case CPO:
        case SIMPO:
        case ALPHAPO:
        case AOT:
        case AOT_UNPAIRED:
          Require.argument(labelSmoothing < 1,
              "label_smoothing must be in [0, 1) for loss_type %s, was %s", type.trlName(), labelSmoothing);
          break;
        case LD_DPO:
          Require.argument(!Double.isNaN(ldAlpha),
              "ld_alpha must be set (in [0, 1]) for loss_type ld_dpo, was unset");
          break;
        default:
          break;
      }
      return new PairwiseLoss(this, kernels != null ? kernels : PairwiseKernels.active());
    }
  }
}
