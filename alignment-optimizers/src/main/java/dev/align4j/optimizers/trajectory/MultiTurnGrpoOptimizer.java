package dev.align4j.optimizers.trajectory;

import dev.align4j.core.ConversationalPolicy;
import dev.align4j.core.Policy;
import dev.align4j.core.PolicyOptimizer;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.trajectory.Environment;
import dev.align4j.core.trajectory.Trajectory;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientObjective;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.optimizers.objective.policygradient.GrpoLoss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * GRPO on multi-turn, tool-using episodes. One {@link #step(List)} on a batch of tasks:
 *
 * <ol>
 *   <li>rolls out G episodes per task with {@link MultiTurnRollout};
 *   <li>scores each trajectory's whole token sequence with the trainable policy (one batch forward pass over
 *       {@link Trajectory#asCompletion()}), the old log-probabilities being those values detached (one update per
 *       rollout, TRL's {@code num_iterations = 1}, so the ratio is 1 and only its gradient matters);
 *   <li>assigns per-token advantages with the {@link TrajectoryCredit} (default MT-GRPO's turn-level credit);
 *   <li>evaluates the policy-gradient objective (default {@link GrpoLoss} with TRL's defaults) on the
 *       {@link TrajectoryBatch}, whose mask keeps only the policy's own tokens;
 *   <li>back-propagates the objective's exact per-token gradients (observation tokens receive exactly 0) and takes
 *       one optimiser step of the policy.
 * </ol>
 *
 * <p>Randomness: a {@link SplittableRandom} seeded at build time drives the rollouts, so a run is a function of the
 * seed, the initial policy and the tasks, at any thread count of the rollout and of the policy. Metrics: the rollout's
 * (see {@link MultiTurnRollout}), {@code loss}, {@code grad_norm}, {@code learning_rate} and the objective's.
 *
 * @param <T> the task type
 */
public final class MultiTurnGrpoOptimizer<T> implements PolicyOptimizer<List<T>> {
  private final TrainablePolicy policy;
  private final MultiTurnRollout<T> rollout;
  private final PolicyGradientObjective objective;
  private final TrajectoryCredit credit;
  private final double learningRate;
  private final @Nullable Policy reference;
  private final SplittableRandom random;
  private long steps;

  private MultiTurnGrpoOptimizer(Builder<T> b) {
    this.policy = b.policy;
    this.rollout = b.rollout.build();
    this.objective = b.objective;
    this.credit = b.credit;
    this.learningRate = b.learningRate;
    this.reference = b.reference;
    this.random = new SplittableRandom(b.seed);
  }

  /**
   * A builder with the defaults: {@link GrpoLoss} with TRL's GRPOConfig defaults, MT-GRPO's turn-level credit
   * ({@link TrajectoryCredit#turnLevel()}), learning rate 1e-6 (TRL's GRPOConfig), seed 0, and the rollout defaults of
   * {@link MultiTurnRollout#builder}.
   *
   * @param policy the policy to train; it also takes the turns
   * @param environments a new environment per episode
   */
  public static <T, P extends TrainablePolicy & ConversationalPolicy> Builder<T> builder(
      P policy, Supplier<? extends Environment<T>> environments) {
    return new Builder<>(policy, MultiTurnRollout.builder(policy, environments));
  }

  @Override
  public StepMetrics step(List<T> tasks) {
    Require.nonEmpty("tasks", tasks);
    long stepNumber = steps + 1;
    MultiTurnRollout.Result r = rollout.run(tasks, random);
    List<Trajectory> trajectories = r.trajectories();
    int n = trajectories.size();
    List<Prompt> prompts = new ArrayList<>(n);
    List<Completion> completions = new ArrayList<>(n);
    for (Trajectory t : trajectories) {
      prompts.add(t.prompt());
      completions.add(t.asCompletion());
    }
    int[] lengths = TrajectoryBatch.lengths(trajectories);
    double[] advantages = credit.tokenAdvantages(trajectories, rollout.groupSize());
    double[] referenceLogProbs =
        reference == null ? null : flatten(reference.logProbsBatch(prompts, completions), lengths);
    policy.zeroGrad();
    List<? extends TrainablePolicy.Forward> forwards = policy.forwardBatch(prompts, completions);
    List<TokenLogProbs> current = new ArrayList<>(n);
    for (TrainablePolicy.Forward f : forwards) {
      current.add(f.logProbs());
    }
    double[] logProbs = flatten(current, lengths);
    PolicyGradientBatch batch =
        TrajectoryBatch.of(trajectories, logProbs, logProbs.clone(), referenceLogProbs, advantages);
    PolicyGradientResult res = objective.evaluate(batch);
    if (!Double.isFinite(res.loss())) {
      throw new IllegalStateException(
          "step " + stepNumber + ": the loss is not finite, was " + res.loss());
    }
    policy.backwardBatch(
        forwards, new TokenGradients.PerToken(res.gradLogProbs(), batch.offsets()));
    double gradNorm = policy.step(learningRate);
    steps = stepNumber;
    Map<String, Double> metrics = new LinkedHashMap<>(r.metrics());
    metrics.put("loss", res.loss());
    metrics.put("grad_norm", gradNorm);
    metrics.put("learning_rate", learningRate);
    new TreeMap<>(res.metrics()).forEach(metrics::putIfAbsent);
    return new StepMetrics(stepNumber, metrics);
  }

  private static double[] flatten(List<TokenLogProbs> perSequence, int[] lengths) {
    int total = 0;
    for (int l : lengths) {
      total += l;
    }
    double[] out = new double[total];
    int at = 0;
    for (int i = 0; i < lengths.length; i++) {
      double[] v = perSequence.get(i).values();
      Require.argument(
          v.length == lengths[i],
          "trajectory %s must be scored on its %s tokens, was scored on %s",
          i,
          lengths[i],
          v.length);
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return out;
  }

  @Override
  public long stepCount() {
    return steps;
  }

  /** The rollout loop. */
  public MultiTurnRollout<T> rollout() {
    return rollout;
  }

  @Override
  public String toString() {
    return "MultiTurnGrpoOptimizer["
        + rollout
        + ", credit="
        + credit
        + ", lr="
        + learningRate
        + "]";
  }

  /**
   * Builds a {@link MultiTurnGrpoOptimizer}; every setter validates its argument.
   *
   * @param <T> the task type
   */
  public static final class Builder<T> {
    private final TrainablePolicy policy;
    private final MultiTurnRollout.Builder<T> rollout;
    private PolicyGradientObjective objective = GrpoLoss.builder().build();
    private TrajectoryCredit credit = TrajectoryCredit.turnLevel();
    private double learningRate = 1e-6;
    private @Nullable Policy reference;
    private long seed;

    private Builder(TrainablePolicy policy, MultiTurnRollout.Builder<T> rollout) {
      this.policy = Require.nonNull("policy", policy);
      this.rollout = rollout;
    }

    /** The rollout settings (G, turns, sampling, executor). */
    public MultiTurnRollout.Builder<T> rollout() {
      return rollout;
    }

    /** The policy-gradient objective; default {@link GrpoLoss} with TRL's defaults. */
    public Builder<T> objective(PolicyGradientObjective objective) {
      this.objective = Require.nonNull("objective", objective);
      return this;
    }

    /** The credit assignment; default {@link TrajectoryCredit#turnLevel()}. */
    public Builder<T> credit(TrajectoryCredit credit) {
      this.credit = Require.nonNull("credit", credit);
      return this;
    }

    /** The learning rate (&gt; 0); default 1e-6 (TRL's GRPOConfig). */
    public Builder<T> learningRate(double learningRate) {
      this.learningRate = Require.positive("learningRate", learningRate);
      return this;
    }

    /** A frozen reference policy whose log-probabilities feed the objective's KL term (needed when β &gt; 0). */
    public Builder<T> reference(Policy reference) {
      this.reference = Require.nonNull("reference", reference);
      return this;
    }

    /** The seed of the rollouts' randomness; default 0. */
    public Builder<T> seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Builds the optimiser. */
    public MultiTurnGrpoOptimizer<T> build() {
      return new MultiTurnGrpoOptimizer<>(this);
    }
  }
}
