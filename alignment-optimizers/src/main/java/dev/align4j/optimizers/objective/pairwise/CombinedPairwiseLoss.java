package dev.align4j.optimizers.objective.pairwise;

import dev.align4j.core.check.Require;
import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.objective.PairwiseResult;
import dev.align4j.optimizers.objective.internal.PairwiseKernels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A weighted sum of pairwise losses, TRL's multi-loss {@code loss_type} list with {@code loss_weights}
 * ({@code trl-objectives.md} §1.4): loss = Σ_k w_k · mean_i L_{k,i}. Per-pair losses are Σ_k w_k L_{k,i} (so the
 * loss is still their mean) and gradients add up.
 *
 * <p>Examples: MPO = 0.8·sigmoid + 0.2·bco_pair + 1.0·sft; RPO = sigmoid + α·sft (Pang et al. 2024); CPO = cpo +
 * {@code cpo_alpha}·sft; ORPO = orpo + 1.0·sft (Hong et al. 2024: NLL − λ·mean log σ(log odds ratio)).
 *
 * <p>The common metrics ({@code rewards/*}, {@code logps/*}) are those of the first term that is not {@code sft} (the
 * first term when all are): its β, its reference setting and its trainer's meaning (see {@link PairwiseLoss#evaluate}).
 * Each term reports {@code loss/<loss_type>}, its unweighted mean, once: terms of one type with the same value (up
 * to rounding, relative 1e-9; e.g. the NLL that {@code simpo} and {@code cpo} each add to {@code "simpo,cpo"}) report
 * it once, not summed;
 * a later term of a type already reported with another value (other hyper-parameters) reports under
 * {@code loss/<loss_type>#<term index>}.
 */
public final class CombinedPairwiseLoss implements PairwiseObjective {
  private final List<PairwiseLoss> terms;
  private final double[] weights;

  private CombinedPairwiseLoss(List<PairwiseLoss> terms, double[] weights) {
    this.terms = List.copyOf(terms);
    this.weights = weights.clone();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** RPO: sigmoid DPO plus α times the chosen NLL (TRL's {@code ["sigmoid", "sft"]} with weights [1, α]). */
  public static CombinedPairwiseLoss rpo(double beta, double alpha) {
    return builder().add(PairwiseLoss.dpo(beta), 1.0)
        .add(PairwiseLoss.builder(PairwiseLossType.SFT).beta(beta).build(), alpha).build();
  }

  /** ORPO: NLL of the chosen completions minus λ·mean log σ(log odds ratio), λ = {@code beta} (TRL default 0.1). */
  public static CombinedPairwiseLoss orpo(double beta) {
    return withNll(PairwiseLoss.builder(PairwiseLossType.ORPO).beta(beta).build(), 1.0);
  }

  /** {@code loss} plus {@code nllWeight} times the chosen NLL (CPO's {@code cpo_alpha}). */
  public static CombinedPairwiseLoss withNll(PairwiseLoss loss, double nllWeight) {
    return builder().add(loss, 1.0)
        .add(PairwiseLoss.builder(PairwiseLossType.SFT).beta(loss.beta()).build(), nllWeight).build();
  }

  /** The terms, in order. */
  public List<PairwiseLoss> terms() {
    return terms;
  }

  /** The weights, in the order of {@link #terms()}. */
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public PairwiseResult evaluate(PairwiseBatch batch) {
    int n = batch.size();
    double[] losses = new double[n];
    double[] gc = new double[n];
    double[] gr = new double[n];
    Map<String, Double> metrics = new LinkedHashMap<>();
    double total = 0;
    for (int k = 0; k < terms.size(); k++) {
      double part = terms.get(k).accumulate(batch, weights[k], losses, gc, gr, k > 0);
      total += part;
      if (weights[k] != 0) {
        String key = "loss/" + terms.get(k).type().trlName();
        double unweighted = part / weights[k] / n;
        Double earlier = metrics.putIfAbsent(key, unweighted);
        if (earlier != null && Math.abs(earlier - unweighted) > 1e-9 * Math.max(1, Math.abs(unweighted))) {
          metrics.put(key + "#" + k, unweighted);
        }
      }
    }
    PairwiseMetrics.rewards(PairwiseKernels.active(), metricTerm(), batch, metrics);
    for (PairwiseLoss t : terms) {
      t.addMetrics(batch, metrics);
    }
    return new PairwiseResult(total / n, losses, gc, gr, metrics);
  }

  /** The term whose β and meaning the reward metrics follow: the first that is not {@code sft}, else the first. */
  private PairwiseLoss metricTerm() {
    for (PairwiseLoss t : terms) {
      if (t.type() != PairwiseLossType.SFT) {
        return t;
      }
    }
    return terms.get(0);
  }

  @Override
  public double evaluateInto(PairwiseBatch batch, double[] losses, double[] gradChosen, double[] gradRejected) {
    PairwiseObjective.checkBuffers(batch, losses, gradChosen, gradRejected);
    double total = 0;
    for (int k = 0; k < terms.size(); k++) {
      total += terms.get(k).accumulate(batch, weights[k], losses, gradChosen, gradRejected, k > 0);
    }
    return total / batch.size();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("CombinedPairwiseLoss[");
    for (int k = 0; k < terms.size(); k++) {
      sb.append(k == 0 ? "" : " + ").append(weights[k]).append("·").append(terms.get(k));
    }
    return sb.append(']').toString();
  }

  /** Builder: add terms with their weights. */
  public static final class Builder {
    private final List<PairwiseLoss> terms = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();

    private Builder() {}

    /** Adds {@code loss} with a finite {@code weight} (TRL's {@code loss_weights} entry; default there 1.0). */
    public Builder add(PairwiseLoss loss, double weight) {
      terms.add(Require.nonNull("loss", loss));
      weights.add(Require.finite("loss_weights[" + (weights.size()) + "]", weight));
      return this;
    }

    /** Builds the combination; at least one term. */
    public CombinedPairwiseLoss build() {
      Require.argument(!terms.isEmpty(), "a combined pairwise loss needs at least one term, had 0");
      double[] w = new double[weights.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = weights.get(i);
      }
      return new CombinedPairwiseLoss(terms, w);
    }
  }
}
