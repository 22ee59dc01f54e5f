package dev.align4j.optimizers.optimizer.sft;

import dev.align4j.core.StepMetrics;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.optimizer.InputChecks;
import dev.align4j.optimizers.optimizer.OptimizerBuilder;
import dev.align4j.optimizers.optimizer.ResumableOptimizer;
import dev.align4j.optimizers.optimizer.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Supervised fine-tuning: maximum likelihood of the target completions, the {@code sft} step every pipeline starts
 * from. The loss is the token-mean negative log-likelihood over the batch, as in TRL's {@code SFTTrainer} (completion
 * tokens only):
 *
 * <pre>
 *   L = − Σ_i Σ_t log π(y_{i,t} | x_i, y_{i,&lt;t}) / Σ_i |y_i|,     ∂L/∂log π(y_{i,t}) = −1 / Σ_i |y_i|
 * </pre>
 *
 * <p>The batch runs through the policy's batch methods: one {@code forwardBatch}, and one {@code backwardBatch} whose
 * gradient, the same for every token, goes as one value per sequence ({@link TokenGradients.PerSequence}).
 *
 * <p>Metrics: {@code loss}, {@code num_tokens}, {@code mean_length} (completion tokens per example),
 * {@code perplexity} (e^loss), plus {@code grad_norm} and {@code learning_rate}. Bad input (empty batch, blank prompt,
 * empty completion, a completion the policy refuses such as one longer than its context) is an
 * {@link IllegalArgumentException} naming the example; a non-finite loss stops the step with
 * {@link dev.align4j.optimizers.optimizer.NonFiniteLossException} and leaves the parameters unchanged.
 */
public final class SftOptimizer implements ResumableOptimizer<List<SftExample>> {
  static final String KIND = "sft";

  private final TrainingLoop loop;

  private SftOptimizer(TrainingLoop loop) {
    this.loop = loop;
  }

  /** A builder for {@code policy}. */
  public static Builder builder(TrainablePolicy policy) {
    return new Builder(policy);
  }

  @Override
  public StepMetrics step(List<SftExample> batch) {
    InputChecks.batch("batch", batch);
    SftExample first = Require.nonNull("batch[0]", batch.get(0));
    return loop.run(
        loop.describe(batch.size(), "examples", first.prompt().text()),
        (metrics, random) -> accumulate(loop.policy(), batch, 1.0, metrics));
  }

  /**
   * Runs forward and backward passes of the token-mean NLL of {@code examples}, scaled by {@code weight}, accumulating
   * into the policy's gradients; adds {@code num_tokens}, {@code mean_length} and {@code perplexity}.
   *
   * @return the unscaled loss
   */
  static double accumulate(
      TrainablePolicy policy,
      List<SftExample> examples,
      double weight,
      Map<String, Double> metrics) {
    int n = examples.size();
    List<Prompt> prompts = new ArrayList<>(n);
    List<Completion> completions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String name = "batch[" + i + "]";
      SftExample e = Require.nonNull(name, examples.get(i));
      prompts.add(InputChecks.prompt(name + ".prompt", e.prompt()));
      completions.add(InputChecks.completion(name + ".completion", e.completion()));
    }
    List<? extends TrainablePolicy.Forward> forwards =
        InputChecks.namedBatch(
            i -> "batch[" + i + "]", () -> policy.forwardBatch(prompts, completions));
    long tokens = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      TrainablePolicy.Forward f = forwards.get(i);
      tokens += InputChecks.tokens("batch[" + i + "].completion", f.logProbs()).length();
      sum += f.logProbs().sum();
    }
    double loss = -sum / tokens;
    if (Double.isFinite(loss)) {
      // ∂L/∂log π(y_{i,t}) = −weight / Σ_i |y_i| for every token: one value per sequence
      double[] g = new double[n];
      Arrays.fill(g, -weight / tokens);
      policy.backwardBatch(
          forwards,
          TokenGradients.perSequence(TrainingLoop.requireFiniteGradients("∂L/∂log π", g)));
    }
    metrics.put("num_tokens", (double) tokens);
    metrics.put("mean_length", (double) tokens / n);
    metrics.put("perplexity", Math.exp(loss));
    return loss;
  }

  @Override
  public long stepCount() {
    return loop.stepCount();
  }

  /** The trained policy. */
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
   * Configures an {@link SftOptimizer}. Defaults: schedule constant 2e-5 (TRL's {@code SFTConfig.learning_rate}); seed
   * 42 as in {@link OptimizerBuilder}.
   */
  public static final class Builder extends OptimizerBuilder<Builder> {

    private Builder(TrainablePolicy policy) {
      super(Require.nonNull("policy", policy), LearningRateSchedule.constant(2e-5));
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Builds the optimiser. */
    public SftOptimizer build() {
      return new SftOptimizer(buildLoop());
    }
  }
}
