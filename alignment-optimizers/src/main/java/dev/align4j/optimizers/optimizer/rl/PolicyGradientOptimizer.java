package dev.align4j.optimizers.optimizer.rl;

import static dev.align4j.optimizers.optimizer.rl.RolloutStatistics.mean;

import dev.align4j.core.AbstainingRewardModel;
import dev.align4j.core.Policy;
import dev.align4j.core.RewardModel;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.ValueHeadPolicy;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.Checkpointable;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.advantage.GaeEstimator;
import dev.align4j.optimizers.advantage.GroupNormalizedAdvantages;
import dev.align4j.optimizers.advantage.MultiRewardAdvantages;
import dev.align4j.optimizers.advantage.MultiRewardAdvantages.Aggregation;
import dev.align4j.optimizers.advantage.ReinforcePlusPlusAdvantages;
import dev.align4j.optimizers.advantage.RlooAdvantages;
import dev.align4j.optimizers.advantage.TokenAdvantages;
import dev.align4j.optimizers.advantage.Whitening;
import dev.align4j.optimizers.kl.AdaptiveKlController;
import dev.align4j.optimizers.kl.FixedKlController;
import dev.align4j.optimizers.kl.KlController;
import dev.align4j.optimizers.kl.KlEstimator;
import dev.align4j.optimizers.kl.KlRewardShaping;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientObjective;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.optimizers.objective.policygradient.GrpoLoss;
import dev.align4j.optimizers.objective.policygradient.PpoLoss;
import dev.align4j.optimizers.objective.policygradient.RlooLoss;
import dev.align4j.optimizers.optimizer.InputChecks;
import dev.align4j.optimizers.optimizer.ReferenceOptimizerBuilder;
import dev.align4j.optimizers.optimizer.ResumableOptimizer;
import dev.align4j.optimizers.optimizer.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Policy-gradient RLHF against any {@link RewardModel}: PPO with GAE and a value head, GRPO, RLOO and REINFORCE++, one
 * class with the {@link Algorithm} as a setting. One {@link #step(List)} on a batch of prompts:
 *
 * <ol>
 *   <li>rollout: sample {@code groupSize} completions per prompt from the current policy (this step's seeded
 *       generator), all of them in one {@link Policy#sampleBatch} call (each prompt repeated {@code groupSize} times,
 *       in prompt order), record their per-token log-probs under the policy (π_old: one {@code logProbsBatch}; for
 *       PPO one {@code forwardBatchWithValues}, which also gives the values; with one epoch and no value head the
 *       update's own {@code forwardBatch}, run here and kept for the update, since π_old is then the policy being
 *       differentiated — TRL's {@code num_iterations = 1}) and under the reference (one {@code logProbsBatch});
 *   <li>rewards: the reward model's scores (with several reward functions, TRL's {@code reward_funcs}, their
 *       weighted sum Σ_k w_k r_k); with {@link KlMode#REWARD_PENALTY} minus {@code β·KL} (k1 per token, as
 *       TRL's PPO and RLOO, {@link KlRewardShaping}), β from a {@link KlController};
 *   <li>advantages: PPO — GAE(γ, λ) on the per-token rewards and values, whitened (TRL); GRPO — group-normalised
 *       rewards ({@link GroupNormalizedAdvantages}; with several reward functions {@link MultiRewardAdvantages} and
 *       TRL's {@code multi_objective_aggregation}, default sum-then-normalise); RLOO — leave-one-out baseline
 *       ({@link RlooAdvantages});
 *       REINFORCE++ — batch-normalised discounted returns ({@link ReinforcePlusPlusAdvantages});
 *   <li>{@code epochs} optimiser steps on the rollout, each one {@code forwardBatch} ({@code forwardBatchWithValues}
 *       for PPO; the rollout's with one epoch) and one {@code backwardBatch} of the objective's flat per-token
 *       gradients as {@link TokenGradients.PerToken} (PPO: with the value gradients as a second {@code PerToken} laid
 *       out alike), with the algorithm's objective ({@link PpoLoss}, {@link GrpoLoss}, {@link RlooLoss};
 *       REINFORCE++ uses PPO's clipped surrogate without a value loss, as its paper); with {@link KlMode#LOSS_TERM}
 *       the loss also gets {@code β · token-mean k3(π‖π_ref)} (GRPO's form);
 *   <li>the KL controller is updated with the rollout's mean sequence KL (an {@link AdaptiveKlController} then moves
 *       β towards its target).
 * </ol>
 *
 * <p>Defaults per algorithm (TRL): PPO — 1 sample per prompt, 4 epochs, reward penalty with β from the controller
 * (default {@code FixedKlController(0.05)}, TRL's {@code kl_coef}), γ = 1, λ = 0.95; GRPO — 8 samples, 1 epoch, loss
 * term with β = 0 (TRL's default: no KL); RLOO — 2 samples, 1 epoch, reward penalty β = 0.05; REINFORCE++ — 1 sample,
 * 1 epoch, reward penalty β = 0.05. Sampling {@link SamplingParameters#DEFAULT}.
 *
 * <p>Metrics: {@code loss}, {@code reward} (mean raw score), {@code reward/std}, {@code kl} (mean over sequences of
 * Σ_t log π_old − log π_ref, TRL's {@code objective/kl}), {@code kl_coef}, {@code mean_length}; the training-health
 * metrics {@code frac_reward_zero_std} (TRL's: the share of samples whose group of raw scores has std ≤ 1e-8, from
 * {@link GroupNormalizedAdvantages}; groups of 2 or more), {@code kl/k3} (mean over sequences of Σ_t k3),
 * {@code entropy} (nats per token: the mean of the policy's exact per-token entropies when its forward passes give
 * them, {@link TrainablePolicy.Forward#tokenEntropies()}, with the sampled estimate −mean_t log π_old(y_t) then in
 * {@code entropy/sampled}; the sampled estimate otherwise, and always when π_old comes from {@code logProbsBatch},
 * i.e. more than one epoch without a value head), {@code completions/mean_length}
 * (tokens, TRL's name), {@code completions/mean_characters}, with several reward functions
 * {@code rewards/<k>/mean} (function k's raw mean), and with {@link Builder#rewardComponents} each
 * component's {@code rewards/<name>/mean} and {@code rewards/<name>/variance_share}
 * ({@link RolloutStatistics#varianceShares}); then the objective's metrics, {@code grad_norm},
 * {@code learning_rate}. The metrics returned are those of the last epoch; listeners receive every epoch's metrics
 * once the whole step has succeeded.
 *
 * <p>Sampler/trainer mismatch: with {@link Builder#sampler} the rollout is sampled by a separate engine whose per-token
 * log-probabilities ride in the batch next to π_old; {@link GrpoLoss} then weights the loss by the truncated or masked
 * importance ratio π_old / π_sampler (TRL's {@code vllm_importance_sampling_*}, default {@code sequence_mask}, cap 3)
 * and every step's metrics carry the mismatch metrics {@code sampling/sampling_logp_difference/mean} (mean
 * |Δ log p|), {@code /max}, {@code sampling/importance_sampling_ratio/{min,mean,max,corrected_fraction}} and the
 * sequence-ratio quantiles {@code sampling/sequence_ratio/p05 .. p95}.
 *
 * <p>Abstentions (GRPO and RLOO): a reward function that is an {@link AbstainingRewardModel} (a verifier, a groupwise
 * judge) is called through {@link AbstainingRewardModel#scoreAllOrAbstain}, and a sample on which any reward function
 * abstained ("could not score", not a 0) is left out of its group's baseline (mean and std,
 * {@link GroupNormalizedAdvantages#compute(double[], boolean[], int)}; RLOO's leave-one-out mean,
 * {@link RlooAdvantages#compute(double[], boolean[], int)}; GDPO's group and batch statistics), of the loss and every
 * normaliser in it (the objective sees the scored samples only; an abstained sample's tokens get a zero gradient), of
 * the KL loss term and of the reward metrics. A scored sample alone in its group gets advantage 0 (no baseline); a
 * group in which every sample abstained contributes nothing; a batch in which every sample abstained has loss 0 and a
 * zero gradient (the policy's optimiser still steps, as for a batch whose groups all have zero reward std). The
 * policy-side metrics ({@code kl}, {@code entropy}, lengths) still cover every sample. The step's metrics count them:
 * {@code num_reward_abstained}, {@code frac_reward_abstained} and {@code frac_groups_all_abstained}. PPO and
 * REINFORCE++ call {@code scoreAll}, i.e. the model's documented stand-in for an abstention.
 *
 * <p>All-or-nothing: one {@link #step(List)} is one unit, whatever {@code epochs} is. Before the first update the
 * controller is asked whether it would accept the rollout's KL ({@link KlController#checkUpdate}); if any epoch then
 * fails (a non-finite loss or gradient, an overflowing importance ratio), the policy's parameters, its optimiser
 * moments and step count, this optimiser's {@link #stepCount()}, the KL controller and its history are exactly as
 * before the step — the earlier epochs' updates are rolled back ({@link TrainingLoop#runAll}) — and no listener has
 * been called. With {@code epochs > 1} the policy must therefore be {@link Checkpointable}.
 */
public final class PolicyGradientOptimizer implements ResumableOptimizer<List<Prompt>> {
  private static final String KIND = "policy-gradient";

  /** The policy-gradient algorithm. */
  public enum Algorithm {
    /** PPO with GAE and a value head (Schulman et al. 2017; Ouyang et al. 2022). */
    PPO,
    /** Group Relative Policy Optimization (Shao et al. 2024, DeepSeekMath). */
    GRPO,
    /** REINFORCE Leave-One-Out (Ahmadian et al. 2024). */
    RLOO,
    /** REINFORCE++ (Hu 2025). */
    REINFORCE_PLUS_PLUS
  }

  /** Where the KL to the reference enters. */
  public enum KlMode {
    /** {@code r ← r − β·KL}, before the advantages (PPO, RLOO, REINFORCE++ in TRL and the papers). */
    REWARD_PENALTY,
    /** {@code loss ← loss + β·mean_t k3} (GRPO). */
    LOSS_TERM
  }

  private final TrainingLoop loop;
  private final Algorithm algorithm;
  private final List<RewardModel> rewardFunctions;
  private final double[] rewardWeights;
  private final Aggregation aggregation;
  private final Policy reference;
  private final PolicyGradientObjective objective;
  private final KlController kl;
  private final KlMode klMode;
  private final int groupSize;
  private final int epochs;
  private final SamplingParameters sampling;
  private final GaeEstimator gae;
  private final @Nullable RewardComponents rewardComponents;
  private final @Nullable Policy sampler;
  private final List<double[]> klHistory = new ArrayList<>();

  private PolicyGradientOptimizer(Builder b, TrainingLoop loop, Policy reference) {
    this.loop = loop;
    this.algorithm = b.algorithm;
    this.rewardFunctions = b.rewardFunctions;
    this.rewardWeights =
        b.rewardWeights != null ? b.rewardWeights.clone() : ones(b.rewardFunctions.size());
    this.aggregation = b.aggregation;
    this.reference = reference;
    this.klMode =
        b.klMode != null
            ? b.klMode
            : (b.algorithm == Algorithm.GRPO ? KlMode.LOSS_TERM : KlMode.REWARD_PENALTY);
    KlController controller = b.kl;
    this.kl =
        controller != null
            ? controller
            : new FixedKlController(b.algorithm == Algorithm.GRPO ? 0.0 : 0.05);
    this.groupSize = b.groupSize > 0 ? b.groupSize : defaultGroupSize(b.algorithm);
    this.epochs = b.epochs > 0 ? b.epochs : (b.algorithm == Algorithm.PPO ? 4 : 1);
    this.sampling = b.sampling;
    this.gae = b.gae;
    this.rewardComponents = b.rewardComponents;
    this.sampler = b.sampler;
    PolicyGradientObjective o = b.objective;
    this.objective = o != null ? o : defaultObjective(b.algorithm);
  }

  private static double[] ones(int n) {
    double[] w = new double[n];
    Arrays.fill(w, 1.0);
    return w;
  }

  private static int defaultGroupSize(Algorithm a) {
    switch (a) {
      case GRPO:
        return 8;
      case RLOO:
        return 2;
      default:
        return 1;
    }
  }

  private static PolicyGradientObjective defaultObjective(Algorithm a) {
    switch (a) {
      case PPO:
        return PpoLoss.builder().build();
      case GRPO:
        return GrpoLoss.builder().build();
      case RLOO:
        return RlooLoss.builder().build();
      default:
        return PpoLoss.builder().vfCoef(0.0).build();
    }
  }

  /** A builder for {@code algorithm} training {@code policy} against {@code rewardModel}. */
  public static Builder builder(
      Algorithm algorithm, TrainablePolicy policy, RewardModel rewardModel) {
    return new Builder(algorithm, policy, List.of(Require.nonNull("rewardModel", rewardModel)));
  }

  /**
   * A builder for {@code algorithm} training {@code policy} against several reward functions (TRL's
   * {@code reward_funcs}), weighted by {@link Builder#rewardWeights} (default all 1) and aggregated per
   * {@link Builder#multiObjectiveAggregation} (GRPO).
   */
  public static Builder builder(
      Algorithm algorithm, TrainablePolicy policy, List<? extends RewardModel> rewardFunctions) {
    Require.nonNull("rewardFunctions", rewardFunctions);
    Require.argument(
        !rewardFunctions.isEmpty(),
        "rewardFunctions must hold at least one reward model, was empty");
    for (int i = 0; i < rewardFunctions.size(); i++) {
      Require.nonNull("rewardFunctions[" + i + "]", rewardFunctions.get(i));
    }
    return new Builder(algorithm, policy, List.copyOf(rewardFunctions));
  }

  /**
   * The samples of one rollout, their per-token arrays laid end to end in sample order (sample i's tokens at
   * {@code offsets[i] .. offsets[i + 1]}), the layout of {@link PolicyGradientBatch} and of
   * {@link TokenGradients.PerToken}.
   */
  private static final class Rollout {
    final List<Prompt> prompts = new ArrayList<>();
    final List<Completion> completions = new ArrayList<>();
    int[] lengths;
    int[] offsets;
    double[] oldLogProbs;
    double @Nullable [] samplerLogProbs;
    double[] refLogProbs;
    double[] scores;
    double[][] componentScores = new double[0][];

    /** Per sample: false when a reward function abstained (GRPO and RLOO only; all true otherwise). */
    boolean[] scored;

    /** The number of samples with {@code scored[i] == false}. */
    int abstained;

    /** π_old's exact per-token entropies, when every forward pass of the rollout gave them; else null. */
    double @Nullable [] entropies;

    double @Nullable [] oldValues;
    double[] advantages;
    double @Nullable [] returns;

    /** With one epoch and no value head: the update's forward passes, run in the rollout to give π_old. */
    @Nullable List<? extends TrainablePolicy.Forward> forwards;

    Rollout(int n) {
      lengths = new int[n];
      offsets = new int[n + 1];
      scores = new double[n];
      scored = new boolean[n];
      Arrays.fill(scored, true);
      oldLogProbs = new double[0];
      refLogProbs = new double[0];
      advantages = new double[0];
    }
  }

  @Override
  public StepMetrics step(List<Prompt> prompts) {
    InputChecks.batch("prompts", prompts);
    for (int i = 0; i < prompts.size(); i++) {
      InputChecks.prompt("prompts[" + i + "]", prompts.get(i));
    }
    RandomGenerator random = loop.randomForStep(loop.stepCount() + 1);
    Rollout r = rollout(prompts, random);
    double beta = kl.coefficient();
    double[] seqKl = KlEstimator.K1.sequenceSums(r.lengths, r.oldLogProbs, r.refLogProbs, null);
    double meanKl = mean(seqKl);
    int samples = r.lengths.length;
    kl.checkUpdate(
        meanKl, samples); // a KL the controller would refuse stops the step before anything changes
    advantages(r, beta);
    double[] scoredRewards = scoredValues(r.scores, r.scored);
    double rewardMean = scoredRewards.length == 0 ? Double.NaN : mean(scoredRewards);
    double rewardStd = scoredRewards.length == 0 ? Double.NaN : std(scoredRewards, rewardMean);
    double meanLength = 0;
    for (int l : r.lengths) {
      meanLength += l;
    }
    meanLength /= r.lengths.length;
    double len = meanLength;
    Map<String, Double> health =
        healthMetrics(
            r, KlEstimator.K3.sequenceSums(r.lengths, r.oldLogProbs, r.refLogProbs, null));
    String description = loop.describe(prompts.size(), "prompts", prompts.get(0).text());
    List<StepMetrics> done =
        loop.runAll(
            description,
            epochs,
            (metrics, rnd) -> {
              if (scoredRewards.length > 0) {
                metrics.put("reward", rewardMean);
                metrics.put("reward/std", rewardStd);
              }
              metrics.put("kl", meanKl);
              metrics.put("kl_coef", beta);
              metrics.put("mean_length", len);
              if (r.componentScores.length > 1) {
                for (int k = 0; k < r.componentScores.length; k++) {
                  double[] c = scoredValues(r.componentScores[k], r.scored);
                  if (c.length > 0) {
                    metrics.put("rewards/" + k + "/mean", mean(c));
                  }
                }
              }
              metrics.putAll(health);
              return update(r, beta, metrics);
            },
            () -> {
              kl.update(meanKl, samples);
              klHistory.add(new double[] {meanKl, samples});
            });
    return done.get(done.size() - 1);
  }

  /**
   * The rollout's training-health metrics (TRL's names where TRL has one): {@code frac_reward_zero_std},
   * {@code kl/k3}, {@code entropy}, {@code completions/mean_length}, {@code completions/mean_characters} and, with
   * reward components, {@code rewards/<name>/mean} and {@code rewards/<name>/variance_share}.
   */
  private Map<String, Double> healthMetrics(Rollout r, double[] seqK3) {
    Map<String, Double> m = new LinkedHashMap<>();
    int n = r.lengths.length;
    if (groupSize >= 2) {
      // TRL's statistic, where the group normalisation computes it
      Double zeroStd =
          GroupNormalizedAdvantages.builder()
              .build()
              .compute(r.scores, r.scored, groupSize)
              .metrics()
              .get("frac_reward_zero_std");
      if (zeroStd != null && !zeroStd.isNaN()) {
        m.put("frac_reward_zero_std", zeroStd);
      }
    }
    if (masksAbstentions()) {
      m.put("num_reward_abstained", (double) r.abstained);
      m.put("frac_reward_abstained", (double) r.abstained / n);
      if (r.abstained > 0) {
        int wholeGroups = 0;
        for (int p = 0; p < n / groupSize; p++) {
          boolean any = false;
          for (int g = p * groupSize; g < (p + 1) * groupSize; g++) {
            any |= r.scored[g];
          }
          wholeGroups += any ? 0 : 1;
        }
        m.put("frac_groups_all_abstained", (double) wholeGroups / (n / groupSize));
      } else {
        m.put("frac_groups_all_abstained", 0.0);
      }
    }
    m.put("kl/k3", mean(seqK3));
    double logProbSum = 0;
    for (double lp : r.oldLogProbs) {
      logProbSum += lp;
    }
    if (r.oldLogProbs.length > 0) {
      double sampled = -logProbSum / r.oldLogProbs.length;
      double[] exact = r.entropies;
      if (exact != null) {
        double h = 0;
        for (double e : exact) {
          h += e;
        }
        m.put("entropy", h / exact.length);
        m.put("entropy/sampled", sampled);
      } else {
        m.put("entropy", sampled);
      }
    }
    double tokens = 0;
    double characters = 0;
    for (int i = 0; i < n; i++) {
      tokens += r.lengths[i];
      characters += r.completions.get(i).text().length();
    }
    m.put("completions/mean_length", tokens / n);
    m.put("completions/mean_characters", characters / n);
    RewardComponents components = rewardComponents;
    if (components != null) {
      Map<String, double[]> byName = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        Map<String, Double> c = components.components(r.prompts.get(i), r.completions.get(i));
        for (Map.Entry<String, Double> e : c.entrySet()) {
          byName.computeIfAbsent(e.getKey(), k -> new double[n])[i] =
              Require.finite(
                  "reward component " + e.getKey() + " of " + sampleName(i), e.getValue());
        }
      }
      Map<String, Double> shares = RolloutStatistics.varianceShares(byName);
      for (Map.Entry<String, double[]> e : byName.entrySet()) {
        m.put("rewards/" + e.getKey() + "/mean", mean(e.getValue()));
        Double share = shares.get(e.getKey());
        if (share != null) {
          m.put("rewards/" + e.getKey() + "/variance_share", share);
        }
      }
    }
    return m;
  }

  private Rollout rollout(List<Prompt> prompts, RandomGenerator random) {
    TrainablePolicy policy = loop.policy();
    int n = prompts.size() * groupSize;
    Rollout r = new Rollout(n);
    // every sample of the step in one batch call: prompt p repeated groupSize times, prompt order
    List<Prompt> repeated = new ArrayList<>(n);
    for (Prompt prompt : prompts) {
      for (int g = 0; g < groupSize; g++) {
        repeated.add(prompt);
      }
    }
    // a separate sampling engine (simulated vLLM, quantised or stale copy) samples when one is set
    Policy source = sampler != null ? sampler : policy;
    List<Completion> sampled =
        InputChecks.namedBatch(
            this::sampleName, () -> source.sampleBatch(repeated, sampling, random));
    Require.argument(
        sampled.size() == n, "policy must return %d samples, returned %d", n, sampled.size());
    r.componentScores = new double[rewardFunctions.size()][n];
    for (int p = 0; p < prompts.size(); p++) {
      Prompt prompt = prompts.get(p);
      List<Completion> group = sampled.subList(p * groupSize, (p + 1) * groupSize);
      for (int k = 0; k < rewardFunctions.size(); k++) {
        String model = rewardFunctions.size() == 1 ? "reward model" : "reward function " + k;
        RewardModel function = rewardFunctions.get(k);
        boolean mayAbstain = masksAbstentions() && function instanceof AbstainingRewardModel;
        double[] scores =
            mayAbstain
                ? ((AbstainingRewardModel) function).scoreAllOrAbstain(prompt, group)
                : function.scoreAll(prompt, group);
        Require.argument(
            scores.length == groupSize,
            "%s must return %d scores, returned %d",
            model,
            groupSize,
            scores.length);
        for (int g = 0; g < groupSize; g++) {
          int i = p * groupSize + g;
          if (mayAbstain && AbstainingRewardModel.isAbstention(scores[g])) {
            r.componentScores[k][i] = Double.NaN;
            if (r.scored[i]) {
              r.scored[i] = false;
              r.abstained++;
            }
            continue;
          }
          Require.argument(
              Double.isFinite(scores[g]),
              "%s of %s (\"%s\") must be finite, was %s",
              rewardFunctions.size() == 1 ? "reward" : model + "'s reward",
              sampleName(p * groupSize + g),
              Require.abbreviate(group.get(g).text(), 40),
              scores[g]);
          r.componentScores[k][i] = scores[g];
          r.scores[i] += rewardWeights[k] * scores[g];
        }
      }
      for (int g = 0; g < groupSize; g++) {
        if (!r.scored[p * groupSize + g]) {
          r.scores[p * groupSize + g] =
              0.0; // not a reward: left out of every statistic and the loss
        }
      }
      for (int g = 0; g < groupSize; g++) {
        r.prompts.add(prompt);
        r.completions.add(group.get(g));
      }
    }
    // π_old (with the values for PPO) and π_ref of the whole rollout, one batch call each
    List<TokenLogProbs> old;
    List<? extends ValueHeadPolicy.ValueForward> valueForwards = null;
    if (algorithm == Algorithm.PPO) {
      List<? extends ValueHeadPolicy.ValueForward> f =
          InputChecks.namedBatch(
              this::sampleName,
              () -> ((ValueHeadPolicy) policy).forwardBatchWithValues(r.prompts, r.completions));
      old = new ArrayList<>(n);
      for (ValueHeadPolicy.ValueForward v : f) {
        old.add(v.logProbs());
      }
      valueForwards = f;
      r.entropies = entropiesOf(f, old);
    } else if (epochs == 1) {
      // one epoch: π_old is the policy the update differentiates, so the update's forward passes
      // run here and their log-probs are π_old (TRL's num_iterations = 1), instead of a separate
      // logProbsBatch of the same numbers
      List<? extends TrainablePolicy.Forward> f =
          InputChecks.namedBatch(
              this::sampleName, () -> policy.forwardBatch(r.prompts, r.completions));
      old = new ArrayList<>(n);
      for (TrainablePolicy.Forward forward : f) {
        old.add(forward.logProbs());
      }
      r.forwards = f;
      r.entropies = entropiesOf(f, old);
    } else {
      old =
          InputChecks.namedBatch(
              this::sampleName, () -> policy.logProbsBatch(r.prompts, r.completions));
    }
    for (int i = 0; i < n; i++) {
      r.lengths[i] = InputChecks.tokens(sampleName(i), old.get(i)).length();
      r.offsets[i + 1] = r.offsets[i] + r.lengths[i];
    }
    List<TokenLogProbs> ref =
        InputChecks.namedBatch(
            this::sampleName, () -> reference.logProbsBatch(r.prompts, r.completions));
    for (int i = 0; i < n; i++) {
      Require.argument(
          ref.get(i).length() == r.lengths[i],
          "reference and policy must score completions with the same number of tokens (same shape), "
              + "policy had %d and reference %d for %s",
          r.lengths[i],
          ref.get(i).length(),
          sampleName(i));
    }
    int tokens = r.offsets[n];
    r.oldLogProbs = new double[tokens];
    r.refLogProbs = new double[tokens];
    for (int i = 0; i < n; i++) {
      System.arraycopy(old.get(i).values(), 0, r.oldLogProbs, r.offsets[i], r.lengths[i]);
      System.arraycopy(ref.get(i).values(), 0, r.refLogProbs, r.offsets[i], r.lengths[i]);
    }
    if (sampler != null) {
      r.samplerLogProbs = samplerLogProbs(sampler, r);
    }
    if (valueForwards != null) {
      double[] values = new double[tokens];
      for (int i = 0; i < n; i++) {
        System.arraycopy(valueForwards.get(i).values(), 0, values, r.offsets[i], r.lengths[i]);
      }
      r.oldValues = values;
    }
    return r;
  }

  /**
   * The sampling engine's per-token log-probabilities of the rollout, laid out as π_old: those the engine attached to
   * its completions ({@link Completion#tokenLogProbs()}, as vLLM returns them), else one {@code logProbsBatch} of the
   * engine; either way one per token the trainer scored.
   */
  private double[] samplerLogProbs(Policy engine, Rollout r) {
    int n = r.lengths.length;
    double[] out = new double[r.offsets[n]];
    boolean attached = true;
    for (Completion c : r.completions) {
      attached &= c.hasTokenLogProbs();
    }
    List<double[]> perSample = new ArrayList<>(n);
    if (attached) {
      for (Completion c : r.completions) {
        perSample.add(c.tokenLogProbs());
      }
    } else {
      List<TokenLogProbs> scored =
          InputChecks.namedBatch(
              this::sampleName, () -> engine.logProbsBatch(r.prompts, r.completions));
      for (TokenLogProbs t : scored) {
        perSample.add(t.values());
      }
    }
    for (int i = 0; i < n; i++) {
      double[] lp = perSample.get(i);
      Require.argument(
          lp.length == r.lengths[i],
          "the sampler's log-probabilities of %s must have the %d tokens the policy scored, had %d",
          sampleName(i),
          r.lengths[i],
          lp.length);
      System.arraycopy(lp, 0, out, r.offsets[i], lp.length);
    }
    return out;
  }

  /** The name of rollout sample {@code i} in messages: {@code prompts[p] sample g}. */
  private String sampleName(int i) {
    return "prompts[" + i / groupSize + "] sample " + i % groupSize;
  }

  private void advantages(Rollout r, double beta) {
    boolean penalty = klMode == KlMode.REWARD_PENALTY;
    double b = penalty ? beta : 0.0;
    switch (algorithm) {
      case PPO:
        {
          double[] tokenRewards =
              KlRewardShaping.tokenRewards(
                  r.lengths, r.scores, r.oldLogProbs, r.refLogProbs, KlEstimator.K1, b);
          double[] oldValues = r.oldValues;
          TokenAdvantages a =
              gae.estimate(r.lengths, tokenRewards, oldValues == null ? new double[0] : oldValues);
          r.advantages = Whitening.whiten(a.advantages(), null, true);
          r.returns = a.returns();
          break;
        }
      case REINFORCE_PLUS_PLUS:
        {
          double[] tokenRewards =
              KlRewardShaping.tokenRewards(
                  r.lengths, r.scores, r.oldLogProbs, r.refLogProbs, KlEstimator.K1, b);
          r.advantages =
              ReinforcePlusPlusAdvantages.builder()
                  .build()
                  .estimate(r.lengths, tokenRewards, null)
                  .advantages();
          break;
        }
      case GRPO:
      case RLOO:
        {
          double[] seq =
              KlRewardShaping.sequenceRewards(
                  r.scores, r.lengths, r.oldLogProbs, r.refLogProbs, null, KlEstimator.K1, b);
          double[] perSequence;
          if (algorithm == Algorithm.GRPO && aggregation == Aggregation.NORMALIZE_THEN_SUM) {
            // the KL enters as a loss term here (checked by the builder), so seq == scores
            List<String> names = new ArrayList<>();
            for (int k = 0; k < r.componentScores.length; k++) {
              names.add(Integer.toString(k));
            }
            perSequence =
                MultiRewardAdvantages.builder()
                    .aggregation(aggregation)
                    .build()
                    .compute(r.componentScores, rewardWeights, names, r.scored, groupSize)
                    .advantages();
          } else if (algorithm == Algorithm.GRPO) {
            perSequence =
                GroupNormalizedAdvantages.builder()
                    .build()
                    .compute(seq, r.scored, groupSize)
                    .advantages();
          } else {
            perSequence = RlooAdvantages.builder().build().compute(seq, r.scored, groupSize);
          }
          r.advantages = broadcast(perSequence, r.lengths);
          break;
        }
      default:
        throw new IllegalStateException("unknown algorithm " + algorithm);
    }
  }

  private double update(Rollout r, double beta, Map<String, Double> metrics) {
    TrainablePolicy policy = loop.policy();
    int n = r.lengths.length;
    List<? extends TrainablePolicy.Forward> forwards;
    List<? extends ValueHeadPolicy.ValueForward> valueForwards = null;
    if (algorithm == Algorithm.PPO) {
      valueForwards =
          InputChecks.namedBatch(
              this::sampleName,
              () -> ((ValueHeadPolicy) policy).forwardBatchWithValues(r.prompts, r.completions));
      forwards = valueForwards;
    } else if (r.forwards != null) {
      forwards = r.forwards;
      r.forwards = null; // a forward pass is back-propagated once
    } else {
      forwards =
          InputChecks.namedBatch(
              this::sampleName, () -> policy.forwardBatch(r.prompts, r.completions));
    }
    // the objective reads the batch's tokens end to end (the rollout's layout)
    double[] logProbs = new double[r.oldLogProbs.length];
    double[] values = valueForwards == null ? null : new double[logProbs.length];
    for (int i = 0; i < n; i++) {
      double[] lp = forwards.get(i).logProbs().values();
      Require.argument(
          lp.length == r.lengths[i],
          "%s must have the %d tokens it had in the rollout, had %d",
          sampleName(i),
          r.lengths[i],
          lp.length);
      System.arraycopy(lp, 0, logProbs, r.offsets[i], lp.length);
      if (values != null) {
        System.arraycopy(valueForwards.get(i).values(), 0, values, r.offsets[i], lp.length);
      }
    }
    double loss;
    double[] grad;
    double @Nullable [] gradValues = null;
    if (r.abstained == 0) {
      PolicyGradientBatch batch =
          new PolicyGradientBatch(
              r.lengths,
              logProbs,
              r.oldLogProbs,
              r.samplerLogProbs,
              r.refLogProbs,
              r.advantages,
              null,
              values,
              values == null ? null : r.oldValues,
              values == null ? null : r.returns,
              null);
      PolicyGradientResult res = objective.evaluate(batch);
      loss = res.loss();
      grad = res.gradLogProbs().clone(); // the objective's result stays as it returned it
      gradValues = res.gradValues();
      new TreeMap<>(res.metrics()).forEach(metrics::putIfAbsent);
    } else {
      // abstained samples leave the batch: the loss, its normalisers and the objective's metrics
      // are those of the
      // scored samples alone, and the abstained samples' tokens get a zero gradient
      grad = new double[logProbs.length];
      loss = 0.0;
      Kept kept = Kept.of(r.scored, r.lengths, r.offsets);
      if (kept.lengths.length > 0) {
        PolicyGradientBatch batch =
            new PolicyGradientBatch(
                kept.lengths,
                kept.gather(logProbs),
                kept.gather(r.oldLogProbs),
                r.samplerLogProbs == null ? null : kept.gather(r.samplerLogProbs),
                kept.gather(r.refLogProbs),
                kept.gather(r.advantages),
                null,
                null,
                null,
                null,
                null);
        PolicyGradientResult res = objective.evaluate(batch);
        loss = res.loss();
        kept.scatter(res.gradLogProbs(), grad);
        new TreeMap<>(res.metrics()).forEach(metrics::putIfAbsent);
      }
    }
    if (klMode == KlMode.LOSS_TERM && beta > 0) {
      double k = 0;
      int tokens = 0;
      for (int i = 0; i < n; i++) {
        if (r.scored[i]) {
          tokens += r.lengths[i];
        }
      }
      for (int i = 0; i < n; i++) {
        if (!r.scored[i]) {
          continue;
        }
        for (int j = r.offsets[i]; j < r.offsets[i + 1]; j++) {
          k += KlEstimator.K3.estimate(logProbs[j], r.refLogProbs[j]);
          grad[j] += beta * KlEstimator.K3.gradient(logProbs[j], r.refLogProbs[j]) / tokens;
        }
      }
      if (tokens > 0) {
        loss += beta * k / tokens;
        metrics.put("kl/k3_token_mean", k / tokens);
      }
    }
    if (Double.isFinite(loss)) {
      // one batch backward pass over the objective's flat per-token gradients, read in place
      TokenGradients.PerToken dLogProbs =
          new TokenGradients.PerToken(
              TrainingLoop.requireFiniteGradients("∂loss/∂log π token", grad), r.offsets);
      if (valueForwards != null) {
        double[] gv = gradValues;
        double[] dValues =
            gv == null
                ? new double[grad.length]
                : TrainingLoop.requireFiniteGradients("∂loss/∂V token", gv);
        ((ValueHeadPolicy) policy)
            .backwardBatch(
                valueForwards, dLogProbs, new TokenGradients.PerToken(dValues, r.offsets));
      } else {
        policy.backwardBatch(forwards, dLogProbs);
      }
    }
    return loss;
  }

  /**
   * The forward passes' exact per-token entropies laid end to end, or null when any pass does not give them (or gives
   * a count that does not match its tokens, or a value that is not finite and non-negative).
   */
  private static double @Nullable [] entropiesOf(
      List<? extends TrainablePolicy.Forward> forwards, List<TokenLogProbs> logProbs) {
    int total = 0;
    List<double[]> parts = new ArrayList<>(forwards.size());
    for (int i = 0; i < forwards.size(); i++) {
      double[] e = forwards.get(i).tokenEntropies();
      if (e == null || e.length != logProbs.get(i).length()) {
        return null;
      }
      for (double v : e) {
        if (!(v >= 0) || Double.isInfinite(v)) {
          return null;
        }
      }
      parts.add(e);
      total += e.length;
    }
    double[] out = new double[total];
    int t = 0;
    for (double[] e : parts) {
      System.arraycopy(e, 0, out, t, e.length);
      t += e.length;
    }
    return out;
  }

  /** Whether abstentions are left out of the baselines and the loss: GRPO and RLOO, whose baselines are per group. */
  private boolean masksAbstentions() {
    return algorithm == Algorithm.GRPO || algorithm == Algorithm.RLOO;
  }

  private static double[] scoredValues(double[] values, boolean[] scored) {
    int c = 0;
    for (boolean b : scored) {
      c += b ? 1 : 0;
    }
    double[] out = new double[c];
    int j = 0;
    for (int i = 0; i < values.length; i++) {
      if (scored[i]) {
        out[j++] = values[i];
      }
    }
    return out;
  }

  /** The scored samples of a rollout, and their tokens' places in the rollout's flat per-token layout. */
  private static final class Kept {
    final int[] lengths;
    final int[] tokenIndex;

    private Kept(int[] lengths, int[] tokenIndex) {
      this.lengths = lengths;
      this.tokenIndex = tokenIndex;
    }

    static Kept of(boolean[] scored, int[] lengths, int[] offsets) {
      int samples = 0;
      int tokens = 0;
      for (int i = 0; i < scored.length; i++) {
        if (scored[i]) {
          samples++;
          tokens += lengths[i];
        }
      }
      int[] keptLengths = new int[samples];
      int[] index = new int[tokens];
      int s = 0;
      int t = 0;
      for (int i = 0; i < scored.length; i++) {
        if (scored[i]) {
          keptLengths[s++] = lengths[i];
          for (int j = offsets[i]; j < offsets[i + 1]; j++) {
            index[t++] = j;
          }
        }
      }
      return new Kept(keptLengths, index);
    }

    /** The kept tokens' values of a rollout-wide per-token array. */
    double[] gather(double[] all) {
      double[] out = new double[tokenIndex.length];
      for (int t = 0; t < out.length; t++) {
        out[t] = all[tokenIndex[t]];
      }
      return out;
    }

    /** Writes the kept tokens' values back to their places in a rollout-wide array. */
    void scatter(double[] kept, double[] all) {
      for (int t = 0; t < kept.length; t++) {
        all[tokenIndex[t]] = kept[t];
      }
    }
  }

  private static double[] broadcast(double[] perSequence, int[] lengths) {
    int total = 0;
    for (int l : lengths) {
      total += l;
    }
    double[] out = new double[total];
    int t = 0;
    for (int i = 0; i < lengths.length; i++) {
      for (int k = 0; k < lengths[i]; k++) {
        out[t++] = perSequence[i];
      }
    }
    return out;
  }

  private static double std(double[] a, double mean) {
    if (a.length < 2) {
      return 0;
    }
    double s = 0;
    for (double v : a) {
      s += (v - mean) * (v - mean);
    }
    return Math.sqrt(s / (a.length - 1));
  }

  @Override
  public long stepCount() {
    return loop.stepCount();
  }

  /** The trained policy. */
  public TrainablePolicy policy() {
    return loop.policy();
  }

  /** The KL controller (its {@link KlController#coefficient()} is the current β). */
  public KlController klController() {
    return kl;
  }

  /** The algorithm. */
  public Algorithm algorithm() {
    return algorithm;
  }

  @Override
  public void saveCheckpoint(Path path) throws IOException {
    Require.argument(
        kl instanceof FixedKlController || kl instanceof AdaptiveKlController,
        "KL controller %s cannot be checkpointed (only FixedKlController and AdaptiveKlController)",
        kl.getClass().getName());
    loop.save(
        path,
        KIND,
        out -> {
          out.writeInt(klHistory.size());
          for (double[] h : klHistory) {
            out.writeDouble(h[0]);
            out.writeDouble(h[1]);
          }
        });
  }

  @Override
  public void restoreCheckpoint(Path path) throws IOException {
    loop.restore(
        path,
        KIND,
        in -> {
          int n = in.readInt();
          Require.argument(n >= 0, "KL history length must be >= 0, was %d", n);
          List<double[]> history = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            history.add(new double[] {in.readDouble(), in.readDouble()});
          }
          if (kl instanceof AdaptiveKlController) {
            AdaptiveKlController a = (AdaptiveKlController) kl;
            a.reset();
            for (double[] h : history) {
              a.update(h[0], (long) h[1]);
            }
          }
          klHistory.clear();
          klHistory.addAll(history);
        });
  }

  /**
   * Configures a {@link PolicyGradientOptimizer}. Defaults: schedule constant 1e-6 (TRL's GRPO/RLOO
   * {@code learning_rate}); seed 42 and the reference as in {@link ReferenceOptimizerBuilder}.
   */
  public static final class Builder extends ReferenceOptimizerBuilder<Builder> {
    private final Algorithm algorithm;
    private final TrainablePolicy policy;
    private final List<RewardModel> rewardFunctions;
    private double @Nullable [] rewardWeights;
    private Aggregation aggregation = Aggregation.SUM_THEN_NORMALIZE;
    private @Nullable PolicyGradientObjective objective;
    private @Nullable KlController kl;
    private @Nullable KlMode klMode;
    private int groupSize;
    private int epochs;
    private SamplingParameters sampling = SamplingParameters.DEFAULT;
    private GaeEstimator gae = GaeEstimator.builder().build();
    private @Nullable RewardComponents rewardComponents;
    private @Nullable Policy sampler;

    private Builder(
        Algorithm algorithm, TrainablePolicy policy, List<RewardModel> rewardFunctions) {
      super(Require.nonNull("policy", policy), LearningRateSchedule.constant(1e-6));
      this.algorithm = Require.nonNull("algorithm", algorithm);
      this.policy = policy;
      this.rewardFunctions = rewardFunctions;
    }

    /**
     * One finite weight per reward function (TRL's {@code reward_weights}); default all 1. The sample's reward is
     * Σ_k w_k r_k.
     */
    public Builder rewardWeights(double... weights) {
      Require.nonNull("rewardWeights", weights);
      Require.argument(
          weights.length == rewardFunctions.size(),
          "rewardWeights must hold one weight per reward function (%d), had %d",
          rewardFunctions.size(),
          weights.length);
      this.rewardWeights = Require.allFinite("rewardWeights", weights.clone());
      return this;
    }

    /**
     * How GRPO turns several reward functions into advantages (TRL's {@code multi_objective_aggregation}): default
     * {@link Aggregation#SUM_THEN_NORMALIZE} (TRL's default); {@link Aggregation#NORMALIZE_THEN_SUM} is GDPO
     * ({@link MultiRewardAdvantages}), GRPO only and with the KL as a loss term.
     */
    public Builder multiObjectiveAggregation(Aggregation aggregation) {
      this.aggregation = Require.nonNull("multi_objective_aggregation", aggregation);
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** The objective (default per algorithm: PpoLoss, GrpoLoss, RlooLoss, PpoLoss without value loss). */
    public Builder objective(PolicyGradientObjective objective) {
      this.objective = Require.nonNull("objective", objective);
      return this;
    }

    /** The KL coefficient's controller (default fixed β: 0.05, or 0 for GRPO). */
    public Builder klController(KlController controller) {
      this.kl = Require.nonNull("controller", controller);
      return this;
    }

    /** Where the KL enters (default: loss term for GRPO, reward penalty otherwise). */
    public Builder klMode(KlMode mode) {
      this.klMode = Require.nonNull("mode", mode);
      return this;
    }

    /** Completions sampled per prompt (default 8 for GRPO, 2 for RLOO, 1 otherwise); ≥ 2 for GRPO and RLOO. */
    public Builder groupSize(int groupSize) {
      this.groupSize = Require.positive("groupSize", groupSize);
      return this;
    }

    /** Optimiser steps per rollout (default 4 for PPO, TRL's {@code num_ppo_epochs}; 1 otherwise). */
    public Builder epochs(int epochs) {
      this.epochs = Require.positive("epochs", epochs);
      return this;
    }

    /** How to sample (default {@link SamplingParameters#DEFAULT}). */
    public Builder sampling(SamplingParameters sampling) {
      this.sampling = Require.nonNull("sampling", sampling);
      return this;
    }

    /** The GAE estimator for PPO (default γ = 1, λ = 0.95). */
    public Builder gae(GaeEstimator gae) {
      this.gae = Require.nonNull("gae", gae);
      return this;
    }

    /**
     * The components of the reward (for a composite reward: its per-component scores), read for every sample so that
     * the metrics carry {@code rewards/<name>/mean} and {@code rewards/<name>/variance_share} (default none).
     */
    public Builder rewardComponents(RewardComponents components) {
      this.rewardComponents = Require.nonNull("components", components);
      return this;
    }

    /**
     * A separate sampling engine (vLLM, a quantised or stale copy of the policy, another runtime): the rollout's
     * completions are sampled by it instead of by the trained policy, and the batch carries its per-token
     * log-probabilities (those attached to its completions, else its {@code logProbsBatch}) next to the trainer's
     * π_old, so that the objective corrects the mismatch ({@link GrpoLoss}'s {@code SamplerCorrection}, TRL's
     * {@code vllm_importance_sampling_*}) and reports the {@code sampling/*} metrics every step. GRPO only; default
     * none (the trained policy samples).
     */
    public Builder sampler(Policy sampler) {
      this.sampler = Require.nonNull("sampler", sampler);
      return this;
    }

    /**
     * Builds the optimiser.
     *
     * @throws IllegalArgumentException when PPO is asked of a policy without a value head, GRPO/RLOO with groups
     *     smaller than 2, or more than one epoch of a policy that is not {@link Checkpointable}
     */
    public PolicyGradientOptimizer build() {
      Require.argument(
          algorithm != Algorithm.PPO || policy instanceof ValueHeadPolicy,
          "PPO needs a ValueHeadPolicy (a value head for GAE), the policy is %s",
          policy.getClass().getName());
      int e = epochs > 0 ? epochs : (algorithm == Algorithm.PPO ? 4 : 1);
      Require.argument(
          e == 1 || policy instanceof Checkpointable,
          "epochs > 1 needs a Checkpointable policy (a failed later epoch rolls the step back to its state before the "
              + "first epoch), was %d epochs with %s; implement Checkpointable or set epochs(1)",
          e,
          policy.getClass().getName());
      int g = groupSize > 0 ? groupSize : defaultGroupSize(algorithm);
      Require.argument(
          (algorithm != Algorithm.GRPO && algorithm != Algorithm.RLOO) || g >= 2,
          "groupSize must be >= 2 for %s (the baseline needs other samples of the prompt), was %d",
          algorithm,
          g);
      if (aggregation == Aggregation.NORMALIZE_THEN_SUM) {
        Require.argument(
            algorithm == Algorithm.GRPO,
            "multi_objective_aggregation=normalize_then_sum applies to GRPO's group advantages, the algorithm is %s",
            algorithm);
        Require.argument(
            klMode == null || klMode == KlMode.LOSS_TERM,
            "multi_objective_aggregation=normalize_then_sum needs the KL as a loss term (GRPO's default), "
                + "was klMode %s (a reward penalty is not one of the normalised reward functions)",
            klMode);
      }
      Require.argument(
          sampler == null || algorithm == Algorithm.GRPO,
          "a separate sampler needs GRPO (its objective corrects the sampler/trainer mismatch), the algorithm is %s",
          algorithm);
      return new PolicyGradientOptimizer(this, buildLoop(), referenceOrFrozenCopyOf(policy));
    }
  }
}
