package dev.align4j.optimizers.objective.pairwise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The closed set of pairwise loss types, named as TRL's {@code loss_type} strings (the first fifteen are exactly
 * TRL DPOTrainer's), followed by methods TRL's DPOTrainer lacks (named after their papers in snake case, CPO's under a
 * {@code cpo_} prefix). Formulas are on {@link PairwiseLoss}; the reference is {@code trl-objectives.md} §1.3.
 *
 * <p>Notation: ℓ_w = c − c₀ and ℓ_l = r − r₀ are the chosen/rejected log-ratios, s = g(ℓ) their f-divergence scores
 * ({@link FDivergence}), Δ = s_w − s_l, x̄ = x/|y| a length average, β = {@code beta}.
 */
public enum PairwiseLossType {
  /** −log σ(βΔ) (DPO, Rafailov et al. 2023). */
  SIGMOID("sigmoid", Family.REFERENCE, true, false),
  /** max(0, 1 − βΔ) (SLiC/RSO hinge). */
  HINGE("hinge", Family.REFERENCE, true, false),
  /** (s_w/|y_w| − s_l/|y_l| − 1/(2β))² (IPO, Azar et al. 2023; TRL's length-normalised form by default). */
  IPO("ipo", Family.REFERENCE, true, true),
  /** KL(q‖p), q = (σ(βΔ), σ(−βΔ)), p = (1−ε, ε) (EXO, Ji et al. 2024). */
  EXO_PAIR("exo_pair", Family.REFERENCE, true, false),
  /** −log σ(βs_w) − ½log σ(−βs_w) − ½log σ(−βs_l) (NCA, Chen et al. 2024). */
  NCA_PAIR("nca_pair", Family.REFERENCE, true, false),
  /** [−(1−ε)log σ(βΔ) + ε log σ(−βΔ)]/(1−2ε) (robust DPO, Chowdhury et al. 2024). */
  ROBUST("robust", Family.REFERENCE, true, false),
  /** −log σ(βs_w) − log σ(−βs_l) (BCO pairwise, TRL HEAD: no reward shift). */
  BCO_PAIR("bco_pair", Family.REFERENCE, true, false),
  /** (s_w − 1/(2β))² + (s_l + 1/(2β))² (SPPO with hard labels, Wu et al. 2024). */
  SPPO_HARD("sppo_hard", Family.REFERENCE, true, false),
  /** Label-smoothed sigmoid of sort(c − r) − sort(c₀ − r₀) across the batch (AOT, Melnyk et al. 2024). */
  AOT("aot", Family.REFERENCE, false, false),
  /** Label-smoothed sigmoid of sort(ℓ_w) − sort(ℓ_l) across the batch (AOT unpaired). */
  AOT_UNPAIRED("aot_unpaired", Family.REFERENCE, false, false),
  /** [1 − σ(βℓ_w)] + σ(βℓ_l) on raw log-ratios (APO-zero, D'Oosterlinck et al. 2024, Eq. 7). */
  APO_ZERO("apo_zero", Family.REFERENCE, false, false),
  /** σ(βℓ_w) + [1 − σ(βΔ)] (APO-down, Eq. 8). */
  APO_DOWN("apo_down", Family.REFERENCE, true, false),
  /** x = βΔ, m = σ(x/τ): (1−m)(−log σ(x)) + m e^{−x} (DiscoPOP, Chris Lu et al. 2024). */
  DISCOPOP("discopop", Family.REFERENCE, true, false),
  /** −Σ_i c_i / Σ_i |y_w,i|: token-mean negative log-likelihood of the chosen half, broadcast to every pair. */
  SFT("sft", Family.POLICY_ONLY, false, true),
  /** −log σ(β(s_w/|y_w| − s_l/|y_l|)) (DPO-norm, Tülu 3). */
  SIGMOID_NORM("sigmoid_norm", Family.REFERENCE, true, true),

  /** −(1−ε)log σ(βΔ) − ε log σ(−βΔ) (conservative DPO; legacy TRL sigmoid with label smoothing). */
  CDPO("cdpo", Family.REFERENCE, true, false),
  /**
   * −log σ(βΔ + α(|y_w| − |y_l|)) (R-DPO, Park et al. 2024, "Disentangling Length from Quality in Direct Preference
   * Optimization", arXiv:2403.19159, Eq. 9), α = {@code rdpo_alpha}. The sign follows from maximising
   * E[r − α|y|] − β·KL: the implicit reward is β·ℓ + α|y|, so a longer chosen answer needs a smaller log-ratio gap and
   * gets a smaller gradient (the term penalises verbosity).
   */
  R_DPO("r_dpo", Family.REFERENCE, true, false),
  /** −log σ(β(Δ − λ·max(0, −ℓ_w))) (DPO-Positive, Pal et al. 2024), λ = {@code dpop_lambda}. */
  DPOP("dpop", Family.REFERENCE, true, false),
  /** −log σ(β_b Δ) with a batch-adaptive, detached β_b (β-DPO, Wu et al. 2024). */
  BETA_DPO("beta_dpo", Family.REFERENCE, true, false),
  /** −log σ(βΔ) on a batch whose sums were aggregated by {@link LengthDesensitizedAggregation} (LD-DPO). */
  LD_DPO("ld_dpo", Family.REFERENCE, true, false),
  /** max(0, δ − (c − r)) on policy log-probabilities (SLiC calibration, Zhao et al. 2023), δ = {@code slic_delta}. */
  SLIC("slic", Family.POLICY_ONLY, false, false),
  /** −(1−ε)log σ(β(c̄ − r̄) − γ) − ε log σ(−…) (SimPO, Meng et al. 2024), γ = {@code simpo_gamma}. */
  SIMPO("simpo", Family.POLICY_ONLY, false, true),
  /** −(1−ε)log σ(β(c − r)) − ε log σ(−β(c − r)) on summed log-probs (CPO, Xu et al. 2024). */
  CPO("cpo", Family.POLICY_ONLY, false, false),
  /** max(0, 1 − β(c − r)) (CPO's hinge). */
  CPO_HINGE("cpo_hinge", Family.POLICY_ONLY, false, false),
  /** (c̄ − r̄ − 1/(2β))² (CPO's IPO, length-averaged). */
  CPO_IPO("cpo_ipo", Family.POLICY_ONLY, false, true),
  /** SimPO on AlphaPO rewards R = (1 − e^{−α ȳ})/α (Gupta et al. 2025), α = {@code alpha}. */
  ALPHAPO("alphapo", Family.POLICY_ONLY, false, true),
  /** −β log σ(log odds(ȳ_w) − log odds(ȳ_l)) (ORPO's odds-ratio term, Hong et al. 2024). */
  ORPO("orpo", Family.POLICY_ONLY, false, true);

  /** Whether a loss reads reference log-probabilities. */
  enum Family {
    REFERENCE,
    POLICY_ONLY
  }

  private final String trlName;
  private final Family family;
  private final boolean usesFDivergence;
  private final boolean dividesByLength;

  PairwiseLossType(String trlName, Family family, boolean usesFDivergence, boolean dividesByLength) {
    this.trlName = trlName;
    this.family = family;
    this.usesFDivergence = usesFDivergence;
    this.dividesByLength = dividesByLength;
  }

  /** The {@code loss_type} string. */
  public String trlName() {
    return trlName;
  }

  /** Whether the loss reads the reference log-probabilities (absent ones count as 0). */
  public boolean usesReference() {
    return family == Family.REFERENCE;
  }

  /** Whether {@code f_divergence_type} changes this loss (TRL applies it to the scores s_w, s_l and Δ). */
  public boolean usesFDivergence() {
    return usesFDivergence;
  }

  /** Whether the loss divides by completion lengths (which must then be ≥ 1). */
  public boolean dividesByLength() {
    return dividesByLength;
  }

  /** Whether this is one of TRL DPOTrainer's fifteen loss types. */
  public boolean isTrlDpoLossType() {
    return ordinal() <= SIGMOID_NORM.ordinal();
  }

  /** The type for a {@code loss_type} string; the message lists the valid names. */
  public static PairwiseLossType fromTrlName(String name) {
    for (PairwiseLossType t : values()) {
      if (t.trlName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown pairwise loss_type \"" + name + "\"; valid: " + new TreeSet<>(names()));
  }

  /** All {@code loss_type} strings in declaration order. */
  public static Set<String> names() {
    Set<String> out = new LinkedHashSet<>();
    Arrays.stream(values()).forEach(t -> out.add(t.trlName));
    return out;
  }

  /**
   * The settings of {@link PairwiseLoss.Builder} this loss type reads, by their config key: {@code beta} (every type
   * accepts it, as the registry does) followed by {@link #configKeys()} without {@code cpo_alpha} (the NLL weight,
   * which the registry turns into a {@link CombinedPairwiseLoss} term, not a setting of one loss). The builder refuses
   * every other setting.
   */
  public List<String> settings() {
    List<String> keys = new ArrayList<>();
    keys.add("beta");
    for (String key : configKeys()) {
      if (!key.equals("cpo_alpha")) {
        keys.add(key);
      }
    }
    return List.copyOf(keys);
  }

  /**
   * The config keys this loss type reads in the string registry (besides {@code beta}, {@code loss_weights},
   * {@code loss_type}).
   */
  public List<String> configKeys() {
    List<String> keys = new ArrayList<>();
    if (usesReference()) {
      keys.add("reference_free");
    }
    if (usesFDivergence) {
      keys.add("f_divergence_type");
      keys.add("f_alpha_divergence_coef");
    }
    switch (this) {
      case IPO:
        keys.add("ipo_length_normalization");
        break;
      case EXO_PAIR:
      case ROBUST:
      case AOT:
      case AOT_UNPAIRED:
      case CDPO:
      case CPO:
        keys.add("label_smoothing");
        break;
      case DISCOPOP:
        keys.add("discopop_tau");
        break;
      case R_DPO:
        keys.add("rdpo_alpha");
        break;
      case DPOP:
        keys.add("dpop_lambda");
        break;
      case BETA_DPO:
        keys.add("beta_dpo_alpha");
        keys.add("beta_dpo_threshold");
        break;
      case LD_DPO:
        keys.add("ld_alpha");
        break;
      case SLIC:
        keys.add("slic_delta");
        break;
      case SIMPO:
        keys.add("label_smoothing");
        keys.add("simpo_gamma");
        keys.add("cpo_alpha");
        keys.add("alpha"); // TRL's CPO applies AlphaPO's reward to simpo when alpha != 0
        break;
      case ALPHAPO:
        keys.add("label_smoothing");
        keys.add("simpo_gamma");
        keys.add("alpha"); // no cpo_alpha: TRL's alphapo forces it to 0
        break;
      case CPO_HINGE:
      case CPO_IPO:
        keys.add("cpo_alpha");
        break;
      default:
        break;
    }
    if (this == CPO) {
      keys.add("cpo_alpha");
    }
    return List.copyOf(keys);
  }
}
