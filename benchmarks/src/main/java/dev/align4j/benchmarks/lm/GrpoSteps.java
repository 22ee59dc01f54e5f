package dev.align4j.benchmarks.lm;

import dev.align4j.core.Policy;
import dev.align4j.core.RewardModel;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.optimizers.advantage.GroupNormalizedAdvantages;
import dev.align4j.optimizers.kl.FixedKlController;
import dev.align4j.optimizers.kl.KlEstimator;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientObjective;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.optimizers.objective.policygradient.GrpoLoss;
import dev.align4j.optimizers.optimizer.TrainingLoop;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer;
import dev.align4j.policies.lm.TransformerLanguageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The GRPO step on the benchmark transformer: 2 prompts × a group of 8 sampled completions = 16 sequences, up to 61
 * sampled tokens each (the context; a sample stops earlier when it draws EOS), TRL's {@code GRPOConfig} loss
 * ({@link GrpoLoss#builder()}: {@code grpo}, ε = 0.2, one iteration) with a KL loss term β = 0.04 (k3, token mean:
 * TRL's default β before 0.19, chosen here so that the reference's forward pass is needed on every path — with
 * β = 0 TRL does not run the reference), group-normalised advantages, a cheap deterministic reward (the share of
 * vowels in the completion's text), learning rate 1e-6, AdamW with clipping at 1.0. Three ways:
 *
 * <ul>
 *   <li>{@code grpo-optimizer}: {@link PolicyGradientOptimizer#step} on the two prompts — sampling included, since
 *       the optimiser's step samples;
 *   <li>{@code grpo-raw}: the same work by hand with the batch methods: sample the 16 completions in one
 *       {@code sampleBatch} (in parallel on the model's executor, as the optimiser), score them, zeroGrad,
 *       {@code forwardBatch} (whose log-probabilities are π_old: with one iteration π_old = π, as in the optimiser and
 *       in TRL), the reference's {@code logProbsBatch}, group-normalised advantages, the loss with its k3 term,
 *       {@code backwardBatch} with per-token gradients, {@code step};
 *   <li>{@code grpo-raw-update}: {@code grpo-raw} without sampling and scoring, on rollouts sampled before timing (so
 *       that the sampling share of a step is {@code grpo-raw} − {@code grpo-raw-update}).
 * </ul>
 *
 * <p>Policy tokens per step: Σ over the 16 sequences of (3 + sampled completion tokens), at most 16 × 64 = 1,024.
 */
final class GrpoSteps {
  /** Prompts per step. */
  static final int PROMPTS = 2;

  /** Completions sampled per prompt (TRL's {@code num_generations} default, 8). */
  static final int GROUP = 8;

  /** The KL coefficient β of the loss term. */
  static final double BETA = 0.04;

  /** TRL's {@code GRPOConfig.learning_rate}, the optimiser's default. */
  static final double LEARNING_RATE = 1e-6;

  /** Temperature 1, no top-k or top-p (TRL's defaults), at most the context's 61 completion tokens. */
  static final SamplingParameters SAMPLING =
      SamplingParameters.DEFAULT.withMaxTokens(AlignmentStep.COMPLETION_TOKENS);

  /** The reward: the share of the completion's characters that are lowercase vowels. */
  static final RewardModel REWARD =
      (prompt, completion) -> {
        String s = completion.text();
        int vowels = 0;
        for (int i = 0; i < s.length(); i++) {
          if ("aeiou".indexOf(s.charAt(i)) >= 0) {
            vowels++;
          }
        }
        return s.isEmpty() ? 0.0 : vowels / (double) s.length();
      };

  private GrpoSteps() {}

  /** The step's prompts: {@link #PROMPTS} one-letter prompts. */
  static List<Prompt> prompts() {
    List<Prompt> out = new ArrayList<>(PROMPTS);
    for (int p = 0; p < PROMPTS; p++) {
      out.add(Prompt.of(String.valueOf((char) ('a' + p))));
    }
    return out;
  }

  /** The optimiser path on a fresh model running on {@code executor}. */
  static AlignmentStep optimizer(Executor executor) {
    TransformerLanguageModel model = AlignmentStep.model(executor);
    PolicyGradientOptimizer optimizer =
        PolicyGradientOptimizer.builder(PolicyGradientOptimizer.Algorithm.GRPO, model, REWARD)
            .groupSize(GROUP)
            .sampling(SAMPLING)
            .klMode(PolicyGradientOptimizer.KlMode.LOSS_TERM)
            .klController(new FixedKlController(BETA))
            .reference(model.frozenCopy())
            .build();
    List<Prompt> prompts = prompts();
    return new AlignmentStep() {
      @Override
      public String name() {
        return "grpo-optimizer";
      }

      @Override
      public TrainablePolicy policy() {
        return optimizer.policy();
      }

      @Override
      public long run() {
        double meanLength = optimizer.step(prompts).get("mean_length");
        long sequences = (long) PROMPTS * GROUP;
        return Math.round(meanLength * sequences)
            + sequences * AlignmentStep.sequenceTokens(prompts.get(0), 0);
      }
    };
  }

  /** The raw path, sampling included, on a fresh model running on {@code executor}. */
  static AlignmentStep raw(Executor executor) {
    return raw(executor, null);
  }

  /** As {@link #raw(Executor)}, timing the phases on {@code clock} (see {@link #phases()}) when not null. */
  static AlignmentStep raw(Executor executor, @Nullable PhaseClock clock) {
    return new Raw(AlignmentStep.model(executor), null, "grpo-raw", clock);
  }

  /** A clock for the raw step's phases. */
  static PhaseClock phases() {
    return new PhaseClock(
        "sampleBatch 16 + score",
        "policy forwardBatch (pi_old = pi)",
        "reference logProbsBatch",
        "advantages",
        "GRPO objective + k3 term",
        "backwardBatch (per token)",
        "step (clip + AdamW)");
  }

  /**
   * The raw path without sampling, on a fresh model running on {@code executor}: cycles through {@code rollouts}
   * rollouts sampled from the fresh model before timing.
   */
  static AlignmentStep rawUpdate(Executor executor, int rollouts) {
    TransformerLanguageModel model = AlignmentStep.model(executor);
    List<Rollout> pool = new ArrayList<>(rollouts);
    RandomGenerator random = new SplittableRandom(7);
    for (int i = 0; i < rollouts; i++) {
      pool.add(Rollout.sample(model, prompts(), random));
    }
    return new Raw(model, pool, "grpo-raw-update", null);
  }

  /** Sampled completions of the prompts with their scores, in prompt-major order. */
  private record Rollout(List<Prompt> prompts, List<Completion> completions, double[] scores) {
    static Rollout sample(Policy policy, List<Prompt> prompts, RandomGenerator random) {
      List<Prompt> ps = new ArrayList<>(prompts.size() * GROUP);
      for (Prompt prompt : prompts) {
        for (int g = 0; g < GROUP; g++) {
          ps.add(prompt);
        }
      }
      List<Completion> cs = policy.sampleBatch(ps, SAMPLING, random);
      double[] scores = new double[ps.size()];
      for (int p = 0; p < prompts.size(); p++) {
        double[] group = REWARD.scoreAll(prompts.get(p), cs.subList(p * GROUP, (p + 1) * GROUP));
        System.arraycopy(group, 0, scores, p * GROUP, GROUP);
      }
      return new Rollout(ps, cs, scores);
    }
  }

  /** The raw batch path; samples every step when {@code pool} is null, else cycles through the pooled rollouts. */
  private static final class Raw implements AlignmentStep {
    private final TransformerLanguageModel model;
    private final Policy reference;
    private final @Nullable List<Rollout> pool;
    private final String name;
    private final List<Prompt> prompts = prompts();
    private final PolicyGradientObjective objective = GrpoLoss.builder().build();
    private final GroupNormalizedAdvantages advantages =
        GroupNormalizedAdvantages.builder().build();
    private final TrainingLoop seeds;
    private final @Nullable PhaseClock clock;
    private long steps;

    Raw(
        TransformerLanguageModel model,
        @Nullable List<Rollout> pool,
        String name,
        @Nullable PhaseClock clock) {
      this.model = model;
      this.clock = clock;
      this.seeds = TrainingLoop.builder(model).build();
      this.reference = model.frozenCopy();
      this.pool = pool;
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public TrainablePolicy policy() {
      return model;
    }

    @Override
    public long run() {
      steps++;
      if (clock != null) {
        clock.start();
      }
      Rollout r =
          pool == null
              ? Rollout.sample(model, prompts, seeds.randomForStep(steps))
              : pool.get((int) (steps % pool.size()));
      lap(0);
      int n = r.completions().size();
      model.zeroGrad();
      List<? extends TrainablePolicy.Forward> forwards =
          model.forwardBatch(r.prompts(), r.completions());
      List<TokenLogProbs> current = new ArrayList<>(n);
      for (TrainablePolicy.Forward f : forwards) {
        current.add(f.logProbs());
      }
      lap(1);
      List<TokenLogProbs> ref = reference.logProbsBatch(r.prompts(), r.completions());
      lap(2);
      int[] lengths = new int[n];
      int total = 0;
      for (int i = 0; i < n; i++) {
        lengths[i] = current.get(i).length();
        total += lengths[i];
      }
      double[] logProbs = flatten(current, total);
      double[] refFlat = flatten(ref, total);
      double[] seqAdvantages = advantages.compute(r.scores(), GROUP).advantages();
      double[] tokenAdvantages = new double[total];
      int t = 0;
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < lengths[i]; k++) {
          tokenAdvantages[t++] = seqAdvantages[i];
        }
      }
      lap(3);
      PolicyGradientResult res =
          objective.evaluate(
              new PolicyGradientBatch(
                  lengths,
                  logProbs,
                  logProbs,
                  refFlat,
                  tokenAdvantages,
                  null,
                  null,
                  null,
                  null,
                  null));
      double[] grad = res.gradLogProbs().clone();
      for (int j = 0; j < total; j++) {
        grad[j] += BETA * KlEstimator.K3.gradient(logProbs[j], refFlat[j]) / total;
      }
      lap(4);
      model.backwardBatch(forwards, TokenGradients.perToken(grad, lengths));
      lap(5);
      model.step(LEARNING_RATE);
      lap(6);
      long tokens = 0;
      for (int i = 0; i < n; i++) {
        tokens += AlignmentStep.sequenceTokens(r.prompts().get(i), lengths[i]);
      }
      return tokens;
    }

    private void lap(int phase) {
      if (clock != null) {
        clock.lap(phase);
      }
    }

    private static double[] flatten(List<TokenLogProbs> parts, int total) {
      double[] out = new double[total];
      int t = 0;
      for (TokenLogProbs p : parts) {
        double[] v = p.values();
        System.arraycopy(v, 0, out, t, v.length);
        t += v.length;
      }
      return out;
    }
  }
}
