package dev.align4j.optimizers.objective.policygradient;

import dev.align4j.core.math.StableMath;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.optimizers.objective.internal.PolicyGradientTokenLoop;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one loop behind every policy-gradient objective: per-token surrogate (clipped, CISPO, SAPO), importance ratio
 * (per token, per sequence as the mean or the sum of token log-ratios), optional k3 KL penalty, aggregation, and
 * PPO's clipped value loss, with exact gradients. The typed builders ({@link GrpoLoss}, {@link PpoLoss},
 * {@link RlooLoss}) only choose the switches.
 *
 * <p>Gradient bookkeeping: with aggregation weight a_t = m_t·w_i (w_i per sequence), loss = Σ_t a_t·ℒ_t and
 * ℒ_t = φ(ρ, A_t) + β·k_t, so ∂loss/∂logπ_t = a_t·(∂ℒ_t/∂logπ_t explicit) + a_t·∂ℒ_t/∂ρ·∂ρ/∂logπ_t for token ratios,
 * and for a sequence ratio ρ_i the second part is (Σ_t' a_t'·∂ℒ_t'/∂ρ_i)·ρ_i·m_t/d_i with d_i the normaliser of the
 * sequence log-ratio (the active token count for GSPO, 1 for RLOO's summed log-ratio).
 */
final class PolicyGradientKernel {

  /** The largest importance log-ratio (and reference log-ratio for k3) accepted, shared with the token loop. */
  static final double MAX_LOG_RATIO = PolicyGradientTokenLoop.MAX_LOG_RATIO;

  enum Surrogate {
    CLIP,
    CISPO,
    SAPO,
    VESPO
  }

  enum RatioLevel {
    TOKEN,
    SEQUENCE_MEAN,
    SEQUENCE_SUM
  }

  enum Aggregation {
    SEQUENCE_MEAN,
    TOKEN_MEAN,
    FIXED_LENGTH,
    SEQUENCE_SUM
  }

  /** VESPO's lower clamp of the log sequence weight, log(1e-8) (TRL's {@code get_gamma_weights}). */
  static final double VESPO_LOG_LOWER = Math.log(1e-8);

  /** VESPO's bound on each token log-ratio and on the log sequence weight (TRL's {@code get_gamma_weights}). */
  static final double VESPO_LOG_UPPER = 20.0;

  enum MetricStyle {
    GRPO,
    PPO
  }

  private final Surrogate surrogate;
  private final RatioLevel ratioLevel;
  private final Aggregation aggregation;
  private final MetricStyle metricStyle;
  private final double epsilonLow;
  private final double epsilonHigh;
  private final double delta; // NaN: off
  private final double sapoTemperaturePos;
  private final double sapoTemperatureNeg;
  private final double beta;
  private final boolean klBiasCorrection;
  private final int fixedLength;
  private final double tokenNormalizer; // NaN: local active-token count
  private final double vfCoef; // 0: no value loss
  private final double cliprangeValue; // +inf: no value clipping
  private final @Nullable SamplerCorrection
      correction; // null: the sampler's log-probs are not read
  private final double[] vespo; // k_pos, lambda_pos, k_neg, lambda_neg
  private final double offPolicyMaskThreshold; // NaN: off

  PolicyGradientKernel(
      Surrogate surrogate,
      RatioLevel ratioLevel,
      Aggregation aggregation,
      MetricStyle metricStyle,
      double epsilonLow,
      double epsilonHigh,
      double delta,
      double sapoTemperaturePos,
      double sapoTemperatureNeg,
      double beta,
      boolean klBiasCorrection,
      int fixedLength,
      double tokenNormalizer,
      double vfCoef,
      double cliprangeValue) {
    this(
        surrogate,
        ratioLevel,
        aggregation,
        metricStyle,
        epsilonLow,
        epsilonHigh,
        delta,
        sapoTemperaturePos,
        sapoTemperatureNeg,
        beta,
        klBiasCorrection,
        fixedLength,
        tokenNormalizer,
        vfCoef,
        cliprangeValue,
        null,
        new double[] {2.0, 3.0, 3.0, 2.0},
        Double.NaN);
  }

  /**
   * The general kernel; {@code correction} (nullable) weights the surrogate by the sampler/trainer importance weight
   * when a batch carries sampler log-probabilities, {@code vespo} holds VESPO's k_pos, λ_pos, k_neg, λ_neg, and
   * {@code offPolicyMaskThreshold} (NaN: off) is DeepSeek-V3.2's off-policy sequence masking threshold δ.
   */
  PolicyGradientKernel(
      Surrogate surrogate,
      RatioLevel ratioLevel,
      Aggregation aggregation,
      MetricStyle metricStyle,
      double epsilonLow,
      double epsilonHigh,
      double delta,
      double sapoTemperaturePos,
      double sapoTemperatureNeg,
      double beta,
      boolean klBiasCorrection,
      int fixedLength,
      double tokenNormalizer,
      double vfCoef,
      double cliprangeValue,
      @Nullable SamplerCorrection correction,
      double[] vespo,
      double offPolicyMaskThreshold) {
    this.offPolicyMaskThreshold = offPolicyMaskThreshold;
    this.correction = correction;
    this.vespo = vespo.clone();
    this.surrogate = surrogate;
    this.ratioLevel = ratioLevel;
    this.aggregation = aggregation;
    this.metricStyle = metricStyle;
    this.epsilonLow = epsilonLow;
    this.epsilonHigh = epsilonHigh;
    this.delta = delta;
    this.sapoTemperaturePos = sapoTemperaturePos;
    this.sapoTemperatureNeg = sapoTemperatureNeg;
    this.beta = beta;
    this.klBiasCorrection = klBiasCorrection;
    this.fixedLength = fixedLength;
    this.tokenNormalizer = tokenNormalizer;
    this.vfCoef = vfCoef;
    this.cliprangeValue = cliprangeValue;
  }

  PolicyGradientResult evaluate(PolicyGradientBatch batch) {
    return evaluate(batch, true);
  }

  /**
   * The token-ratio vector loop over each maximal run of weight-1 tokens of {@code [from, to)} under a 0/1 mask; the
   * weight-0 tokens are skipped (their gradient stays 0). False as soon as a run's loop reports an out-of-range ratio.
   */
  private static boolean clipRuns(
      PolicyGradientTokenLoop loop,
      double[] lp,
      double[] old,
      double @Nullable [] ref,
      double[] adv,
      double[] mask,
      int from,
      int to,
      double lo,
      double hi,
      double beta,
      double w,
      double[] grad,
      double[] acc) {
    int t = from;
    while (t < to) {
      while (t < to && mask[t] == 0.0) {
        t++;
      }
      int start = t;
      while (t < to && mask[t] != 0.0) {
        t++;
      }
      if (start < t && !loop.clip(lp, old, ref, adv, start, t, lo, hi, beta, w, grad, acc)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Evaluates; with {@code allowVector} the clipped surrogate of unmasked sequences (token or sequence ratios, no δ,
   * no bias-corrected KL) runs on the Vector API loop when it is usable ({@link PolicyGradientTokenLoop#active()});
   * false forces the general scalar loop (tests).
   */
  PolicyGradientResult evaluate(PolicyGradientBatch batch, boolean allowVector) {
    final int n = batch.sequenceCount();
    final int[] off = batch.offsets();
    final int[] lengths = batch.lengths();
    final double[] lp = batch.logProbs();
    final double[] old = batch.oldLogProbs();
    final double[] adv = batch.advantages();
    final double[] mask = batch.mask();
    final double[] ref = batch.referenceLogProbs();
    if (beta != 0.0 && ref == null) {
      throw new IllegalArgumentException(
          "referenceLogProbs must be given when beta != 0 (the KL term needs them), beta was "
              + beta);
    }
    final double[] values = batch.values();
    if (vfCoef != 0.0 && values == null) {
      throw new IllegalArgumentException(
          "values and returns must be given when vf_coef != 0 (the value loss needs them), vf_coef was "
              + vfCoef);
    }

    double[] seqMask = new double[n];
    boolean[] binaryMask = new boolean[n];
    double totalMask = 0;
    for (int i = 0; i < n; i++) {
      double s;
      boolean binary = true;
      if (mask == null) {
        s = lengths[i];
      } else {
        s = 0;
        for (int t = off[i]; t < off[i + 1]; t++) {
          s += mask[t];
          binary &= mask[t] == 0.0 || mask[t] == 1.0;
        }
      }
      seqMask[i] = s;
      binaryMask[i] = binary;
      totalMask += s;
    }
    final double tokenDenominator = Math.max(totalMask, 1.0);
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      switch (aggregation) {
        case SEQUENCE_MEAN:
          w[i] = 1.0 / (n * Math.max(seqMask[i], 1.0));
          break;
        case TOKEN_MEAN:
          w[i] = 1.0 / (Double.isNaN(tokenNormalizer) ? tokenDenominator : tokenNormalizer);
          break;
        case FIXED_LENGTH:
          if (lengths[i] > fixedLength) {
            throw new IllegalArgumentException(
                "lengths["
                    + i
                    + "] must be <= max_completion_length ("
                    + fixedLength
                    + ") for dr_grpo, was "
                    + lengths[i]);
          }
          w[i] = 1.0 / ((double) n * fixedLength);
          break;
        case SEQUENCE_SUM:
          w[i] = 1.0 / n;
          break;
        default:
          throw new AssertionError(aggregation);
      }
    }

    Map<String, Double> metrics = new HashMap<>();
    final double @Nullable [] sampler = batch.samplerLogProbs();
    final double @Nullable [] rhoIs =
        correction == null || sampler == null
            ? null
            : correction.weights(off, old, sampler, mask, metrics);
    final boolean sequenceIs = rhoIs != null && correction.mode().sequenceLevel();
    // off-policy sequence masking (DeepSeek-V3.2, TRL's off_policy_mask_threshold): a token with
    // A < 0 leaves the surrogate when its sequence's mean log(π_sampler / πθ) exceeds δ; π_old
    // stands in for a missing sampler
    final double @Nullable [] sequenceDrift =
        Double.isNaN(offPolicyMaskThreshold) ? null : new double[n];
    if (sequenceDrift != null) {
      double[] behaviour = sampler != null ? sampler : old;
      double dropped = 0;
      for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int t = off[i]; t < off[i + 1]; t++) {
          double m = mask == null ? 1.0 : mask[t];
          sum += m * (behaviour[t] - lp[t]);
        }
        sequenceDrift[i] = sum / Math.max(seqMask[i], 1.0);
        for (int t = off[i]; t < off[i + 1]; t++) {
          double m = mask == null ? 1.0 : mask[t];
          if (adv[t] < 0 && sequenceDrift[i] > offPolicyMaskThreshold) {
            dropped += m;
          }
        }
      }
      metrics.put("off_policy_mask/masked_fraction", dropped / Math.max(totalMask, 1.0));
    }
    final double[] grad = new double[lp.length];
    final double[] losses = new double[n];
    final double lo = 1.0 - epsilonLow;
    final double hi = 1.0 + epsilonHigh;
    final boolean hasDelta = !Double.isNaN(delta);
    double loss = 0;
    double lowSum = 0;
    double highSum = 0;
    double klSum = 0;
    double ratioSum = 0;
    double approxKlSum = 0;
    double policyLossSum = 0;
    // a sequence-level sampler weight is a constant factor of the sequence's loss when there is
    // no KL term
    final @Nullable PolicyGradientTokenLoop loop =
        allowVector
                && surrogate == Surrogate.CLIP
                && !hasDelta
                && !klBiasCorrection
                && (rhoIs == null || (sequenceIs && beta == 0.0))
                && sequenceDrift == null
            ? PolicyGradientTokenLoop.active()
            : null;
    double phiSum = 0;
    final double[] acc = new double[6];

    for (int i = 0; i < n; i++) {
      final int s = off[i];
      final int e = off[i + 1];
      double rhoSeq = 1.0;
      double seqDenominator = 1.0;
      double vespoLogW = 0;
      if (surrogate == Surrogate.VESPO) {
        double sum = 0;
        double advSum = 0;
        for (int t = s; t < e; t++) {
          double m = mask == null ? 1.0 : mask[t];
          if (m != 0.0) {
            sum += m * clamp(lp[t] - old[t], -VESPO_LOG_UPPER, VESPO_LOG_UPPER);
            if (rhoIs != null) {
              sum += clamp(Math.log(rhoIs[t]), VESPO_LOG_LOWER, VESPO_LOG_UPPER);
            }
            advSum += m * adv[t];
          }
        }
        vespoLogW = clamp(sum, VESPO_LOG_LOWER, VESPO_LOG_UPPER);
        phiSum += vespoPhi(vespoLogW, advSum);
      } else if (ratioLevel != RatioLevel.TOKEN) {
        double sum = 0;
        for (int t = s; t < e; t++) {
          double m = mask == null ? 1.0 : mask[t];
          if (m != 0.0) {
            sum += m * (lp[t] - old[t]);
          }
        }
        seqDenominator = ratioLevel == RatioLevel.SEQUENCE_MEAN ? Math.max(seqMask[i], 1.0) : 1.0;
        double logRho = sum / seqDenominator;
        if (logRho > MAX_LOG_RATIO) {
          throw new IllegalArgumentException(
              "sequence "
                  + i
                  + " has importance log-ratio "
                  + logRho
                  + " > "
                  + MAX_LOG_RATIO
                  + ": logProbs and oldLogProbs do not belong together (stale or misaligned)");
        }
        rhoSeq = Math.exp(logRho);
      }
      double seqLoss = 0;
      double dRhoSum = 0;
      double seqLow = 0;
      double seqHigh = 0;
      boolean done = false;
      // the vector loops take sequences whose mask weights are all 1 (Σm = length for weights in
      // [0, 1]) and, with token ratios, the runs of weight-1 tokens of a 0/1 mask (a multi-turn
      // episode's policy turns)
      boolean whole = mask == null || seqMask[i] == lengths[i];
      if (loop != null && (whole || (ratioLevel == RatioLevel.TOKEN && binaryMask[i]))) {
        Arrays.fill(acc, 0.0);
        final double isWeight = sequenceIs && e > s ? rhoIs[s] : 1.0;
        final double wi = w[i] * isWeight;
        boolean ok =
            !whole
                ? clipRuns(
                    loop,
                    lp,
                    old,
                    beta == 0.0 ? null : ref,
                    adv,
                    mask,
                    s,
                    e,
                    lo,
                    hi,
                    beta,
                    wi,
                    grad,
                    acc)
                : ratioLevel == RatioLevel.TOKEN
                    ? loop.clip(
                        lp, old, beta == 0.0 ? null : ref, adv, s, e, lo, hi, beta, wi, grad, acc)
                    : loop.sequence(
                        lp,
                        old,
                        beta == 0.0 ? null : ref,
                        adv,
                        s,
                        e,
                        rhoSeq,
                        lo,
                        hi,
                        beta,
                        wi,
                        seqDenominator,
                        grad,
                        acc);
        if (ok) {
          seqLoss = acc[0] * isWeight;
          seqLow = acc[1];
          seqHigh = acc[2];
          ratioSum += acc[3];
          approxKlSum += acc[4];
          klSum += acc[5];
          done = true;
        }
      }
      for (int t = s; t < e && !done; t++) {
        final double m = mask == null ? 1.0 : mask[t];
        if (m == 0.0) {
          continue;
        }
        final double rho;
        if (surrogate == Surrogate.VESPO) {
          rho = Math.exp(clamp(lp[t] - old[t], -VESPO_LOG_UPPER, VESPO_LOG_UPPER));
          double d = lp[t] - old[t];
          approxKlSum += m * 0.5 * d * d;
        } else if (ratioLevel == RatioLevel.TOKEN) {
          double logRho = lp[t] - old[t];
          if (logRho > MAX_LOG_RATIO) {
            throw new IllegalArgumentException(
                "token "
                    + t
                    + " (sequence "
                    + i
                    + ") has importance log-ratio "
                    + logRho
                    + " > "
                    + MAX_LOG_RATIO
                    + ": logProbs and oldLogProbs do not belong together");
          }
          rho = Math.exp(logRho);
          approxKlSum += m * 0.5 * logRho * logRho;
        } else {
          rho = rhoSeq;
          double d = lp[t] - old[t];
          approxKlSum += m * 0.5 * d * d;
        }
        ratioSum += m * rho;
        final double a = adv[t];
        double phi = 0;
        double dRho = 0;
        double direct = 0;
        switch (surrogate) {
          case CLIP:
            if (a != 0.0) {
              double t1 = (hasDelta ? Math.min(rho, delta) : rho) * a;
              double g1 = (hasDelta && rho > delta) ? 0.0 : a;
              double c = rho < lo ? lo : (rho > hi ? hi : rho);
              double t2 = c * a;
              double g2 = (rho < lo || rho > hi) ? 0.0 : a;
              if (t1 < t2) {
                phi = -t1;
                dRho = -g1;
              } else if (t2 < t1) {
                phi = -t2;
                dRho = -g2;
              } else {
                phi = -t1;
                dRho = -0.5 * (g1 + g2);
              }
              if (a < 0 && rho < lo) {
                seqLow += m;
              } else if (a > 0 && rho > hi) {
                seqHigh += m;
              }
            }
            break;
          case CISPO:
            if (a != 0.0) {
              double cap = Math.min(rho, epsilonHigh);
              phi = -cap * a * lp[t];
              direct = -cap * a;
              if (a > 0 && rho > epsilonHigh) {
                seqHigh += m;
              }
            }
            break;
          case SAPO:
            if (a != 0.0) {
              double tau = a > 0 ? sapoTemperaturePos : sapoTemperatureNeg;
              double sg = StableMath.sigmoid(tau * (rho - 1.0));
              phi = -(4.0 / tau) * sg * a;
              dRho = -4.0 * sg * (1.0 - sg) * a;
            }
            break;
          case VESPO:
            if (a != 0.0) {
              double phiV = vespoPhi(vespoLogW, a);
              phi = -phiV * a * lp[t];
              direct = -phiV * a;
            }
            break;
          default:
            throw new AssertionError(surrogate);
        }
        if (sequenceDrift != null && a < 0 && sequenceDrift[i] > offPolicyMaskThreshold) {
          phi = 0.0;
          direct = 0.0;
          dRho = 0.0;
        }
        if (rhoIs != null && surrogate != Surrogate.VESPO) {
          // the sampler/trainer weight multiplies the surrogate, not the KL term (TRL)
          double c = rhoIs[t];
          phi *= c;
          direct *= c;
          dRho *= c;
        }
        if (beta != 0.0) {
          double x = ref[t] - lp[t];
          if (x > MAX_LOG_RATIO) {
            throw new IllegalArgumentException(
                "token "
                    + t
                    + " (sequence "
                    + i
                    + ") has reference log-ratio "
                    + x
                    + " > "
                    + MAX_LOG_RATIO
                    + ": the k3 KL estimate exp(x) - x - 1 overflows");
          }
          double ex = Math.exp(x);
          double k =
              Math.abs(x) < 1e-3
                  ? x * x * (0.5 + x * (1.0 / 6 + x * (1.0 / 24 + x * (1.0 / 120))))
                  : (ex - 1.0) - x;
          double dk = 1.0 - ex;
          if (klBiasCorrection) {
            phi += beta * k * rho;
            direct += beta * dk * rho;
            dRho += beta * k;
            klSum += m * k * rho;
          } else {
            phi += beta * k;
            direct += beta * dk;
            klSum += m * k;
          }
        }
        seqLoss += m * phi;
        if (ratioLevel == RatioLevel.TOKEN || surrogate == Surrogate.VESPO) {
          grad[t] = m * w[i] * (direct + dRho * rho);
        } else {
          grad[t] = m * w[i] * direct;
          dRhoSum += m * dRho;
        }
      }
      if (!done
          && ratioLevel != RatioLevel.TOKEN
          && surrogate != Surrogate.VESPO
          && dRhoSum != 0.0) {
        double scale = w[i] * dRhoSum * rhoSeq / seqDenominator;
        for (int t = s; t < e; t++) {
          double m = mask == null ? 1.0 : mask[t];
          grad[t] += scale * m;
        }
      }
      if (ratioLevel == RatioLevel.TOKEN) {
        lowSum += seqLow;
        highSum += seqHigh;
      } else if (seqMask[i] > 0) {
        lowSum += seqLow / seqMask[i];
        highSum += seqHigh / seqMask[i];
      }
      loss += w[i] * seqLoss;
      policyLossSum += w[i] * seqLoss;
      losses[i] = n * w[i] * seqLoss;
    }

    double[] gradValues = null;
    double valueLoss = 0;
    double valueClipSum = 0;
    if (values != null && vfCoef != 0.0) {
      double[] returns = batch.returns();
      double[] oldValues = batch.oldValues();
      gradValues = new double[values.length];
      for (int i = 0; i < n; i++) {
        double seqValue = 0;
        for (int t = off[i]; t < off[i + 1]; t++) {
          double m = mask == null ? 1.0 : mask[t];
          if (m == 0.0) {
            continue;
          }
          double v = values[t];
          double g = returns[t];
          double vo = oldValues == null ? v : oldValues[t];
          double vc = Math.min(Math.max(v, vo - cliprangeValue), vo + cliprangeValue);
          double u1 = (v - g) * (v - g);
          double u2 = (vc - g) * (vc - g);
          boolean inside = v >= vo - cliprangeValue && v <= vo + cliprangeValue;
          double dv;
          if (u1 > u2) {
            dv = v - g;
          } else if (u2 > u1) {
            dv = inside ? vc - g : 0.0;
            valueClipSum += m;
          } else {
            dv = inside ? v - g : 0.5 * (v - g);
          }
          seqValue += m * 0.5 * Math.max(u1, u2);
          gradValues[t] = vfCoef * m / tokenDenominator * dv;
        }
        valueLoss += seqValue / tokenDenominator;
        losses[i] += n * vfCoef * seqValue / tokenDenominator;
      }
      loss += vfCoef * valueLoss;
    }

    double clipDenominator = ratioLevel == RatioLevel.TOKEN ? tokenDenominator : n;
    double low = lowSum / clipDenominator;
    double high = highSum / clipDenominator;
    if (metricStyle == MetricStyle.PPO) {
      metrics.put("loss/policy_avg", policyLossSum);
      metrics.put("policy/clipfrac_avg", low + high);
      metrics.put("policy/approxkl_avg", approxKlSum / tokenDenominator);
      metrics.put("val/ratio", ratioSum / tokenDenominator);
      if (values != null && vfCoef != 0.0) {
        metrics.put("loss/value_avg", valueLoss);
        metrics.put("val/clipfrac_avg", valueClipSum / tokenDenominator);
      }
    } else if (surrogate == Surrogate.CLIP) {
      metrics.put("clip_ratio/low_mean", low);
      metrics.put("clip_ratio/low_min", low);
      metrics.put("clip_ratio/high_mean", high);
      metrics.put("clip_ratio/high_max", high);
      metrics.put("clip_ratio/region_mean", low + high);
    } else if (surrogate == Surrogate.CISPO) {
      metrics.put("cispo_clip_ratio", high);
    } else if (surrogate == Surrogate.VESPO) {
      metrics.put("vespo/phi_seq_mean", phiSum / n);
    }
    if (beta != 0.0) {
      metrics.put("kl", klSum / tokenDenominator);
    }
    double[] entropies = batch.entropies();
    if (entropies != null) {
      double h = 0;
      for (int t = 0; t < entropies.length; t++) {
        h += (mask == null ? 1.0 : mask[t]) * entropies[t];
      }
      metrics.put(
          metricStyle == MetricStyle.PPO ? "policy/entropy_avg" : "entropy", h / tokenDenominator);
    }
    return new PolicyGradientResult(loss, losses, grad, gradValues, metrics);
  }

  /**
   * VESPO's detached sequence weight φ = exp(λ + k·log w − λ·w) (= e^λ·w^k·e^{−λw}, φ(1) = 1), with (k, λ) = (k_pos,
   * λ_pos) when {@code advantage} ≥ 0, else (k_neg, λ_neg), λ floored at 1e-4; a non-finite φ counts 0 (TRL).
   */
  private double vespoPhi(double logW, double advantage) {
    double k = advantage >= 0 ? vespo[0] : vespo[2];
    double lambda = Math.max(advantage >= 0 ? vespo[1] : vespo[3], 1e-4);
    double phi = Math.exp(lambda + k * logW - lambda * Math.exp(logW));
    return Double.isFinite(phi) ? phi : 0.0;
  }

  private static double clamp(double x, double lo, double hi) {
    return x < lo ? lo : (x > hi ? hi : x);
  }
}
