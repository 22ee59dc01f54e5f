package dev.align4j.optimizers.optimizer.distillation;

import dev.align4j.core.DistributionForward;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.TokenDistributions;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.TopKLogProbs;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.objective.distillation.DistributionLossResult;
import dev.align4j.optimizers.objective.distillation.GeneralizedJsdLoss;
import dev.align4j.optimizers.objective.distillation.SampledReverseKlLoss;
import dev.align4j.optimizers.objective.distillation.TopKReverseKlLoss;
import dev.align4j.optimizers.optimizer.InputChecks;
import dev.align4j.optimizers.optimizer.OptimizerBuilder;
import dev.align4j.optimizers.optimizer.ResumableOptimizer;
import dev.align4j.optimizers.optimizer.TrainingLoop;
import dev.align4j.optimizers.optimizer.sft.SftExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * On-policy distillation (GKD, Agarwal et al. 2024; TRL's {@code GKDTrainer}): a student {@link TrainablePolicy} is
 * trained towards a teacher's next-token distributions on a mix of dataset completions and the student's own samples.
 * Each step:
 *
 * <ol>
 *   <li>with probability λ ({@code lmbda}; one draw per step from the step's seeded generator, as TRL draws once per
 *       step) the student samples one completion per prompt with the configured {@link SamplingParameters}
 *       (on-policy); otherwise the batch's dataset completions are used;
 *   <li>the student's forward passes give its per-position distributions ({@link DistributionForward}; a student
 *       without them is refused with an {@link IllegalArgumentException}, except with a {@code SampledTokens} teacher);
 *   <li>the teacher is asked for its view of the same completions and the objective of {@link DistillationTeacher}
 *       gives the loss and its exact gradient, back-propagated into the student in batch order (deterministic at any
 *       thread count);
 *   <li>one optimiser step.
 * </ol>
 *
 * <p>Objectives: an in-process teacher uses {@link GeneralizedJsdLoss} (β; β = 0 forward KL, β = 1 reverse KL); a
 * remote top-k teacher uses {@link TopKReverseKlLoss}; a sampled-tokens teacher uses {@link SampledReverseKlLoss},
 * which is only an estimate on the student's own samples, so it requires λ = 1. TRL's sequence-level KD
 * ({@code seq_kd}) and windowed loss are not offered.
 *
 * <p>Defaults, from TRL's {@code GKDConfig}: λ = 0.5, β = 0.5, sampling temperature 0.9 with no top-k and at most 128
 * new tokens ({@code max_new_tokens}); learning rate constant 2e-5 (inherited from {@code SFTConfig}); the loss itself
 * at temperature 1 (as {@code GKDTrainer.compute_loss}). Metrics: {@code loss}, {@code on_policy} (1 when the step
 * used the student's samples), {@code num_tokens}, {@code mean_length}, the objective's own, {@code grad_norm} and
 * {@code learning_rate}. A non-finite loss stops the step and leaves the parameters unchanged.
 */
public final class DistillationOptimizer implements ResumableOptimizer<List<SftExample>> {
  static final String KIND = "distillation";

  private final TrainingLoop loop;
  private final DistillationTeacher teacher;
  private final double lmbda;
  private final GeneralizedJsdLoss jsd;
  private final SamplingParameters sampling;

  private DistillationOptimizer(Builder b, TrainingLoop loop) {
    this.loop = loop;
    this.teacher = Require.nonNull("teacher", b.teacher);
    this.lmbda = b.lmbda;
    this.jsd = GeneralizedJsdLoss.builder().beta(b.beta).build();
    this.sampling = b.sampling;
  }

  /** A builder for {@code student}. */
  public static Builder builder(TrainablePolicy student) {
    return new Builder(student);
  }

  /**
   * One distillation step on a batch of prompts with dataset completions (used when the step is not on-policy).
   *
   * @throws IllegalArgumentException when the batch is empty or an example is refused (named by its index), or the
   *     student's forward passes do not expose distributions and the teacher needs them
   */
  @Override
  public StepMetrics step(List<SftExample> batch) {
    InputChecks.batch("batch", batch);
    List<Prompt> prompts = new ArrayList<>(batch.size());
    List<Completion> dataset = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      String name = "batch[" + i + "]";
      SftExample e = Require.nonNull(name, batch.get(i));
      prompts.add(InputChecks.prompt(name + ".prompt", e.prompt()));
      dataset.add(InputChecks.completion(name + ".completion", e.completion()));
    }
    return loop.run(
        loop.describe(batch.size(), "examples", prompts.get(0).text()),
        (metrics, random) -> distil(prompts, dataset, metrics, random));
  }

  private double distil(
      List<Prompt> prompts,
      List<Completion> dataset,
      Map<String, Double> metrics,
      RandomGenerator random) {
    TrainablePolicy student = loop.policy();
    boolean onPolicy = random.nextDouble() < lmbda;
    List<Completion> completions =
        onPolicy
            ? InputChecks.namedBatch(
                i -> "batch[" + i + "]", () -> student.sampleBatch(prompts, sampling, random))
            : dataset;
    List<? extends TrainablePolicy.Forward> forwards =
        InputChecks.namedBatch(
            i -> "batch[" + i + "]", () -> student.forwardBatch(prompts, completions));
    long tokens = 0;
    for (int i = 0; i < forwards.size(); i++) {
      tokens +=
          InputChecks.tokens("batch[" + i + "].completion", forwards.get(i).logProbs()).length();
    }
    double loss;
    Map<String, Double> objectiveMetrics;
    if (teacher instanceof DistillationTeacher.SampledTokens sampled) {
      List<TokenLogProbs> studentLogProbs = new ArrayList<>(forwards.size());
      for (TrainablePolicy.Forward f : forwards) {
        studentLogProbs.add(f.logProbs());
      }
      SampledReverseKlLoss.Result r =
          new SampledReverseKlLoss()
              .evaluate(studentLogProbs, sampled.policy().logProbsBatch(prompts, completions));
      loss = r.loss();
      objectiveMetrics = r.metrics();
      if (Double.isFinite(loss)) {
        TrainingLoop.requireFiniteGradients("∂L/∂log π", r.gradients().values());
        student.backwardBatch(forwards, r.gradients());
      }
    } else {
      List<DistributionForward> distributionForwards = distributionForwards(forwards);
      List<TokenDistributions> studentRows = new ArrayList<>(forwards.size());
      for (DistributionForward f : distributionForwards) {
        studentRows.add(f.distributions());
      }
      DistributionLossResult r =
          teacher instanceof DistillationTeacher.RemoteTopK remote
              ? new TopKReverseKlLoss().evaluate(studentRows, topK(remote, prompts, completions))
              : jsd.evaluate(
                  studentRows,
                  ((DistillationTeacher.InProcess) teacher)
                      .policy()
                      .tokenDistributionsBatch(prompts, completions));
      loss = r.loss();
      objectiveMetrics = r.metrics();
      if (Double.isFinite(loss)) {
        for (int i = 0; i < distributionForwards.size(); i++) {
          double[] g =
              TrainingLoop.requireFiniteGradients("∂L/∂log π[" + i + "]", r.gradients().get(i));
          distributionForwards.get(i).backwardWithDistributions(null, g);
        }
      }
    }
    metrics.put("on_policy", onPolicy ? 1.0 : 0.0);
    metrics.put("num_tokens", (double) tokens);
    metrics.put("mean_length", (double) tokens / prompts.size());
    objectiveMetrics.forEach(
        (k, v) -> {
          if (!k.equals("loss") && !k.equals("num_tokens")) {
            metrics.put(k, v);
          }
        });
    return loss;
  }

  private static List<DistributionForward> distributionForwards(
      List<? extends TrainablePolicy.Forward> forwards) {
    List<DistributionForward> out = new ArrayList<>(forwards.size());
    for (TrainablePolicy.Forward f : forwards) {
      if (!(f instanceof DistributionForward d)) {
        throw new IllegalArgumentException(
            "the student's forward passes must expose per-position distributions "
                + "(DistributionForward) for this teacher, was "
                + f.getClass().getSimpleName()
                + "; use DistillationTeacher.sampledTokens for a student without them");
      }
      out.add(d);
    }
    return out;
  }

  private static List<TopKLogProbs> topK(
      DistillationTeacher.RemoteTopK remote, List<Prompt> prompts, List<Completion> completions) {
    List<TopKLogProbs> out = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      int index = i;
      out.add(
          InputChecks.named(
              "teacher top-k of batch[" + i + "]",
              () ->
                  remote
                      .source()
                      .topLogProbs(prompts.get(index), completions.get(index), remote.k())));
    }
    return out;
  }

  @Override
  public long stepCount() {
    return loop.stepCount();
  }

  /** The trained student. */
  public TrainablePolicy policy() {
    return loop.policy();
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
   * Configures a {@link DistillationOptimizer}. Defaults from TRL's {@code GKDConfig}: {@code lmbda} 0.5,
   * {@code beta} 0.5, sampling temperature 0.9, top-k off, 128 new tokens; learning rate constant 2e-5
   * ({@code SFTConfig}); seed 42 as in {@link OptimizerBuilder}. The teacher is required.
   */
  public static final class Builder extends OptimizerBuilder<Builder> {
    private @Nullable DistillationTeacher teacher;
    private double lmbda = 0.5;
    private double beta = 0.5;
    private SamplingParameters sampling = new SamplingParameters(0.9, 0, 1.0, 128);

    private Builder(TrainablePolicy student) {
      super(Require.nonNull("student", student), LearningRateSchedule.constant(2e-5));
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** The teacher (required); its kind decides the objective (see {@link DistillationTeacher}). */
    public Builder teacher(DistillationTeacher teacher) {
      this.teacher = Require.nonNull("teacher", teacher);
      return this;
    }

    /** λ in [0, 1], the probability that a step trains on the student's own samples; default 0.5 (TRL). */
    public Builder lmbda(double lmbda) {
      this.lmbda = Require.inClosedRange("lmbda", lmbda, 0, 1);
      return this;
    }

    /**
     * β in [0, 1] of the generalised JSD (in-process teacher only): 0 forward KL, 1 reverse KL; default 0.5 (TRL).
     */
    public Builder beta(double beta) {
      this.beta = Require.inClosedRange("beta", beta, 0, 1);
      return this;
    }

    /** How the student samples on-policy completions; default temperature 0.9, no top-k, 128 tokens (TRL). */
    public Builder sampling(SamplingParameters sampling) {
      this.sampling = Require.nonNull("sampling", sampling);
      return this;
    }

    /**
     * Builds the optimiser.
     *
     * @throws IllegalArgumentException when no teacher was given, or a sampled-tokens teacher is combined with
     *     λ below 1, or β is set with a teacher that has no full distributions
     */
    public DistillationOptimizer build() {
      Require.argument(teacher != null, "teacher must be set, was null");
      if (teacher instanceof DistillationTeacher.SampledTokens) {
        Require.argument(
            lmbda == 1.0,
            "lmbda must be 1 with a sampled-tokens teacher (its reverse-KL estimate "
                + "holds only on the student's own samples), was %s",
            lmbda);
      }
      if (!(teacher instanceof DistillationTeacher.InProcess)) {
        Require.argument(
            beta == 0.5 || beta == 1.0,
            "beta applies only to an in-process teacher (the others train "
                + "the reverse KL, beta = 1), was %s",
            beta);
      }
      return new DistillationOptimizer(this, buildLoop());
    }
  }
}
