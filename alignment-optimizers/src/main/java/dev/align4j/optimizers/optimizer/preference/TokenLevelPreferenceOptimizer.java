package dev.align4j.optimizers.optimizer.preference;

import dev.align4j.core.DistributionForward;
import dev.align4j.core.DistributionPolicy;
import dev.align4j.core.Policy;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.TokenDistributions;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.objective.TokenLevelPairBatch;
import dev.align4j.optimizers.objective.TokenLevelPairResult;
import dev.align4j.optimizers.objective.pairwise.TdpoLoss;
import dev.align4j.optimizers.optimizer.InputChecks;
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

/**
 * Token-level preference optimisation, TDPO (Zeng et al. 2024, "Token-level Direct Preference Optimization"), end to
 * end on a policy that exposes its per-position distributions. One step over {@link PairwiseComparison}s:
 *
 * <ol>
 *   <li>the policy's forward passes of every pair's chosen and rejected completion ({@link DistributionForward}: token
 *       log-probabilities and the whole next-token distribution at every position);
 *   <li>the reference's token log-probabilities and distributions ({@link DistributionPolicy});
 *   <li>the per-position forward KL {@code KL_t = Σ_v π_ref(v)·(log π_ref(v) − log π_θ(v))}, the input TDPO sums into
 *       its sequential KL;
 *   <li>{@link TdpoLoss} on the {@link TokenLevelPairBatch}; its gradients with respect to the token log-probabilities
 *       and to each {@code KL_t} are back-propagated exactly: {@code ∂KL_t/∂log π_θ(v) = −π_ref(v)}, so the
 *       distribution gradient is {@code −gradKl_t·π_ref(v)} ({@link DistributionForward#backwardWithDistributions});
 *   <li>one all-or-nothing optimiser step.
 * </ol>
 *
 * <p>Metrics: TdpoLoss's ({@code rewards/chosen}, {@code rewards/rejected}, {@code rewards/margins},
 * {@code rewards/accuracies} with TDPO's token-level implicit reward {@code β·(Σ_t log π_θ/π_ref + D_SeqKL)},
 * {@code kl/chosen}, {@code kl/rejected}), {@code loss}, {@code grad_norm}, {@code learning_rate}. Defaults: TdpoLoss's
 * (β 0.1, α 0.5, TDPO2); learning rate constant 1e-6 ({@code DPOConfig.learning_rate}, as the
 * pairwise optimiser); the reference a frozen copy of the policy, which must then be a {@link DistributionPolicy}.
 *
 * <p>Bad input: an empty batch, a blank prompt, an empty completion or an indecisive outcome, a policy whose forward
 * passes have no distributions, or a reference without distributions, is an {@link IllegalArgumentException} naming
 * it; nothing is changed then.
 */
public final class TokenLevelPreferenceOptimizer
    implements ResumableOptimizer<List<PairwiseComparison>> {
  private static final String KIND = "token-level-preference";

  private final TrainingLoop loop;
  private final TdpoLoss objective;
  private final DistributionPolicy reference;

  private TokenLevelPreferenceOptimizer(
      TrainingLoop loop, TdpoLoss objective, DistributionPolicy reference) {
    this.loop = loop;
    this.objective = objective;
    this.reference = reference;
  }

  /** A builder training {@code policy} with {@code objective}. */
  public static Builder builder(TrainablePolicy policy, TdpoLoss objective) {
    return new Builder(policy, objective);
  }

  /**
   * The per-position forward KL {@code Σ_v π_ref(v)·(log π_ref(v) − log π_θ(v))} of every position (a zero reference
   * probability counts 0).
   */
  static double[] positionKl(TokenDistributions ref, TokenDistributions policy) {
    int v = ref.vocabularySize();
    double[] r = ref.values();
    double[] p = policy.values();
    double[] kl = new double[ref.length()];
    for (int t = 0; t < kl.length; t++) {
      double s = 0;
      for (int j = t * v; j < (t + 1) * v; j++) {
        double q = Math.exp(r[j]);
        s += q == 0 ? 0 : q * (r[j] - p[j]);
      }
      kl[t] = Math.max(0.0, s);
    }
    return kl;
  }

  @Override
  public StepMetrics step(List<PairwiseComparison> batch) {
    InputChecks.batch("batch", batch);
    PairwiseComparison first = Require.nonNull("batch[0]", batch.get(0));
    return loop.run(
        loop.describe(batch.size(), "pairs", first.prompt().text()),
        (metrics, random) -> accumulate(batch, metrics));
  }

  private double accumulate(List<PairwiseComparison> batch, Map<String, Double> metrics) {
    int n = batch.size();
    List<Prompt> prompts = new ArrayList<>(2 * n);
    List<Completion> completions = new ArrayList<>(2 * n);
    InputChecks.interleavedPairs(batch, prompts, completions);
    List<? extends TrainablePolicy.Forward> forwards =
        InputChecks.namedBatch(
            k -> "batch[" + k / 2 + "]" + (k % 2 == 0 ? ".chosen" : ".rejected"),
            () -> loop.policy().forwardBatch(prompts, completions));
    List<DistributionForward> own = new ArrayList<>(2 * n);
    for (TrainablePolicy.Forward f : forwards) {
      if (!(f instanceof DistributionForward d)) {
        throw new IllegalArgumentException(
            "TDPO needs the policy's per-position distributions: its forward passes "
                + "must be DistributionForward, were "
                + f.getClass().getSimpleName());
      }
      own.add(d);
    }
    List<TokenLogProbs> refTokens = reference.logProbsBatch(prompts, completions);
    List<TokenDistributions> refRows = reference.tokenDistributionsBatch(prompts, completions);
    double[][] kl = new double[2 * n][];
    int[][] lengths = new int[2][n];
    for (int k = 0; k < 2 * n; k++) {
      TokenDistributions mine = own.get(k).distributions();
      Require.argument(
          refRows.get(k).length() == mine.length()
              && refRows.get(k).vocabularySize() == mine.vocabularySize(),
          "the reference's distributions of batch[%s] must have the policy's shape %s × %s",
          k / 2,
          mine.length(),
          mine.vocabularySize());
      kl[k] = positionKl(refRows.get(k), mine);
      lengths[k % 2][k / 2] = mine.length();
    }
    TokenLevelPairBatch b =
        new TokenLevelPairBatch(
            side(own, 0, n, k -> own.get(k).logProbs().values()),
            side(own, 0, n, k -> refTokens.get(k).values()),
            side(own, 0, n, k -> kl[k]),
            lengths[0],
            side(own, 1, n, k -> own.get(k).logProbs().values()),
            side(own, 1, n, k -> refTokens.get(k).values()),
            side(own, 1, n, k -> kl[k]),
            lengths[1]);
    TokenLevelPairResult r = objective.evaluate(b);
    if (Double.isFinite(r.loss())) {
      int[] offsets = new int[2];
      for (int k = 0; k < 2 * n; k++) {
        int s = k % 2;
        int len = lengths[s][k / 2];
        double[] gTok = new double[len];
        double[] gKl = new double[len];
        System.arraycopy(
            s == 0 ? r.gradPolicyChosenTokens() : r.gradPolicyRejectedTokens(),
            offsets[s],
            gTok,
            0,
            len);
        System.arraycopy(s == 0 ? r.gradChosenKl() : r.gradRejectedKl(), offsets[s], gKl, 0, len);
        offsets[s] += len;
        TokenDistributions ref = refRows.get(k);
        int v = ref.vocabularySize();
        double[] gDist = new double[len * v];
        double[] refValues = ref.values();
        for (int t = 0; t < len; t++) {
          for (int j = 0; j < v; j++) {
            gDist[t * v + j] = -gKl[t] * Math.exp(refValues[t * v + j]);
          }
        }
        own.get(k)
            .backwardWithDistributions(
                TrainingLoop.requireFiniteGradients("∂L/∂log π", gTok),
                TrainingLoop.requireFiniteGradients("∂L/∂KL", gDist));
      }
    }
    new TreeMap<>(r.metrics()).forEach(metrics::put);
    return r.loss();
  }

  /** The concatenated per-token arrays of one side (0 chosen, 1 rejected) of the 2n interleaved sequences. */
  private static double[] side(
      List<DistributionForward> own, int side, int n, IntFunction<double[]> values) {
    int total = 0;
    for (int i = 0; i < n; i++) {
      total += own.get(2 * i + side).logProbs().length();
    }
    double[] out = new double[total];
    int o = 0;
    for (int i = 0; i < n; i++) {
      double[] v = values.apply(2 * i + side);
      System.arraycopy(v, 0, out, o, v.length);
      o += v.length;
    }
    return out;
  }

  /** The reference policy. */
  public DistributionPolicy reference() {
    return reference;
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
   * Configures a {@link TokenLevelPreferenceOptimizer}. Defaults: learning rate constant 1e-6
   * ({@code DPOConfig.learning_rate}); seed 42; the reference a frozen copy of the policy.
   */
  public static final class Builder extends ReferenceOptimizerBuilder<Builder> {
    private final TdpoLoss objective;

    private Builder(TrainablePolicy policy, TdpoLoss objective) {
      super(Require.nonNull("policy", policy), LearningRateSchedule.constant(1e-6));
      this.objective = Require.nonNull("objective", objective);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Builds the optimiser.
     *
     * @throws IllegalArgumentException when the reference (given, or the policy's frozen copy) has no per-position
     *     distributions
     */
    public TokenLevelPreferenceOptimizer build() {
      TrainingLoop loop = buildLoop();
      Policy ref = referenceOrFrozenCopyOf(loop.policy());
      if (!(ref instanceof DistributionPolicy d)) {
        throw new IllegalArgumentException(
            "the reference must be a DistributionPolicy (TDPO's sequential KL needs its "
                + "per-position distributions), was "
                + ref.getClass().getSimpleName());
      }
      return new TokenLevelPreferenceOptimizer(loop, objective, d);
    }
  }
}
