package dev.align4j.rewards.ensemble;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.train.RewardModelTrainer;
import dev.align4j.rewards.train.TrainingResult;
import dev.align4j.rewards.train.TrainingSet;
import java.util.ArrayList;
import java.util.List;

/**
 * An ensemble of reward models whose disagreement measures uncertainty, to resist reward over-optimisation (Coste et
 * al., "Reward Model Ensembles Help Mitigate Overoptimization", ICLR 2024; Eisenstein et al., "Helping or Herding?",
 * 2023). For member scores {@code r_1 … r_n}: mean {@code μ}, population standard deviation {@code σ} (divisor n) and
 * the conservative score {@code μ − k·σ} (Coste et al.'s uncertainty-weighted optimisation with the standard deviation
 * as the penalty). {@link #score} returns the aggregate chosen by {@link Aggregation}.
 *
 * <p>Members should be on a common scale (e.g. all Bradley–Terry models trained with centering, or whitened).
 */
public final class RewardEnsemble implements RewardModel {

  /** How {@link #score} aggregates the member scores. */
  public enum Aggregation {
    /** The mean μ. */
    MEAN,
    /** The conservative {@code μ − k·σ} (default, k = 1). */
    MEAN_MINUS_K_STD,
    /** The minimum over members (Coste et al.'s worst-case optimisation). */
    WORST_CASE
  }

  private final List<RewardModel> members;
  private final Aggregation aggregation;
  private final double k;

  private RewardEnsemble(List<RewardModel> members, Aggregation aggregation, double k) {
    Require.nonNull("members", members);
    Require.argument(members.size() >= 2, "members must hold at least 2 reward models, had %d", members.size());
    this.members = List.copyOf(members);
    this.aggregation = Require.nonNull("aggregation", aggregation);
    this.k = Require.nonNegative("k", k);
  }

  /** The conservative ensemble {@code μ − 1·σ}. */
  public static RewardEnsemble of(List<? extends RewardModel> members) {
    return new RewardEnsemble(List.copyOf(members), Aggregation.MEAN_MINUS_K_STD, 1.0);
  }

  /** An ensemble with the given aggregation and uncertainty penalty {@code k ≥ 0}. */
  public static RewardEnsemble of(List<? extends RewardModel> members, Aggregation aggregation, double k) {
    return new RewardEnsemble(List.copyOf(members), aggregation, k);
  }

  /**
   * Trains {@code size} members on {@code set}, member i with seed {@code seed + i} (a different validation split,
   * shuffle order and initialisation each), and ensembles them conservatively (μ − σ).
   */
  public static RewardEnsemble train(RewardModelTrainer trainer, TrainingSet set, int size, long seed) {
    Require.nonNull("trainer", trainer);
    Require.nonNull("set", set);
    Require.inClosedRange("size", size, 2, 1000);
    List<FeatureRewardModel> models = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      TrainingResult r = trainer.train(set, seed + i);
      models.add(r.requireModel());
    }
    return of(models);
  }

  /** The members. */
  public List<RewardModel> members() {
    return members;
  }

  /** Every member's score and their summary. */
  public EnsembleScore evaluate(Prompt prompt, Completion completion) {
    double[] s = new double[members.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = members.get(i).score(prompt, completion);
      if (!Double.isFinite(s[i])) {
        throw new IllegalStateException("ensemble member " + i + " returned a non-finite score " + s[i]);
      }
    }
    return EnsembleScore.of(s, k);
  }

  @Override
  public double score(Prompt prompt, Completion completion) {
    EnsembleScore e = evaluate(prompt, completion);
    switch (aggregation) {
      case MEAN:
        return e.mean();
      case WORST_CASE:
        return e.min();
      default:
        return e.conservative();
    }
  }

  @Override
  public String toString() {
    return "RewardEnsemble[" + members.size() + " members, " + aggregation + ", k=" + k + "]";
  }
}
