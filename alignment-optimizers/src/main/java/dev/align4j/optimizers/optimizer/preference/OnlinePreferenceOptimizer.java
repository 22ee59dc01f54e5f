package dev.align4j.optimizers.optimizer.preference;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.Policy;
import dev.align4j.core.RewardModel;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.reward.ImplicitReward;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.optimizer.InputChecks;
import dev.align4j.optimizers.optimizer.ReferenceOptimizerBuilder;
import dev.align4j.optimizers.optimizer.ResumableOptimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Online and iterative preference optimisation: sample k completions per prompt, label them with a
 * {@link RewardModel} or any {@link FeedbackSource} (a human queue, an AI judge, a rule), turn each prompt's samples
 * into one (best, worst) pair and train with any {@link PairwiseObjective} (online DPO: Guo et al. 2024, "Direct
 * Language Model Alignment from Online AI Feedback"; TRL's {@code OnlineDPOTrainer}).
 *
 * <ul>
 *   <li>{@link #step(List)} — fully online: sample, label and take one optimiser step on the fresh pairs;
 *   <li>{@link #round(List, int)} — iterative DPO (Xu et al. 2023; Xiong et al. 2024): sample and label every prompt
 *       with the policy as it is at the start of the round, then train over the pairs in batches; optionally the
 *       reference becomes the policy at the start of each round ({@link Builder#updateReferenceEachRound}).
 *   <li>on-policy vs off-policy is a setting: by default the samples come from the current policy;
 *       {@link Builder#behaviourPolicy(Policy)} samples from a fixed policy instead; either way all samples of a
 *       step or round are drawn in one {@link Policy#sampleBatch} call (prompt i repeated k times, in prompt order);
 *   <li>self-rewarding: {@link Builder#selfRewarding(double)} judges with the policy's own implicit reward
 *       ({@link ImplicitReward} with a reference read at each call, the DICE scheme); a {@link FeedbackSource}
 *       that prompts the policy model as a judge (Yuan et al. 2024, "Self-Rewarding Language Models") plugs in
 *       the same way.
 * </ul>
 *
 * <p>Labelling: with a reward model the chosen sample is the highest score and the rejected the lowest (the first on
 * ties); a prompt whose samples all score the same, or are all the same text, carries no preference and is skipped.
 * With a feedback source, k = 2 asks a pairwise question (ties and both-bad are skipped) and k &gt; 2 a ranking (best
 * vs worst); answers are matched to their requests by content (a pairwise answer may hold the preferred answer in A,
 * whatever the request's order), and an answer about other texts or another prompt is an
 * {@link IllegalArgumentException} naming the request, before any update. When every prompt of a step is skipped the
 * step makes no update ({@code pairs = 0}, step unchanged).
 *
 * <p>Defaults (TRL {@code OnlineDPOConfig}): k = 2, temperature 0.9, at most 64 new tokens; learning rate 1e-6.
 * Metrics: those of {@link PairwisePreferenceOptimizer} plus {@code pairs}, {@code reward} (mean score of all samples,
 * reward model only), {@code reward/chosen_score}, {@code reward/rejected_score}. Sampling uses the step's seeded
 * generator, so checkpoints resume the same trajectory.
 */
public final class OnlinePreferenceOptimizer implements ResumableOptimizer<List<Prompt>> {
  private final PairwisePreferenceOptimizer inner;
  private final @Nullable RewardModel rewardModel;
  private final @Nullable FeedbackSource feedback;
  private final @Nullable Policy behaviour;
  private final int k;
  private final SamplingParameters sampling;
  private final boolean updateReferenceEachRound;
  private long requestCounter;

  private OnlinePreferenceOptimizer(Builder b, PairwisePreferenceOptimizer inner) {
    this.inner = inner;
    RewardModel rm = b.rewardModel;
    if (b.selfRewardingBeta > 0) {
      rm =
          ImplicitReward.builder(b.policy)
              .referenceFrom(inner::reference)
              .beta(b.selfRewardingBeta)
              .build();
    }
    this.rewardModel = rm;
    this.feedback = b.feedback;
    this.behaviour = b.behaviour;
    this.k = b.k;
    this.sampling = b.sampling;
    this.updateReferenceEachRound = b.updateReferenceEachRound;
  }

  /**
   * A builder training {@code policy} with {@code objective}; set a reward model, a feedback source or self-rewarding.
   */
  public static Builder builder(TrainablePolicy policy, PairwiseObjective objective) {
    return new Builder(policy, objective);
  }

  /** Labelled pairs and labelling statistics. */
  private static final class Labelled {
    final List<PairwiseComparison> pairs = new ArrayList<>();
    double scoreSum;
    int scored;
    double chosenSum;
    double rejectedSum;
    int scoredPairs;
  }

  @Override
  public StepMetrics step(List<Prompt> prompts) {
    checkPrompts(prompts);
    RandomGenerator random = inner.loop().randomForStep(inner.stepCount() + 1);
    Labelled l = label(prompts, random);
    if (l.pairs.isEmpty()) {
      return new StepMetrics(inner.stepCount(), Map.of("pairs", 0.0));
    }
    StepMetrics m = inner.step(l.pairs);
    return withLabelMetrics(m, l);
  }

  /**
   * One round of iterative preference optimisation: label every prompt with the current policy, then train over the
   * pairs in order, {@code batchSize} pairs per step.
   *
   * @return the metrics of each step of the round
   */
  public List<StepMetrics> round(List<Prompt> prompts, int batchSize) {
    checkPrompts(prompts);
    Require.positive("batchSize", batchSize);
    if (updateReferenceEachRound && inner.stepCount() > 0) {
      inner.resetReferenceToPolicy();
    }
    RandomGenerator random = inner.loop().randomForStep(inner.stepCount() + 1);
    Labelled l = label(prompts, random);
    List<StepMetrics> out = new ArrayList<>();
    for (int from = 0; from < l.pairs.size(); from += batchSize) {
      out.add(inner.step(l.pairs.subList(from, Math.min(l.pairs.size(), from + batchSize))));
    }
    return out;
  }

  private static void checkPrompts(List<Prompt> prompts) {
    InputChecks.batch("prompts", prompts);
    for (int i = 0; i < prompts.size(); i++) {
      InputChecks.prompt("prompts[" + i + "]", prompts.get(i));
    }
  }

  private Labelled label(List<Prompt> prompts, RandomGenerator random) {
    Policy sampler = behaviour != null ? behaviour : inner.policy();
    // every sample of the round in one batch call: prompt i repeated k times, in prompt order
    List<Prompt> repeated = new ArrayList<>(prompts.size() * k);
    for (Prompt p : prompts) {
      for (int j = 0; j < k; j++) {
        repeated.add(p);
      }
    }
    List<Completion> sampled =
        InputChecks.namedBatch(
            i -> "prompts[" + i / k + "] sample " + i % k,
            () -> sampler.sampleBatch(repeated, sampling, random));
    Require.argument(
        sampled.size() == repeated.size(),
        "policy must return %d samples, returned %d",
        repeated.size(),
        sampled.size());
    List<List<Completion>> samples = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      samples.add(sampled.subList(i * k, (i + 1) * k));
    }
    Labelled l = new Labelled();
    Provenance provenance = Provenance.of(SourceKind.MODEL, "online-preference", Instant.EPOCH);
    RewardModel rm = rewardModel;
    if (rm != null) {
      for (int i = 0; i < prompts.size(); i++) {
        Prompt p = prompts.get(i);
        List<Completion> group = samples.get(i);
        double[] scores = rm.scoreAll(p, group);
        int best = 0;
        int worst = 0;
        for (int j = 0; j < k; j++) {
          Require.argument(
              Double.isFinite(scores[j]),
              "reward of prompts[%d] sample %d must be finite, was %s",
              i,
              j,
              scores[j]);
          l.scoreSum += scores[j];
          l.scored++;
          if (scores[j] > scores[best]) {
            best = j;
          }
          if (scores[j] < scores[worst]) {
            worst = j;
          }
        }
        if (scores[best] > scores[worst]
            && !group.get(best).text().equals(group.get(worst).text())) {
          l.pairs.add(
              PairwiseComparison.preferring(
                  p, strip(group.get(best)), strip(group.get(worst)), provenance));
          l.chosenSum += scores[best];
          l.rejectedSum += scores[worst];
          l.scoredPairs++;
        }
      }
      return l;
    }
    FeedbackSource source = Require.nonNull("feedback", feedback);
    List<FeedbackRequest> requests = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      String id = "online-" + (++requestCounter);
      List<Completion> group = samples.get(i);
      requests.add(
          k == 2
              ? FeedbackRequest.pairwise(
                  id, prompts.get(i), strip(group.get(0)), strip(group.get(1)))
              : FeedbackRequest.ranking(id, prompts.get(i), stripAll(group)));
    }
    List<Feedback> answers = source.requestAll(requests);
    Require.argument(
        answers.size() == requests.size(),
        "feedback source must answer each of the %d requests once, in order, answered %d",
        requests.size(),
        answers.size());
    for (int i = 0; i < answers.size(); i++) {
      Feedback f = answers.get(i);
      FeedbackRequest request = requests.get(i);
      if (f instanceof PairwiseComparison) {
        PairwiseComparison c = answerTo(request, (PairwiseComparison) f);
        if (c.isDecisive() && !c.a().text().equals(c.b().text())) {
          l.pairs.add(c);
        }
      } else if (f instanceof Ranking) {
        Ranking r = answerTo(request, (Ranking) f);
        List<Completion> ranked = r.ranked();
        Completion best = ranked.get(0);
        Completion worst = ranked.get(ranked.size() - 1);
        if (!best.text().equals(worst.text())) {
          l.pairs.add(PairwiseComparison.preferring(r.prompt(), best, worst, r.provenance()));
        }
      } else {
        throw new IllegalArgumentException(
            "feedback source must answer with a PairwiseComparison or a Ranking, answered "
                + f.getClass().getSimpleName());
      }
    }
    return l;
  }

  /**
   * The answer read in the request's order by content ({@link PairwiseComparison#orientedTo}): a source may put the
   * preferred answer in A; an answer about other texts or another prompt is refused before anything is trained.
   */
  private static PairwiseComparison answerTo(FeedbackRequest request, PairwiseComparison c) {
    try {
      return c.orientedTo(
          request.prompt(), request.candidates().get(0), request.candidates().get(1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "feedback source answered request \""
              + request.id()
              + "\" about other answers than those it was asked "
              + "about: "
              + e.getMessage(),
          e);
    }
  }

  /** The ranking, checked to rank exactly the request's candidate texts (in any order) for the request's prompt. */
  private static Ranking answerTo(FeedbackRequest request, Ranking r) {
    List<String> asked = new ArrayList<>();
    request.candidates().forEach(c -> asked.add(c.text()));
    List<String> ranked = new ArrayList<>();
    r.candidates().forEach(c -> ranked.add(c.text()));
    asked.sort(null);
    ranked.sort(null);
    if (!r.prompt().equals(request.prompt()) || !asked.equals(ranked)) {
      throw new IllegalArgumentException(
          "feedback source answered request \""
              + request.id()
              + "\" about other answers than those it was asked "
              + "about: the ranking must rank the "
              + asked.size()
              + " requested answers of the prompt \""
              + Require.abbreviate(request.prompt().text(), 40)
              + "\", it ranked "
              + ranked.size()
              + " answers of the prompt \""
              + Require.abbreviate(r.prompt().text(), 40)
              + "\"");
    }
    return r;
  }

  private static Completion strip(Completion c) {
    return Completion.of(c.text());
  }

  private static List<Completion> stripAll(List<Completion> cs) {
    List<Completion> out = new ArrayList<>(cs.size());
    for (Completion c : cs) {
      out.add(strip(c));
    }
    return out;
  }

  private static StepMetrics withLabelMetrics(StepMetrics m, Labelled l) {
    Map<String, Double> v = new LinkedHashMap<>(m.values());
    v.put("pairs", (double) l.pairs.size());
    if (l.scored > 0) {
      v.put("reward", l.scoreSum / l.scored);
    }
    if (l.scoredPairs > 0) {
      v.put("reward/chosen_score", l.chosenSum / l.scoredPairs);
      v.put("reward/rejected_score", l.rejectedSum / l.scoredPairs);
    }
    return new StepMetrics(m.step(), v);
  }

  @Override
  public long stepCount() {
    return inner.stepCount();
  }

  /** The current reference policy. */
  public Policy reference() {
    return inner.reference();
  }

  @Override
  public void saveCheckpoint(Path path) throws IOException {
    inner.saveCheckpoint(path);
  }

  @Override
  public void restoreCheckpoint(Path path) throws IOException {
    inner.restoreCheckpoint(path);
  }

  /**
   * Configures an {@link OnlinePreferenceOptimizer}. The schedule, listeners and seed are those of the wrapped
   * {@link PairwisePreferenceOptimizer} (listeners see the pairwise step's metrics); defaults: schedule constant 1e-6
   * (the pairwise optimiser's), seed 42, the reference as in {@link ReferenceOptimizerBuilder}.
   */
  public static final class Builder extends ReferenceOptimizerBuilder<Builder> {
    private final TrainablePolicy policy;
    private final PairwisePreferenceOptimizer.Builder inner;
    private @Nullable RewardModel rewardModel;
    private @Nullable FeedbackSource feedback;
    private double selfRewardingBeta;
    private @Nullable Policy behaviour;
    private int k = 2;
    private SamplingParameters sampling = new SamplingParameters(0.9, 0, 1.0, 64);
    private boolean updateReferenceEachRound;

    private Builder(TrainablePolicy policy, PairwiseObjective objective) {
      this(
          Require.nonNull("policy", policy),
          PairwisePreferenceOptimizer.builder(policy, objective));
    }

    private Builder(TrainablePolicy policy, PairwisePreferenceOptimizer.Builder inner) {
      super(
          inner); // one training loop: this builder's schedule, listeners and seed are the pairwise
      // optimiser's
      this.policy = policy;
      this.inner = inner;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Label with a reward model (chosen = highest score). */
    public Builder rewardModel(RewardModel rewardModel) {
      this.rewardModel = Require.nonNull("rewardModel", rewardModel);
      return this;
    }

    /** Label with a feedback source (pairwise for k = 2, ranking for k &gt; 2). */
    public Builder feedbackSource(FeedbackSource feedback) {
      this.feedback = Require.nonNull("feedback", feedback);
      return this;
    }

    /** Self-rewarding: label with the policy's own implicit reward β·log(π/π_ref) (DICE). */
    public Builder selfRewarding(double beta) {
      this.selfRewardingBeta = Require.positive("beta", beta);
      return this;
    }

    /** Off-policy: sample from this fixed policy instead of the current one (default on-policy). */
    public Builder behaviourPolicy(Policy behaviour) {
      this.behaviour = Require.nonNull("behaviour", behaviour);
      return this;
    }

    /** Samples per prompt, ≥ 2; default 2. */
    public Builder samplesPerPrompt(int k) {
      Require.argument(
          k >= 2, "samplesPerPrompt must be >= 2 (a pair needs two samples), was %d", k);
      this.k = k;
      return this;
    }

    /** How to sample (default temperature 0.9, no top-k/top-p, 64 tokens). */
    public Builder sampling(SamplingParameters sampling) {
      this.sampling = Require.nonNull("sampling", sampling);
      return this;
    }

    /** Iterative DPO: make the policy the reference at the start of each round after the first (default false). */
    public Builder updateReferenceEachRound(boolean update) {
      this.updateReferenceEachRound = update;
      return this;
    }

    /** RPO mixing weight (see {@link PairwisePreferenceOptimizer.Builder#rpoAlpha}). */
    public Builder rpoAlpha(double alpha) {
      inner.rpoAlpha(alpha);
      return this;
    }

    /**
     * Builds the optimiser.
     *
     * @throws IllegalArgumentException unless exactly one of reward model, feedback source and self-rewarding is set
     */
    public OnlinePreferenceOptimizer build() {
      int judges =
          (rewardModel != null ? 1 : 0)
              + (feedback != null ? 1 : 0)
              + (selfRewardingBeta > 0 ? 1 : 0);
      Require.argument(
          judges == 1,
          "exactly one of rewardModel, feedbackSource and selfRewarding must be set, %d were",
          judges);
      Policy reference = configuredReference();
      if (reference != null) {
        inner.reference(reference);
      }
      return new OnlinePreferenceOptimizer(this, inner.build());
    }
  }
}
