package dev.align4j.optimizers.optimizer.preference;

import dev.align4j.core.Policy;
import dev.align4j.core.ReferenceMixingPolicy;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.Checkpointable;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.objective.PairwiseResult;
import dev.align4j.optimizers.objective.pairwise.CombinedPairwiseLoss;
import dev.align4j.optimizers.objective.pairwise.PairwiseLoss;
import dev.align4j.optimizers.objective.pairwise.PairwiseLossType;
import dev.align4j.optimizers.objective.pairwise.WpoWeights;
import dev.align4j.optimizers.optimizer.InputChecks;
import dev.align4j.optimizers.optimizer.ReferenceCache;
import dev.align4j.optimizers.optimizer.ReferenceOptimizerBuilder;
import dev.align4j.optimizers.optimizer.ResumableOptimizer;
import dev.align4j.optimizers.optimizer.TrainingLoop;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Offline preference optimisation over {@link PairwiseComparison} batches with any {@link PairwiseObjective}: DPO and
 * every relative ({@code Objectives.pairwise("ipo", …)}, SimPO, ORPO, CPO, …). One step:
 *
 * <ol>
 *   <li>one batch forward pass of the policy ({@link TrainablePolicy#forwardBatch}) on every pair's chosen and
 *       rejected completion (summed token log-probs, lengths);
 *   <li>the reference's log-probs from a {@link ReferenceCache} (computed once per completion, TRL's precompute; the
 *       batch's uncached completions in one {@code logProbsBatch});
 *   <li>the objective's loss and ∂loss/∂(sequence log-prob), handed to one {@link TrainablePolicy#backwardBatch} as
 *       {@link TokenGradients.PerSequence} (every token of the sequence receives it, ∂Σ/∂token = 1);
 *   <li>optional RPO mixing: {@code + rpoAlpha · mean_i(−log π(y_w,i)/|y_w,i|)} (Pang et al. 2024, "Iterative
 *       Reasoning Preference Optimization"; TRL's legacy {@code rpo_alpha}: token-mean NLL of the chosen completions),
 *       whose gradient {@code −rpoAlpha/(n·|y_w,i|)} is part of chosen completion i's per-sequence gradient;
 *   <li>optional WPO weighting ({@link Builder#useWeighting}): each pair's loss times {@code w(y_w)·w(y_l)} from the
 *       policy's own distributions ({@link WpoWeights}; needs {@code DistributionForward}), the pair's RPO term
 *       included; refused with {@code aot} and {@code aot_unpaired}, whose per-pair losses are sorted ranks;
 *   <li>one all-or-nothing optimiser step ({@link TrainingLoop}).
 * </ol>
 *
 * <p>Reference updates: {@link Builder#referenceSync(int, double)} is TR-DPO (Gorbatovski et al. 2024; TRL's
 * {@code sync_ref_model}, every {@code ref_model_sync_steps} steps {@code θ_ref ← α·θ + (1 − α)·θ_ref}); α = 1 is a
 * hard
 * copy and works with any policy, α &lt; 1 needs a {@link ReferenceMixingPolicy}. {@link #nextStage()} is sDPO (Kim et
 * al.
 * 2024, "sDPO: Don't Use Your Data All at Once"): the policy aligned on the previous data chunk becomes the reference
 * for the next. Either clears the reference cache.
 *
 * <p>Metrics: {@code loss}, the objective's metrics ({@code rewards/chosen}, {@code rewards/rejected},
 * {@code rewards/margins}, {@code rewards/accuracies}, …), {@code logps/chosen}, {@code logps/rejected},
 * {@code log_ratio/mean} (mean over the batch's chosen and rejected completions of {@code log π − log π_ref}, in nats;
 * the completions are the dataset's, not the policy's samples, so this is not a KL estimate and is often negative — it
 * was called {@code kl} before 0.1.0 and was renamed so that nobody reads it as one; TRL's DPO trainer logs no KL),
 * {@code nll_loss} when RPO is on, {@code grad_norm}, {@code learning_rate}.
 *
 * <p>Bad input: an empty batch, a blank prompt, an empty completion, a tie or both-bad outcome (no chosen side), a
 * completion the policy refuses, or a reference whose token counts differ from the policy's, is an
 * {@link IllegalArgumentException} naming the pair; a non-finite loss stops with
 * {@link dev.align4j.optimizers.optimizer.NonFiniteLossException} and leaves the parameters unchanged.
 */
public final class PairwisePreferenceOptimizer
    implements ResumableOptimizer<List<PairwiseComparison>> {
  private static final String KIND = "pairwise-preference";

  private final TrainingLoop loop;
  private final PairwiseObjective objective;
  private final ReferenceCache references;
  private final double rpoAlpha;
  private final boolean useWeighting;
  private final int syncEvery;
  private final double syncAlpha;
  private boolean referenceReplaced;
  private int stage;

  private PairwisePreferenceOptimizer(Builder b, TrainingLoop loop, Policy reference) {
    this.loop = loop;
    this.objective = Require.nonNull("objective", b.objective);
    this.references = new ReferenceCache(reference);
    this.rpoAlpha = b.rpoAlpha;
    this.useWeighting = b.useWeighting;
    this.syncEvery = b.syncEvery;
    this.syncAlpha = b.syncAlpha;
  }

  /** A builder training {@code policy} with {@code objective}. */
  public static Builder builder(TrainablePolicy policy, PairwiseObjective objective) {
    return new Builder(policy, objective);
  }

  @Override
  public StepMetrics step(List<PairwiseComparison> batch) {
    InputChecks.batch("batch", batch);
    PairwiseComparison first = Require.nonNull("batch[0]", batch.get(0));
    StepMetrics m =
        loop.run(
            loop.describe(batch.size(), "pairs", first.prompt().text()),
            (metrics, random) -> accumulate(batch, metrics));
    if (syncEvery > 0 && loop.stepCount() % syncEvery == 0) {
      syncReference();
    }
    return m;
  }

  private double accumulate(List<PairwiseComparison> batch, Map<String, Double> metrics) {
    int n = batch.size();
    // one batch of 2n sequences, pair i's chosen at 2i and rejected at 2i + 1
    List<Prompt> prompts = new ArrayList<>(2 * n);
    List<Completion> completions = new ArrayList<>(2 * n);
    InputChecks.interleavedPairs(batch, prompts, completions);
    IntFunction<String> names =
        k -> "batch[" + k / 2 + "]" + (k % 2 == 0 ? ".chosen" : ".rejected");
    SequenceBatch f =
        SequenceBatch.run(loop.policy(), references, prompts, completions, names, names);
    double[] pc = new double[n];
    double[] pr = new double[n];
    double[] rc = new double[n];
    double[] rr = new double[n];
    int[] lc = new int[n];
    int[] lr = new int[n];
    for (int i = 0; i < n; i++) {
      pc[i] = f.logProbs[2 * i];
      pr[i] = f.logProbs[2 * i + 1];
      rc[i] = f.referenceLogProbs[2 * i];
      rr[i] = f.referenceLogProbs[2 * i + 1];
      lc[i] = f.lengths[2 * i];
      lr[i] = f.lengths[2 * i + 1];
    }
    PairwiseResult r = objective.evaluate(PairwiseBatch.of(pc, pr, rc, rr, lc, lr));
    double loss = r.loss();
    double @Nullable [] weights = null;
    if (useWeighting) {
      // WPO: loss = mean_i w_i·ℓ_i with detached w_i, so pair i's gradients scale by w_i
      weights = new double[n];
      loss = 0;
      for (int i = 0; i < n; i++) {
        weights[i] = f.wpoWeight(2 * i) * f.wpoWeight(2 * i + 1);
        loss += weights[i] * r.losses()[i] / n;
      }
    }
    double nll = 0;
    double weightedNll = 0;
    for (int i = 0; i < n; i++) {
      nll += -pc[i] / lc[i];
      weightedNll += (weights == null ? 1.0 : weights[i]) * -pc[i] / lc[i];
    }
    nll /= n;
    weightedNll /= n;
    if (rpoAlpha > 0) {
      // WPO weights the whole pair loss, RPO's NLL included (TRL: the sft term is one of the
      // weighted losses)
      loss += rpoAlpha * weightedNll;
    }
    if (Double.isFinite(loss)) {
      // ∂loss/∂log π(y|x) per sequence; RPO adds ∂(α · mean_i w_i·(−log π(y_w,i)/|y_w,i|))/∂log
      // π(y_w,i)
      // = −α·w_i/(n·|y_w,i|)
      double[] g = new double[2 * n];
      for (int i = 0; i < n; i++) {
        double w = weights == null ? 1.0 : weights[i];
        g[2 * i] =
            w * r.gradPolicyChosen()[i]
                - (rpoAlpha > 0 ? w * rpoAlpha / (n * (double) lc[i]) : 0.0);
        g[2 * i + 1] = w * r.gradPolicyRejected()[i];
      }
      f.backward(g);
    }
    new TreeMap<>(r.metrics()).forEach(metrics::put);
    double sc = 0;
    double sr = 0;
    double kl = 0;
    for (int i = 0; i < n; i++) {
      sc += pc[i];
      sr += pr[i];
      kl += (pc[i] - rc[i]) + (pr[i] - rr[i]);
    }
    metrics.putIfAbsent("logps/chosen", sc / n);
    metrics.putIfAbsent("logps/rejected", sr / n);
    metrics.put("log_ratio/mean", kl / (2 * n));
    if (rpoAlpha > 0) {
      metrics.put("nll_loss", nll);
    }
    return loss;
  }

  private void syncReference() {
    TrainablePolicy policy = loop.policy();
    Policy next =
        syncAlpha >= 1.0
            ? policy.frozenCopy()
            : ((ReferenceMixingPolicy) policy).frozenMixture(references.reference(), syncAlpha);
    references.reset(next);
    referenceReplaced = true;
  }

  /**
   * sDPO: makes the current policy the reference for the next chunk of data and clears the reference cache.
   *
   * @return the new stage number (the first stage is 0)
   */
  public int nextStage() {
    references.reset(loop.policy().frozenCopy());
    referenceReplaced = true;
    return ++stage;
  }

  /** The current sDPO stage (0 until {@link #nextStage()} is called). */
  public int stage() {
    return stage;
  }

  /** The current reference policy. */
  public Policy reference() {
    return references.reference();
  }

  /** Computes and caches the reference log-probs of every completion of {@code pairs} up front. */
  public void precomputeReference(List<PairwiseComparison> pairs) {
    Require.nonNull("pairs", pairs);
    List<Prompt> prompts = new ArrayList<>(2 * pairs.size());
    List<Completion> completions = new ArrayList<>(2 * pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      PairwiseComparison p = Require.nonNull("pairs[" + i + "]", pairs.get(i));
      for (Completion c : List.of(p.a(), p.b())) {
        prompts.add(p.prompt());
        completions.add(c);
      }
    }
    IntFunction<String> names = k -> "pairs[" + k / 2 + "]";
    List<TokenLogProbs> policyLogProbs =
        InputChecks.namedBatch(names, () -> loop.policy().logProbsBatch(prompts, completions));
    int[] tokens = new int[policyLogProbs.size()];
    for (int k = 0; k < tokens.length; k++) {
      tokens[k] = policyLogProbs.get(k).length();
    }
    InputChecks.namedBatch(names, () -> references.logProbs(prompts, completions, tokens));
  }

  /** The training loop (for the online optimiser in this package). */
  TrainingLoop loop() {
    return loop;
  }

  /** Replaces the reference with a frozen copy of the current policy (iterative DPO's per-round update). */
  void resetReferenceToPolicy() {
    references.reset(loop.policy().frozenCopy());
    referenceReplaced = true;
  }

  /** The reference cache (for its statistics). */
  public ReferenceCache referenceCache() {
    return references;
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
    Policy ref = references.reference();
    Require.argument(
        !referenceReplaced || ref instanceof Checkpointable,
        "the reference was replaced during training and must implement Checkpointable to be saved, was %s",
        ref.getClass().getName());
    loop.save(
        path,
        KIND,
        out -> {
          out.writeInt(stage);
          out.writeBoolean(referenceReplaced);
          if (referenceReplaced) {
            TrainingLoop.writeBlock(out, TrainingLoop.snapshot((Checkpointable) ref));
          }
        });
  }

  @Override
  public void restoreCheckpoint(Path path) throws IOException {
    loop.restore(
        path,
        KIND,
        in -> {
          int s = in.readInt();
          boolean replaced = in.readBoolean();
          Policy ref = null;
          if (replaced) {
            byte[] state = TrainingLoop.readBlock(in);
            Policy fresh = loop.policy().frozenCopy();
            Require.argument(
                fresh instanceof Checkpointable,
                "the policy's frozen copy must implement Checkpointable to restore a replaced reference");
            ((Checkpointable) fresh)
                .readState(new DataInputStream(new ByteArrayInputStream(state)));
            ref = fresh;
          }
          stage = s;
          if (ref != null) {
            references.reset(ref);
          }
          referenceReplaced = replaced;
        });
  }

  /**
   * Configures a {@link PairwisePreferenceOptimizer}. Defaults: schedule constant 1e-6 (TRL's
   * {@code DPOConfig.learning_rate}); seed 42 and the reference as in {@link ReferenceOptimizerBuilder}.
   */
  public static final class Builder extends ReferenceOptimizerBuilder<Builder> {
    private final TrainablePolicy policy;
    private final PairwiseObjective objective;
    private double rpoAlpha;
    private boolean useWeighting;
    private int syncEvery;
    private double syncAlpha = 0.6;

    private Builder(TrainablePolicy policy, PairwiseObjective objective) {
      super(Require.nonNull("policy", policy), LearningRateSchedule.constant(1e-6));
      this.policy = policy;
      this.objective = Require.nonNull("objective", objective);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** RPO: weight α ≥ 0 of the chosen token-mean NLL added to the loss; default 0 (off; the RPO paper uses 1.0). */
    public Builder rpoAlpha(double alpha) {
      this.rpoAlpha = Require.nonNegative("rpoAlpha", alpha);
      return this;
    }

    /**
     * WPO ({@code use_weighting}): multiplies each pair's loss by {@code w(y_w)·w(y_l)}, computed from the policy's own
     * per-position distributions ({@link WpoWeights}; the RPO term of the pair is weighted too, as TRL weights its
     * {@code sft} term). Default false (TRL's
     * {@code DPOConfig.use_weighting}). A policy whose forward passes have no distributions is refused at the first
     * step, naming {@code DistributionForward}.
     */
    public Builder useWeighting(boolean useWeighting) {
      this.useWeighting = useWeighting;
      return this;
    }

    /**
     * TR-DPO: every {@code everySteps} steps set {@code θ_ref ← α·θ + (1 − α)·θ_ref}. TRL's defaults are 512 steps and
     * α = 0.6; off unless called.
     */
    public Builder referenceSync(int everySteps, double alpha) {
      this.syncEvery = Require.positive("everySteps", everySteps);
      this.syncAlpha = Require.inClosedRange("alpha", alpha, 0.0, 1.0);
      return this;
    }

    /**
     * Builds the optimiser.
     *
     * @throws IllegalArgumentException when a soft reference sync (α &lt; 1) is asked of a policy that cannot mix, or
     *     WPO weighting of an objective with an {@code aot} or {@code aot_unpaired} term
     */
    public PairwisePreferenceOptimizer build() {
      if (useWeighting) {
        requirePerPairLosses(objective);
      }
      Require.argument(
          syncEvery == 0 || syncAlpha >= 1.0 || policy instanceof ReferenceMixingPolicy,
          "referenceSync with alpha %s < 1 needs a ReferenceMixingPolicy, the policy is %s",
          syncAlpha,
          policy.getClass().getName());
      return new PairwisePreferenceOptimizer(this, buildLoop(), referenceOrFrozenCopyOf(policy));
    }

    /**
     * WPO multiplies pair i's loss by pair i's weight, so every term must give pair i's own loss: AOT's terms are the
     * losses of the batch's sorted margins (rank k pairs the k-th smallest policy margin with the k-th smallest
     * reference margin), and weighting rank k with pair k's weight gives a loss whose gradient is not the one
     * applied. Refused, as TRL's {@code DPOTrainer} refuses {@code use_weighting} with {@code aot} and
     * {@code aot_unpaired}.
     */
    private static void requirePerPairLosses(PairwiseObjective objective) {
      List<PairwiseLoss> terms =
          objective instanceof CombinedPairwiseLoss c
              ? c.terms()
              : objective instanceof PairwiseLoss l ? List.of(l) : List.of();
      for (PairwiseLoss term : terms) {
        PairwiseLossType type = term.type();
        Require.argument(
            type != PairwiseLossType.AOT && type != PairwiseLossType.AOT_UNPAIRED,
            "use_weighting needs per-pair losses; loss_type %s pairs sorted margins across the batch "
                + "(TRL refuses it with use_weighting too), was loss_type %s",
            type.trlName(),
            type.trlName());
      }
    }
  }
}
