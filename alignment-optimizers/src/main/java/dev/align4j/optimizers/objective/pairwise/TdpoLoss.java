package dev.align4j.optimizers.objective.pairwise;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import dev.align4j.optimizers.objective.ObjectiveConfig;
import dev.align4j.optimizers.objective.TokenLevelPairBatch;
import dev.align4j.optimizers.objective.TokenLevelPairResult;
import dev.align4j.optimizers.objective.internal.LogisticTerms;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * TDPO, Token-level Direct Preference Optimisation (Zeng et al., "Token-level Direct Preference Optimization", ICML
 * 2024, arXiv:2404.11999), in its two forms TDPO1 and TDPO2, over per-token log-probs and per-token forward KL values
 * ({@link TokenLevelPairBatch}).
 *
 * <p>Per pair, with u = Σ_t (log π_θ − log π_ref)(y_w,t) − Σ_t (log π_θ − log π_ref)(y_l,t) (the DPO log-ratio margin)
 * and the sequential forward KLs K_w = D_SeqKL(x, y_w; π_ref ‖ π_θ), K_l = D_SeqKL(x, y_l; π_ref ‖ π_θ) (sums of the
 * per-token KL inputs):
 *
 * <ul>
 *   <li>TDPO1: L = −logσ(β·(u − (K_l − K_w))) (paper Eq. 17);
 *   <li>TDPO2 (default): L = −logσ(β·(u − α·(K_l − sg(K_w)))) (paper Eq. 19): the chosen KL is detached (zero gradient)
 *       and the KL difference is scaled by α, which keeps the rejected response's KL from growing faster.
 * </ul>
 *
 * <p>With all KLs 0, both reduce to sigmoid DPO. The batch loss is the mean over pairs; the gradient with respect to
 * each token log-prob equals that with respect to its sequence sum. Metrics follow the authors' reference code:
 * {@code rewards/chosen} = mean β·(log-ratio_w + K_w), {@code rewards/rejected} = mean β·(log-ratio_l + K_l),
 * {@code rewards/margins}, {@code rewards/accuracies} (strict), {@code kl/chosen}, {@code kl/rejected} (mean K).
 *
 * <p>Defaults: β = 0.1, α = 0.5, TDPO2, as in the authors' configuration ({@code loss.beta}, {@code loss.alpha},
 * {@code loss.if_tdpo2}); {@link #fromConfig(Map)} takes those names ({@code beta}, {@code alpha},
 * {@code if_tdpo2}).
 */
public final class TdpoLoss {
  /** β, {@code beta} (the TDPO authors' configuration, {@code loss.beta}). */
  public static final double DEFAULT_BETA = 0.1;
  /** TDPO2's α, {@code alpha} (the TDPO authors' configuration, {@code loss.alpha}). */
  public static final double DEFAULT_ALPHA = 0.5;
  /** The variant, {@code if_tdpo2} (the TDPO authors' configuration, {@code loss.if_tdpo2} = true). */
  public static final Variant DEFAULT_VARIANT = Variant.TDPO2;

  private static final Set<String> KEYS = Set.of("beta", "alpha", "if_tdpo2");

  /** The two forms of the paper. */
  public enum Variant {
    /** TDPO1: the full KL difference, with gradient through both KLs. */
    TDPO1,
    /** TDPO2: α-scaled KL difference with the chosen KL detached. */
    TDPO2
  }

  private final double beta;
  private final double alpha;
  private final Variant variant;

  private TdpoLoss(Builder b) {
    this.beta = b.beta;
    this.alpha = b.alpha;
    this.variant = b.variant;
  }

  /** A builder with the authors' defaults (β = 0.1, α = 0.5, TDPO2). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * TDPO from a string-keyed config with the authors' key names: {@code beta} (0.1), {@code alpha} (0.5, TDPO2 only),
   * {@code if_tdpo2} (true).
   *
   * @throws IllegalArgumentException for an unknown key (listing the valid ones) or a bad value
   */
  public static TdpoLoss fromConfig(Map<String, ?> config) {
    ObjectiveConfig c = ObjectiveConfig.of("tdpo", config, KEYS);
    return builder()
        .beta(c.getDouble("beta", DEFAULT_BETA))
        .alpha(c.getDouble("alpha", DEFAULT_ALPHA))
        .variant(c.getBoolean("if_tdpo2", DEFAULT_VARIANT == Variant.TDPO2) ? Variant.TDPO2 : Variant.TDPO1)
        .build();
  }

  /** The variant. */
  public Variant variant() {
    return variant;
  }

  /** Evaluates the loss on {@code batch}. */
  public TokenLevelPairResult evaluate(TokenLevelPairBatch batch) {
    Require.nonNull("batch", batch);
    int n = batch.size();
    int[] lw = batch.chosenLengths();
    int[] ll = batch.rejectedLengths();
    double[] ratioW = ratioSums(batch.policyChosenTokens(), batch.referenceChosenTokens(), lw);
    double[] ratioL = ratioSums(batch.policyRejectedTokens(), batch.referenceRejectedTokens(), ll);
    double[] klW = TokenLevelPairBatch.sequenceSums(batch.chosenKl(), lw);
    double[] klL = TokenLevelPairBatch.sequenceSums(batch.rejectedKl(), ll);
    boolean tdpo2 = variant == Variant.TDPO2;
    double[] losses = new double[n];
    double[] dx = new double[n]; // ∂(mean loss)/∂x_i, x = β·(u − c·(K_l − K_w))
    double total = 0;
    double sumRw = 0;
    double sumRl = 0;
    double sumKw = 0;
    double sumKl = 0;
    int correct = 0;
    for (int i = 0; i < n; i++) {
      double klTerm = tdpo2 ? alpha * (klL[i] - klW[i]) : klL[i] - klW[i];
      double x = beta * ((ratioW[i] - ratioL[i]) - klTerm);
      losses[i] = -StableMath.logSigmoid(x);
      total += losses[i];
      dx[i] = -StableMath.sigmoid(-x) / n;
      double rw = beta * (ratioW[i] + klW[i]);
      double rl = beta * (ratioL[i] + klL[i]);
      sumRw += rw;
      sumRl += rl;
      sumKw += klW[i];
      sumKl += klL[i];
      if (rw > rl) {
        correct++;
      }
    }
    double[] gPw = new double[batch.policyChosenTokens().length];
    double[] gPl = new double[batch.policyRejectedTokens().length];
    double[] gKw = new double[gPw.length];
    double[] gKl = new double[gPl.length];
    double klScaleL = tdpo2 ? -alpha * beta : -beta;
    double klScaleW = beta;
    int tw = 0;
    int tl = 0;
    for (int i = 0; i < n; i++) {
      for (int end = tw + lw[i]; tw < end; tw++) {
        gPw[tw] = beta * dx[i];
        if (!tdpo2) {
          gKw[tw] = klScaleW * dx[i];
        }
      }
      for (int end = tl + ll[i]; tl < end; tl++) {
        gPl[tl] = -beta * dx[i];
        gKl[tl] = klScaleL * dx[i];
      }
    }
    LinkedHashMap<String, Double> m = new LinkedHashMap<>();
    m.put("rewards/chosen", sumRw / n);
    m.put("rewards/rejected", sumRl / n);
    m.put("rewards/margins", (sumRw - sumRl) / n);
    m.put("rewards/accuracies", (double) correct / n);
    m.put("kl/chosen", sumKw / n);
    m.put("kl/rejected", sumKl / n);
    return new TokenLevelPairResult(total / n, losses, gPw, gPl, gKw, gKl, LogisticTerms.freeze(m));
  }

  private static double[] ratioSums(double[] policy, double[] reference, int[] lengths) {
    double[] sums = new double[lengths.length];
    int t = 0;
    for (int i = 0; i < lengths.length; i++) {
      double s = 0;
      for (int end = t + lengths[i]; t < end; t++) {
        s += policy[t] - reference[t];
      }
      sums[i] = s;
    }
    return sums;
  }

  @Override
  public String toString() {
    return "TdpoLoss[" + variant + ", beta=" + beta + (variant == Variant.TDPO2 ? ", alpha=" + alpha : "") + "]";
  }

  /** Builder for {@link TdpoLoss}. */
  public static final class Builder {
    private double beta = DEFAULT_BETA;
    private double alpha = DEFAULT_ALPHA;
    private Variant variant = DEFAULT_VARIANT;

    private Builder() {}

    /** β > 0; default 0.1. */
    public Builder beta(double beta) {
      this.beta = Require.positive("beta", beta);
      return this;
    }

    /** α ≥ 0, the weight of the KL difference in TDPO2; default 0.5. */
    public Builder alpha(double alpha) {
      this.alpha = Require.nonNegative("alpha", alpha);
      return this;
    }

    /** TDPO1 or TDPO2 (default). */
    public Builder variant(Variant variant) {
      this.variant = Require.nonNull("variant", variant);
      return this;
    }

    /** Builds the loss. */
    public TdpoLoss build() {
      return new TdpoLoss(this);
    }
  }
}
