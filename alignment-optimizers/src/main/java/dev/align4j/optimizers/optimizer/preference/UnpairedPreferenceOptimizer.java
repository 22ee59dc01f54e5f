package dev.align4j.optimizers.optimizer.preference;

import dev.align4j.core.Policy;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.objective.UnpairedBatch;
import dev.align4j.optimizers.objective.UnpairedObjective;
import dev.align4j.optimizers.objective.UnpairedResult;
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
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * Offline optimisation on unpaired binary feedback ({@link BinaryLabel}: thumbs up / thumbs down) with any
 * {@link UnpairedObjective}: KTO (Ethayarajh et al. 2024), BCO (Jung et al. 2024), APO-zero, NPO
 * ({@code Objectives.unpaired(...)}).
 *
 * <p>KTO's reference point z0 needs KL pairs (no gradient flows through them: z0 is detached in KTO), chosen by
 * {@link KlPairs}: {@link KlPairs#MISMATCHED} (default, TRL's {@code KTOTrainer}) rotates the batch's completions by
 * one,
 * pairing prompt i with completion i − 1; {@link KlPairs#SAMPLED} draws y' ∼ π(·|x_i) with the step's seeded generator
 * (the definition of the KL, and the only choice for a candidate-set policy such as the log-linear one, which cannot
 * score another prompt's completion); {@link KlPairs#NONE} skips them (BCO, APO-zero, NPO, or a fixed z0). Batches of
 * one example get no mismatched pairs. Reference log-probs come from a {@link ReferenceCache}. The policy runs its
 * batch methods only: one {@code forwardBatch} over the labelled completions, with {@link KlPairs#SAMPLED} one
 * {@code sampleBatch} over the batch's prompts, one {@code logProbsBatch} over the KL pairs, and one
 * {@code backwardBatch} with the objective's per-sequence gradients.
 *
 * <p>Metrics: {@code loss}, the objective's metrics ({@code rewards/chosen}, {@code rewards/rejected}, {@code kl}, …),
 * {@code grad_norm}, {@code learning_rate}. Bad input and non-finite losses are handled as in
 * {@link PairwisePreferenceOptimizer}. The objective's own running state (BCO's reward shift δ) is not part of a
 * checkpoint.
 */
public final class UnpairedPreferenceOptimizer implements ResumableOptimizer<List<BinaryLabel>> {
  private static final String KIND = "unpaired-preference";

  /** How the KL pairs of KTO's reference point are formed. */
  public enum KlPairs {
    /** Prompt i with the batch's completion i − 1 (TRL). */
    MISMATCHED,
    /** Prompt i with a completion sampled from the current policy. */
    SAMPLED,
    /** No KL pairs. */
    NONE
  }

  private final TrainingLoop loop;
  private final UnpairedObjective objective;
  private final ReferenceCache references;
  private final KlPairs klPairs;

  private UnpairedPreferenceOptimizer(
      TrainingLoop loop, UnpairedObjective objective, Policy reference, KlPairs klPairs) {
    this.loop = loop;
    this.objective = objective;
    this.references = new ReferenceCache(reference);
    this.klPairs = klPairs;
  }

  /** A builder training {@code policy} with {@code objective}. */
  public static Builder builder(TrainablePolicy policy, UnpairedObjective objective) {
    return new Builder(policy, objective);
  }

  @Override
  public StepMetrics step(List<BinaryLabel> batch) {
    InputChecks.batch("batch", batch);
    BinaryLabel first = Require.nonNull("batch[0]", batch.get(0));
    return loop.run(
        loop.describe(batch.size(), "labels", first.prompt().text()),
        (metrics, random) -> accumulate(batch, metrics, random));
  }

  private double accumulate(
      List<BinaryLabel> batch, Map<String, Double> metrics, RandomGenerator random) {
    TrainablePolicy policy = loop.policy();
    int n = batch.size();
    List<Prompt> prompts = new ArrayList<>(n);
    List<Completion> completions = new ArrayList<>(n);
    boolean[] desirable = new boolean[n];
    for (int i = 0; i < n; i++) {
      String name = "batch[" + i + "]";
      BinaryLabel l = Require.nonNull(name, batch.get(i));
      prompts.add(InputChecks.prompt(name + ".prompt", l.prompt()));
      completions.add(InputChecks.completion(name + ".completion", l.completion()));
      desirable[i] = l.desirable();
    }
    SequenceBatch f =
        SequenceBatch.run(
            policy,
            references,
            prompts,
            completions,
            i -> "batch[" + i + "]",
            i -> "batch[" + i + "].completion");
    UnpairedBatch b = UnpairedBatch.of(f.logProbs, f.referenceLogProbs, desirable);
    if (klPairs == KlPairs.SAMPLED || (klPairs == KlPairs.MISMATCHED && n > 1)) {
      IntFunction<String> names = i -> "batch[" + i + "] KL pair";
      List<Completion> others = new ArrayList<>(n);
      if (klPairs == KlPairs.SAMPLED) {
        // one batch call; the policy re-tokenises the sampled text (its own ids are not reused)
        List<Completion> sampled =
            InputChecks.namedBatch(
                names, () -> policy.sampleBatch(prompts, SamplingParameters.DEFAULT, random));
        Require.argument(
            sampled.size() == n, "policy must return %d samples, returned %d", n, sampled.size());
        for (Completion c : sampled) {
          others.add(Completion.of(c.text()));
        }
      } else {
        for (int i = 0; i < n; i++) {
          others.add(completions.get((i + n - 1) % n));
        }
      }
      List<TokenLogProbs> kl =
          InputChecks.namedBatch(names, () -> policy.logProbsBatch(prompts, others));
      double[] klPolicy = new double[n];
      int[] tokens = new int[n];
      for (int i = 0; i < n; i++) {
        klPolicy[i] = kl.get(i).sum();
        tokens[i] = kl.get(i).length();
      }
      double[] klRef =
          InputChecks.namedBatch(names, () -> references.logProbs(prompts, others, tokens));
      b = b.withKlPairs(klPolicy, klRef);
    }
    UnpairedResult r = objective.evaluate(b);
    if (Double.isFinite(r.loss())) {
      f.backward(r.gradPolicy());
    }
    new TreeMap<>(r.metrics()).forEach(metrics::put);
    return r.loss();
  }

  @Override
  public long stepCount() {
    return loop.stepCount();
  }

  /** The reference cache. */
  public ReferenceCache referenceCache() {
    return references;
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
   * Configures an {@link UnpairedPreferenceOptimizer}. Defaults: schedule constant 1e-6 (TRL's
   * {@code KTOConfig.learning_rate}); seed 42 and the reference as in {@link ReferenceOptimizerBuilder}.
   */
  public static final class Builder extends ReferenceOptimizerBuilder<Builder> {
    private final TrainablePolicy policy;
    private final UnpairedObjective objective;
    private KlPairs klPairs = KlPairs.MISMATCHED;

    private Builder(TrainablePolicy policy, UnpairedObjective objective) {
      super(Require.nonNull("policy", policy), LearningRateSchedule.constant(1e-6));
      this.policy = policy;
      this.objective = Require.nonNull("objective", objective);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** How KTO's KL pairs are formed (default {@link KlPairs#MISMATCHED}, TRL's). */
    public Builder klPairs(KlPairs klPairs) {
      this.klPairs = Require.nonNull("klPairs", klPairs);
      return this;
    }

    /** Builds the optimiser. */
    public UnpairedPreferenceOptimizer build() {
      return new UnpairedPreferenceOptimizer(
          buildLoop(), objective, referenceOrFrozenCopyOf(policy), klPairs);
    }
  }
}
