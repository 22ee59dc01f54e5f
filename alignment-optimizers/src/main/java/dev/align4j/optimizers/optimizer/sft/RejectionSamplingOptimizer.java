package dev.align4j.optimizers.optimizer.sft;

import dev.align4j.core.RewardModel;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.optimizer.InputChecks;
import dev.align4j.optimizers.optimizer.OptimizerBuilder;
import dev.align4j.optimizers.optimizer.ResumableOptimizer;
import dev.align4j.optimizers.optimizer.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Rejection-sampling fine-tuning (best-of-n fine-tuning): for each prompt of the batch, sample n completions from the
 * current policy, score them with a reward model, keep the best one (and only if it reaches {@code minReward}), and
 * take one SFT step on the kept completions. This is RAFT (Dong et al. 2023, "Reward rAnked FineTuning") with
 * top-1 selection per prompt, and the rejection-sampling stage of Llama 2 (Touvron et al. 2023).
 *
 * <p>Metrics: {@code loss} (SFT token-mean NLL of the kept completions), {@code reward} (mean best reward),
 * {@code reward/mean} (mean over all samples), {@code accepted} (fraction of prompts kept), plus the SFT metrics.
 * When no prompt's best sample reaches {@code minReward} there is nothing to learn from: the step makes no update and
 * the returned metrics have {@code accepted = 0} with the step number unchanged.
 *
 * <p>Defaults: n = 4 samples, {@link SamplingParameters#DEFAULT}, no reward threshold, learning rate 2e-5 (as SFT).
 * Sampling randomness comes from the step's generator, so the trajectory is reproducible and resumable; all samples of
 * a step are drawn in one {@code Policy.sampleBatch} call (prompt p repeated n times, in prompt
 * order).
 */
public final class RejectionSamplingOptimizer implements ResumableOptimizer<List<Prompt>> {
  private static final String KIND = "rejection-sampling";

  private final TrainingLoop loop;
  private final RewardModel rewardModel;
  private final int n;
  private final SamplingParameters sampling;
  private final double minReward;

  private RejectionSamplingOptimizer(Builder b, TrainingLoop loop) {
    this.loop = loop;
    this.rewardModel = b.rewardModel;
    this.n = b.n;
    this.sampling = b.sampling;
    this.minReward = b.minReward;
  }

  /** A builder training {@code policy} towards {@code rewardModel}. */
  public static Builder builder(TrainablePolicy policy, RewardModel rewardModel) {
    return new Builder(policy, rewardModel);
  }

  @Override
  public StepMetrics step(List<Prompt> prompts) {
    InputChecks.batch("prompts", prompts);
    for (int i = 0; i < prompts.size(); i++) {
      InputChecks.prompt("prompts[" + i + "]", prompts.get(i));
    }
    // select first with this step's generator, so that an all-rejected batch does not consume a
    // step
    RandomGenerator random = loop.randomForStep(loop.stepCount() + 1);
    List<SftExample> kept = new ArrayList<>();
    double bestSum = 0;
    double meanSum = 0;
    List<BestOfNSelector.Selection> selections =
        BestOfNSelector.selectAll(loop.policy(), rewardModel, prompts, n, sampling, random);
    for (int i = 0; i < prompts.size(); i++) {
      Prompt p = prompts.get(i);
      BestOfNSelector.Selection s = selections.get(i);
      bestSum += s.bestReward();
      meanSum += s.meanReward();
      if (s.bestReward() >= minReward) {
        kept.add(new SftExample(p, s.best()));
      }
    }
    double reward = bestSum / prompts.size();
    double rewardMean = meanSum / prompts.size();
    double accepted = (double) kept.size() / prompts.size();
    if (kept.isEmpty()) {
      return new StepMetrics(
          loop.stepCount(), Map.of("reward", reward, "reward/mean", rewardMean, "accepted", 0.0));
    }
    return loop.run(
        loop.describe(prompts.size(), "prompts", prompts.get(0).text()),
        (metrics, r) -> {
          metrics.put("reward", reward);
          metrics.put("reward/mean", rewardMean);
          metrics.put("accepted", accepted);
          return SftOptimizer.accumulate(loop.policy(), kept, 1.0, metrics);
        });
  }

  @Override
  public long stepCount() {
    return loop.stepCount();
  }

  @Override
  public void saveCheckpoint(Path path) throws IOException {
    loop.save(path, KIND, out -> {});
  }

  @Override
  public void restoreCheckpoint(Path path) throws IOException {
    loop.restore(path, KIND, in -> {});
  }

  /**
   * Configures a {@link RejectionSamplingOptimizer}. Defaults: schedule constant 2e-5 (as SFT); seed 42 as in
   * {@link OptimizerBuilder}.
   */
  public static final class Builder extends OptimizerBuilder<Builder> {
    private final RewardModel rewardModel;
    private int n = 4;
    private SamplingParameters sampling = SamplingParameters.DEFAULT;
    private double minReward = Double.NEGATIVE_INFINITY;

    private Builder(TrainablePolicy policy, RewardModel rewardModel) {
      super(Require.nonNull("policy", policy), LearningRateSchedule.constant(2e-5));
      this.rewardModel = Require.nonNull("rewardModel", rewardModel);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Samples per prompt, {@code >= 1}; default 4. */
    public Builder n(int n) {
      this.n = Require.positive("n", n);
      return this;
    }

    /** How to sample (default {@link SamplingParameters#DEFAULT}). */
    public Builder sampling(SamplingParameters sampling) {
      this.sampling = Require.nonNull("sampling", sampling);
      return this;
    }

    /** Keep a prompt's best sample only if its reward is at least this; default −∞ (always keep). */
    public Builder minReward(double minReward) {
      Require.argument(!Double.isNaN(minReward), "minReward must not be NaN");
      this.minReward = minReward;
      return this;
    }

    /** Builds the optimiser. */
    public RejectionSamplingOptimizer build() {
      return new RejectionSamplingOptimizer(this, buildLoop());
    }
  }
}
