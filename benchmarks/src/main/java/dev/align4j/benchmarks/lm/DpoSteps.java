package dev.align4j.benchmarks.lm;

import dev.align4j.core.Policy;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.objective.PairwiseResult;
import dev.align4j.optimizers.optimizer.preference.PairwisePreferenceOptimizer;
import dev.align4j.policies.lm.TransformerLanguageModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The DPO step on the benchmark transformer, two ways: the raw batch path (the model's batch methods and the objective
 * called by hand) and {@link PairwisePreferenceOptimizer#step}. Both are TRL's DPO step with
 * {@code precompute_ref_log_probs=False}: sigmoid loss, β = 0.1 (TRL's {@code DPOConfig} defaults), the policy's
 * forward pass on the chosen and the rejected completions of 16 pairs as one batch of 32 (chosen first, as TRL's
 * {@code concatenated_forward}), the frozen reference's forward pass on the same 32 <em>every step</em>, the loss and
 * its gradient, the backward pass, AdamW with clipping at the model's max norm 1.0, learning rate 1e-6 (TRL's
 * {@code learning_rate}, the optimiser's default constant schedule).
 *
 * <p>Every step gets a batch it has never seen (a prompt of one random letter, completions of 61 random printable
 * bytes, drawn from a seeded generator at the start of the step; raw and optimiser paths see the same batches), so
 * that the optimiser's reference cache, keyed on the completion text, misses every time and the reference runs on all
 * 32 sequences, as it does on the raw path.
 * Policy tokens per step: 32 × 64 = 2,048.
 */
final class DpoSteps {
  /** Preference pairs per step. */
  static final int PAIRS = 16;

  /** TRL's {@code DPOConfig.learning_rate}, the optimiser's default. */
  static final double LEARNING_RATE = 1e-6;

  private DpoSteps() {}

  /** TRL's default DPO objective: sigmoid loss, β = 0.1. */
  static PairwiseObjective objective() {
    return Objectives.pairwise("sigmoid", Map.of("beta", 0.1));
  }

  /**
   * An endless source of batches of {@link #PAIRS} pairs drawn from {@code new SplittableRandom(seed)}: two sources
   * with the same seed give the same batches, and no completion repeats (61 random bytes). Drawing a batch takes a few
   * microseconds, under 0.01 % of a step.
   */
  static Supplier<List<PairwiseComparison>> batches(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Provenance provenance = Provenance.of(SourceKind.RULE, "benchmark", Instant.EPOCH);
    return () -> {
      List<PairwiseComparison> batch = new ArrayList<>(PAIRS);
      for (int i = 0; i < PAIRS; i++) {
        Prompt prompt = Prompt.of(String.valueOf((char) ('a' + r.nextInt(26))));
        batch.add(
            PairwiseComparison.preferring(
                prompt, randomCompletion(r), randomCompletion(r), provenance));
      }
      return batch;
    };
  }

  /**
   * {@link AlignmentStep#COMPLETION_TOKENS} random printable ASCII bytes, with their byte tokens attached (so that the
   * model scores exactly these 61 tokens, no EOS appended, as {@link LmTrainingBenchmark} and the PyTorch peer).
   */
  static Completion randomCompletion(SplittableRandom r) {
    char[] c = new char[AlignmentStep.COMPLETION_TOKENS];
    int[] ids = new int[c.length];
    for (int t = 0; t < c.length; t++) {
      c[t] = (char) (33 + r.nextInt(94));
      ids[t] = c[t];
    }
    return new Completion(new String(c), ids, null);
  }

  /** A raw-path step on a fresh model running on {@code executor}, fed by {@code batches}. */
  static AlignmentStep raw(Executor executor, Supplier<List<PairwiseComparison>> batches) {
    return raw(executor, batches, null);
  }

  /** As {@link #raw(Executor, Supplier)}, timing the phases on {@code clock} (see {@link #phases()}) when not null. */
  static AlignmentStep raw(
      Executor executor, Supplier<List<PairwiseComparison>> batches, @Nullable PhaseClock clock) {
    TransformerLanguageModel model = AlignmentStep.model(executor);
    return new Raw(model, model.frozenCopy(), objective(), batches, clock);
  }

  /** A clock for the raw step's phases. */
  static PhaseClock phases() {
    return new PhaseClock(
        "batch + policy forwardBatch (32)",
        "reference logProbsBatch (32)",
        "sigmoid DPO objective",
        "backwardBatch (per sequence)",
        "step (clip + AdamW)");
  }

  /** An optimiser step on a fresh model running on {@code executor}, fed by {@code batches}. */
  static AlignmentStep optimizer(Executor executor, Supplier<List<PairwiseComparison>> batches) {
    TransformerLanguageModel model = AlignmentStep.model(executor);
    PairwisePreferenceOptimizer optimizer =
        PairwisePreferenceOptimizer.builder(model, objective())
            .reference(model.frozenCopy())
            .build();
    return new Through(optimizer, batches);
  }

  /** The policy tokens of a batch: both completions of every pair, each with its prompt. */
  static long tokens(List<PairwiseComparison> batch) {
    long n = 0;
    for (PairwiseComparison p : batch) {
      // one byte token per ASCII character of the completions built by randomCompletion
      n +=
          AlignmentStep.sequenceTokens(p.prompt(), p.chosen().text().length())
              + AlignmentStep.sequenceTokens(p.prompt(), p.rejected().text().length());
    }
    return n;
  }

  /**
   * The raw batch path: zeroGrad, {@code forwardBatch} on the 32 sequences, the reference's {@code logProbsBatch} on
   * the same, the sigmoid DPO objective, {@code backwardBatch} with per-sequence gradients, {@code step}.
   */
  private static final class Raw implements AlignmentStep {
    private final TransformerLanguageModel model;
    private final Policy reference;
    private final PairwiseObjective objective;
    private final Supplier<List<PairwiseComparison>> batches;
    private final @Nullable PhaseClock clock;

    Raw(
        TransformerLanguageModel model,
        Policy reference,
        PairwiseObjective objective,
        Supplier<List<PairwiseComparison>> batches,
        @Nullable PhaseClock clock) {
      this.model = model;
      this.reference = reference;
      this.objective = objective;
      this.batches = batches;
      this.clock = clock;
    }

    @Override
    public String name() {
      return "dpo-raw";
    }

    @Override
    public TrainablePolicy policy() {
      return model;
    }

    @Override
    public long run() {
      if (clock != null) {
        clock.start();
      }
      List<PairwiseComparison> batch = batches.get();
      int n = batch.size();
      List<Prompt> prompts = new ArrayList<>(2 * n);
      List<Completion> completions = new ArrayList<>(2 * n);
      for (PairwiseComparison p : batch) {
        prompts.add(p.prompt());
        completions.add(p.chosen());
      }
      for (PairwiseComparison p : batch) {
        prompts.add(p.prompt());
        completions.add(p.rejected());
      }
      model.zeroGrad();
      List<? extends TrainablePolicy.Forward> forwards = model.forwardBatch(prompts, completions);
      lap(0);
      List<TokenLogProbs> ref = reference.logProbsBatch(prompts, completions);
      lap(1);
      double[] pc = new double[n];
      double[] pr = new double[n];
      double[] rc = new double[n];
      double[] rr = new double[n];
      int[] lc = new int[n];
      int[] lr = new int[n];
      long tokens = 0;
      for (int i = 0; i < n; i++) {
        TokenLogProbs c = forwards.get(i).logProbs();
        TokenLogProbs r = forwards.get(n + i).logProbs();
        pc[i] = c.sum();
        pr[i] = r.sum();
        rc[i] = ref.get(i).sum();
        rr[i] = ref.get(n + i).sum();
        lc[i] = c.length();
        lr[i] = r.length();
        tokens +=
            AlignmentStep.sequenceTokens(prompts.get(i), lc[i])
                + AlignmentStep.sequenceTokens(prompts.get(n + i), lr[i]);
      }
      PairwiseResult result = objective.evaluate(PairwiseBatch.of(pc, pr, rc, rr, lc, lr));
      double[] g = new double[2 * n];
      System.arraycopy(result.gradPolicyChosen(), 0, g, 0, n);
      System.arraycopy(result.gradPolicyRejected(), 0, g, n, n);
      lap(2);
      model.backwardBatch(forwards, TokenGradients.perSequence(g));
      lap(3);
      model.step(LEARNING_RATE);
      lap(4);
      return tokens;
    }

    private void lap(int phase) {
      if (clock != null) {
        clock.lap(phase);
      }
    }
  }

  /** The same step through {@link PairwisePreferenceOptimizer#step}. */
  private static final class Through implements AlignmentStep {
    private final PairwisePreferenceOptimizer optimizer;
    private final Supplier<List<PairwiseComparison>> batches;

    Through(PairwisePreferenceOptimizer optimizer, Supplier<List<PairwiseComparison>> batches) {
      this.optimizer = optimizer;
      this.batches = batches;
    }

    @Override
    public String name() {
      return "dpo-optimizer";
    }

    @Override
    public TrainablePolicy policy() {
      return optimizer.policy();
    }

    @Override
    public long run() {
      List<PairwiseComparison> batch = batches.get();
      optimizer.step(batch);
      return tokens(batch);
    }
  }
}
