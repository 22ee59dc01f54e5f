package dev.align4j.optimizers.optimizer.preference;

import dev.align4j.core.Policy;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.objective.ListwiseBatch;
import dev.align4j.optimizers.objective.ListwiseObjective;
import dev.align4j.optimizers.objective.ListwiseResult;
import dev.align4j.optimizers.optimizer.InputChecks;
import dev.align4j.optimizers.optimizer.ReferenceCache;
import dev.align4j.optimizers.optimizer.ReferenceOptimizerBuilder;
import dev.align4j.optimizers.optimizer.ResumableOptimizer;
import dev.align4j.optimizers.optimizer.TrainingLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Offline optimisation on rankings ({@link Ranking}: k ≥ 2 candidates ordered best to worst) with any
 * {@link ListwiseObjective}: Plackett–Luce DPO (Rafailov et al. 2023, appendix A.3), PRO, LiPO-λ, RRHF
 * ({@code ListwiseObjectives.create(...)}). Each ranking becomes one list of the {@link ListwiseBatch}, its
 * candidates in preference order with their summed policy and (cached) reference log-probs and token counts. All the
 * batch's candidates go through one {@code forwardBatch} and one {@code backwardBatch} with per-sequence gradients.
 *
 * <p>Metrics: {@code loss}, the objective's metrics, {@code grad_norm}, {@code learning_rate}. Bad input and
 * non-finite losses are handled as in {@link PairwisePreferenceOptimizer}.
 */
public final class ListwisePreferenceOptimizer implements ResumableOptimizer<List<Ranking>> {
  private static final String KIND = "listwise-preference";

  private final TrainingLoop loop;
  private final ListwiseObjective objective;
  private final ReferenceCache references;

  private ListwisePreferenceOptimizer(
      TrainingLoop loop, ListwiseObjective objective, Policy reference) {
    this.loop = loop;
    this.objective = objective;
    this.references = new ReferenceCache(reference);
  }

  /** A builder training {@code policy} with {@code objective}. */
  public static Builder builder(TrainablePolicy policy, ListwiseObjective objective) {
    return new Builder(policy, objective);
  }

  @Override
  public StepMetrics step(List<Ranking> batch) {
    InputChecks.batch("batch", batch);
    Ranking first = Require.nonNull("batch[0]", batch.get(0));
    return loop.run(
        loop.describe(batch.size(), "rankings", first.prompt().text()),
        (metrics, random) -> accumulate(batch, metrics));
  }

  private double accumulate(List<Ranking> batch, Map<String, Double> metrics) {
    int[] sizes = new int[batch.size()];
    List<Prompt> prompts = new ArrayList<>();
    List<Completion> completions = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int q = 0; q < batch.size(); q++) {
      Ranking r = Require.nonNull("batch[" + q + "]", batch.get(q));
      sizes[q] = r.candidates().size();
      List<Completion> ranked = r.ranked();
      for (int j = 0; j < ranked.size(); j++) {
        String name = "batch[" + q + "] rank " + j;
        prompts.add(InputChecks.prompt(name + ".prompt", r.prompt()));
        completions.add(InputChecks.completion(name + ".completion", ranked.get(j)));
        names.add(name);
      }
    }
    SequenceBatch f =
        SequenceBatch.run(
            loop.policy(),
            references,
            prompts,
            completions,
            names::get,
            k -> names.get(k) + ".completion");
    ListwiseResult res =
        objective.evaluate(
            new ListwiseBatch(f.logProbs, f.referenceLogProbs, f.lengths, sizes, null));
    if (Double.isFinite(res.loss())) {
      f.backward(res.gradPolicy());
    }
    new TreeMap<>(res.metrics()).forEach(metrics::put);
    return res.loss();
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
   * Configures a {@link ListwisePreferenceOptimizer}. Defaults: schedule constant 1e-6 (as DPO); seed 42 and the
   * reference as in {@link ReferenceOptimizerBuilder}.
   */
  public static final class Builder extends ReferenceOptimizerBuilder<Builder> {
    private final TrainablePolicy policy;
    private final ListwiseObjective objective;

    private Builder(TrainablePolicy policy, ListwiseObjective objective) {
      super(Require.nonNull("policy", policy), LearningRateSchedule.constant(1e-6));
      this.policy = policy;
      this.objective = Require.nonNull("objective", objective);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Builds the optimiser. */
    public ListwisePreferenceOptimizer build() {
      return new ListwisePreferenceOptimizer(
          buildLoop(), objective, referenceOrFrozenCopyOf(policy));
    }
  }
}
