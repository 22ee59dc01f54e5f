package dev.align4j.examples.poc.policy;

import dev.align4j.core.RewardModel;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.Progress;
import dev.align4j.examples.poc.scenario.CandidateReply;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.optimizers.kl.FixedKlController;
import dev.align4j.optimizers.monitor.HealthRule;
import dev.align4j.optimizers.monitor.HealthRules;
import dev.align4j.optimizers.monitor.RuleAction;
import dev.align4j.optimizers.monitor.RuleFiring;
import dev.align4j.optimizers.monitor.TrainingHealthMonitor;
import dev.align4j.optimizers.monitor.TrainingStoppedException;
import dev.align4j.optimizers.objective.pairwise.PairwiseLoss;
import dev.align4j.optimizers.objective.pairwise.PairwiseLossType;
import dev.align4j.optimizers.objective.unpaired.KtoLoss;
import dev.align4j.optimizers.optimizer.MetricsListener;
import dev.align4j.optimizers.optimizer.preference.PairwisePreferenceOptimizer;
import dev.align4j.optimizers.optimizer.preference.UnpairedPreferenceOptimizer;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer;
import dev.align4j.optimizers.optimizer.sft.SftExample;
import dev.align4j.optimizers.optimizer.sft.SftOptimizer;
import dev.align4j.policies.lm.TransformerConfig;
import dev.align4j.policies.lm.TransformerLanguageModel;
import dev.align4j.policies.token.ClosedVocabularyTokenizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The policy steps of the proof of concept: supervised fine-tuning of the transformer on the mixed-quality candidate
 * replies, then offline optimisation from that start with DPO, KTO, ORPO, SimPO or GRPO for one step budget, and a
 * deliberately over-optimised GRPO run against a length-biased proxy, watched by the library's
 * {@link TrainingHealthMonitor}.
 *
 * <p>Every run is watched by a monitor with the library's default rules ({@code HealthRules.defaults()}, the
 * length-drift STOP threshold at {@link PolicyConfig#lengthDriftLimit()}); the
 * monitor's STOP firing is recorded with its step, rule and message, and the run then continues unwatched to its
 * budget, so its final policy is what the training would have produced without the monitor (for the proxy run: the
 * over-optimised candidate the rollout must stop). The monitor gets no gold reward: it watches the training metrics
 * only (length, KL, entropy, reward spread), as a production run without a gold signal would.
 *
 * <p>Measurements (evaluation, never fed back): a curve point every {@code curveEvery} steps (the step's loss, the
 * mean training reward and the sequence KL to the supervised start of one sampled reply per probe question), and a
 * checkpoint every {@code checkpointEvery} steps and at the end (KL and mean gold reward on the held-out questions of
 * the {@link HeldOutGold} evaluator). The probe and the checkpoints draw from streams keyed by the seed, the question
 * and the sample, the same at every checkpoint (common random numbers).
 */
public final class PolicyTraining {
  /** Fixed clock of the monitor's firings, so that a run's record depends only on its inputs. */
  private static final Clock MONITOR_CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private static final Provenance UNPAIRED =
      Provenance.of(SourceKind.RULE, "unpaired-from-feedback-pairs", Instant.EPOCH);

  private PolicyTraining() {}

  /** The offline optimisation methods compared on one step budget. */
  public enum Method {
    /** DPO (Rafailov et al. 2023), TRL's {@code sigmoid} loss. */
    DPO,
    /** KTO (Ethayarajh et al. 2024) on the pairs unpaired: chosen replies desirable, rejected undesirable. */
    KTO,
    /** ORPO (Hong et al. 2024): the odds-ratio term plus the chosen replies' NLL, no reference model. */
    ORPO,
    /** SimPO (Meng et al. 2024): length-normalised margin with γ, no reference model. */
    SIMPO,
    /** GRPO (Shao et al. 2024): samples scored by the reward model (rendered text), group-normalised advantages. */
    GRPO
  }

  /**
   * Supervised fine-tuning on the MIXED-quality generated replies (all candidates, good and bad: the realistic start).
   *
   * @param replies the candidate replies (each parsed into codes; a reply the codec cannot read is refused)
   * @param questions the questions they answer (looked up by id)
   */
  public static SupportPolicy sft(
      List<CandidateReply> replies,
      List<SupportQuestion> questions,
      PolicyConfig config,
      Progress progress) {
    return sft(replies, questions, config, Runnable::run, progress);
  }

  /**
   * As {@link #sft(List, List, PolicyConfig, Progress)}, with the transformer's batch methods (forward, backward,
   * sampling and scoring of a batch, in every later run too) on {@code executor}. The library sums a batch's
   * gradients in a fixed order and seeds each sample apart, so the numbers are the same on any executor.
   */
  public static SupportPolicy sft(
      List<CandidateReply> replies,
      List<SupportQuestion> questions,
      PolicyConfig config,
      Executor executor,
      Progress progress) {
    Arguments.nonNull("executor", executor);
    Arguments.nonEmpty("replies", replies);
    Arguments.nonEmpty("questions", questions);
    Arguments.nonNull("config", config);
    Arguments.nonNull("progress", progress);
    Map<String, SupportQuestion> byId = new HashMap<>();
    for (SupportQuestion q : questions) {
      byId.put(q.id(), q);
    }
    ReplyCodec codec = ReplyCodec.create();
    TransformerLanguageModel model =
        TransformerLanguageModel.create(
            ClosedVocabularyTokenizer.of(codec.vocabulary()),
            TransformerConfig.builder()
                .contextLength(config.contextLength())
                .width(config.width())
                .layers(config.layers())
                .heads(config.heads())
                .ffnWidth(config.ffnWidth())
                .build(),
            config.seed(),
            executor);
    SupportPolicy policy =
        new SupportPolicy(
            model, codec, SamplingParameters.DEFAULT.withMaxTokens(config.maxReplyTokens()));
    List<SftExample> examples = new ArrayList<>(replies.size());
    for (int i = 0; i < replies.size(); i++) {
      CandidateReply r = Arguments.nonNull("replies[" + i + "]", replies.get(i));
      SupportQuestion q = byId.get(r.questionId());
      Arguments.argument(
          q != null,
          "replies[%d] answers question %s, which is not in questions",
          i,
          r.questionId());
      examples.add(new SftExample(policy.policyPrompt(q), policy.policyCompletion(q, r.text())));
    }
    SftOptimizer sft =
        SftOptimizer.builder(model)
            .schedule(LearningRateSchedule.constant(config.sftLearningRate()))
            .seed(config.seed())
            .build();
    Batches<SftExample> batches = new Batches<>(examples, config.seed());
    for (int s = 0; s < config.sftSteps(); s++) {
      sft.step(batches.next(config.sftBatchSize()));
      progress.advance("SFT", s + 1, config.sftSteps());
    }
    return policy;
  }

  /**
   * One offline optimisation run from {@code start} (which is not changed: the run trains a copy).
   *
   * @param method the method
   * @param start the supervised policy
   * @param pairs the feedback step's preference pairs (prompt = the customer's question, texts = scenario replies);
   *     the preference methods train on them, KTO on them unpaired, GRPO samples for their questions
   * @param reward the desirability step's reward (rules + reward model): GRPO's reward, and every method's curve
   * @param gold the held-out evaluator of the checkpoints
   */
  public static TrainingRun optimise(
      Method method,
      SupportPolicy start,
      List<PreferenceExample> pairs,
      RewardModel reward,
      HeldOutGold gold,
      PolicyConfig config,
      Progress progress) {
    Arguments.nonNull("method", method);
    Arguments.nonNull("start", start);
    Arguments.nonEmpty("pairs", pairs);
    Arguments.nonNull("reward", reward);
    Arguments.nonNull("gold", gold);
    Arguments.nonNull("config", config);
    Arguments.nonNull("progress", progress);
    List<Prompt> questionPrompts = new ArrayList<>();
    for (PreferenceExample p : pairs) {
      questionPrompts.add(p.prompt());
    }
    return run(
        method.name(), method, start, pairs, questionPrompts, reward, gold, config, progress);
  }

  /**
   * The deliberately over-optimised run: GRPO against {@code lengthBiasedProxy} (a reward that likes length), watched
   * by the monitor, trained on unwatched after the monitor fires, so that the final policy is the over-optimised
   * candidate.
   *
   * @param questions the training questions it samples replies for
   */
  public static TrainingRun optimiseAgainstProxy(
      SupportPolicy start,
      List<SupportQuestion> questions,
      RewardModel lengthBiasedProxy,
      HeldOutGold gold,
      PolicyConfig config,
      Progress progress) {
    Arguments.nonNull("start", start);
    Arguments.nonEmpty("questions", questions);
    Arguments.nonNull("lengthBiasedProxy", lengthBiasedProxy);
    Arguments.nonNull("gold", gold);
    Arguments.nonNull("config", config);
    Arguments.nonNull("progress", progress);
    List<Prompt> prompts = new ArrayList<>();
    for (SupportQuestion q : questions) {
      prompts.add(q.prompt());
    }
    return run(
        "GRPO vs length proxy",
        Method.GRPO,
        start,
        List.of(),
        prompts,
        lengthBiasedProxy,
        gold,
        config,
        progress);
  }

  private static TrainingRun run(
      String name,
      Method method,
      SupportPolicy start,
      List<PreferenceExample> pairs,
      List<Prompt> questionPrompts,
      RewardModel reward,
      HeldOutGold gold,
      PolicyConfig config,
      Progress progress) {
    long began = System.nanoTime();
    SupportPolicy policy = start.copy();
    TrainingHealthMonitor monitor =
        TrainingHealthMonitor.builder().rules(rules(config)).clock(MONITOR_CLOCK).build();
    Watch watch = new Watch(monitor);
    RenderedReward rendered = new RenderedReward(policy.codec(), reward);
    Function<Long, StepMetrics> step =
        stepper(method, policy, pairs, questionPrompts, rendered, watch, config, pairs.isEmpty());
    Probe probe = new Probe(policy.codec(), questionPrompts, config);
    List<TrainingRun.StepPoint> curve = new ArrayList<>();
    List<TrainingRun.Checkpoint> checkpoints = new ArrayList<>();
    checkpoints.add(checkpoint(0, policy, start, gold, config));
    int steps = config.methodSteps();
    for (int s = 1; s <= steps; s++) {
      StepMetrics m;
      try {
        m = step.apply((long) s);
      } catch (TrainingStoppedException e) {
        // the step is complete; the run continues unwatched from here
        watch.stopped(e.firing());
        m = watch.lastMetrics();
      }
      if (s % config.curveEvery() == 0 || s == steps) {
        double[] rk = probe.rewardAndKl(policy, start, reward);
        curve.add(
            new TrainingRun.StepPoint(s, m == null ? 0 : m.getOrDefault("loss", 0), rk[0], rk[1]));
      }
      if (s % config.checkpointEvery() == 0 || s == steps) {
        checkpoints.add(checkpoint(s, policy, start, gold, config));
      }
      progress.advance(name, s, steps);
    }
    List<TrainingRun.MonitorFiring> firings = new ArrayList<>();
    for (RuleFiring f : monitor.firings()) {
      firings.add(firing(f));
    }
    RuleFiring stop = watch.stop();
    return new TrainingRun(
        name,
        curve,
        checkpoints,
        policy,
        stop == null ? null : firing(stop),
        firings,
        Duration.ofNanos(System.nanoTime() - began));
  }

  /** The library's default rules, the length-drift STOP at {@link PolicyConfig#lengthDriftLimit()}. */
  static List<HealthRule> rules(PolicyConfig config) {
    List<HealthRule> rules = new ArrayList<>();
    HealthRule lengthDrift = HealthRules.lengthDrift(config.lengthDriftLimit(), RuleAction.STOP);
    for (HealthRule r : HealthRules.defaults()) {
      rules.add(r.name().equals(lengthDrift.name()) ? lengthDrift : r);
    }
    return rules;
  }

  private static TrainingRun.MonitorFiring firing(RuleFiring f) {
    return new TrainingRun.MonitorFiring(
        f.step(), f.rule(), f.code(), f.action().name(), f.describe());
  }

  private static TrainingRun.Checkpoint checkpoint(
      long step, SupportPolicy policy, SupportPolicy start, HeldOutGold gold, PolicyConfig config) {
    long seed = config.seed() ^ 0x5EEDC0DEL;
    double kl =
        SequenceKl.estimate(policy, start, gold.questions(), gold.samplesPerQuestion(), seed);
    HeldOutGold.Estimate g = gold.score(policy, seed);
    return new TrainingRun.Checkpoint(step, kl, g.mean(), g.low(), g.high());
  }

  /** The step function of {@code method}; the listener watches every method alike. */
  private static Function<Long, StepMetrics> stepper(
      Method method,
      SupportPolicy policy,
      List<PreferenceExample> pairs,
      List<Prompt> questionPrompts,
      RenderedReward reward,
      MetricsListener listener,
      PolicyConfig config,
      boolean proxy) {
    TransformerLanguageModel model = policy.model();
    long seed = config.seed();
    LearningRateSchedule lr = LearningRateSchedule.constant(config.learningRate());
    switch (method) {
      case DPO:
      case ORPO:
      case SIMPO:
        {
          PairwiseLoss loss =
              switch (method) {
                case DPO ->
                    PairwiseLoss.builder(PairwiseLossType.SIGMOID).beta(config.dpoBeta()).build();
                case ORPO ->
                    PairwiseLoss.builder(PairwiseLossType.ORPO).beta(config.orpoBeta()).build();
                default ->
                    PairwiseLoss.builder(PairwiseLossType.SIMPO)
                        .beta(config.simpoBeta())
                        .simpoGamma(config.simpoGamma())
                        .build();
              };
          PairwisePreferenceOptimizer.Builder b =
              PairwisePreferenceOptimizer.builder(model, loss)
                  .schedule(lr)
                  .seed(seed)
                  .listener(listener);
          if (method == Method.ORPO) {
            // ORPO's loss is the chosen replies' NLL plus λ times the odds-ratio term (TRL: nll +
            // beta·or)
            b.rpoAlpha(1.0);
          }
          PairwisePreferenceOptimizer o = b.build();
          List<PairwiseComparison> comparisons = new ArrayList<>(pairs.size());
          for (PreferenceExample p : pairs) {
            comparisons.add(
                PairwiseComparison.preferring(
                    policy.policyPrompt(p.prompt()),
                    policy.policyCompletion(p.prompt(), p.chosen().text()),
                    policy.policyCompletion(p.prompt(), p.rejected().text()),
                    UNPAIRED));
          }
          Batches<PairwiseComparison> batches = new Batches<>(comparisons, seed);
          return s -> o.step(batches.next(config.batchSize()));
        }
      case KTO:
        {
          List<BinaryLabel> labels = new ArrayList<>(2 * pairs.size());
          for (PreferenceExample p : pairs) {
            Prompt pp = policy.policyPrompt(p.prompt());
            labels.add(
                new BinaryLabel(
                    pp, policy.policyCompletion(p.prompt(), p.chosen().text()), true, UNPAIRED));
            labels.add(
                new BinaryLabel(
                    pp, policy.policyCompletion(p.prompt(), p.rejected().text()), false, UNPAIRED));
          }
          UnpairedPreferenceOptimizer o =
              UnpairedPreferenceOptimizer.builder(
                      model, KtoLoss.builder().beta(config.ktoBeta()).build())
                  .schedule(lr)
                  .seed(seed)
                  .listener(listener)
                  .build();
          Batches<BinaryLabel> batches = new Batches<>(labels, seed);
          return s -> o.step(batches.next(2 * config.batchSize()));
        }
      case GRPO:
        {
          PolicyGradientOptimizer o =
              PolicyGradientOptimizer.builder(PolicyGradientOptimizer.Algorithm.GRPO, model, reward)
                  .groupSize(config.grpoGroupSize())
                  .sampling(policy.sampling())
                  .klController(
                      new FixedKlController(proxy ? config.proxyBeta() : config.grpoBeta()))
                  .schedule(LearningRateSchedule.constant(config.grpoLearningRate()))
                  .seed(seed)
                  .listener(listener)
                  .build();
          GrpoBatches batches = new GrpoBatches(policy.codec(), questionPrompts, config);
          return s -> {
            List<Prompt> batch = batches.next(reward);
            return o.step(batch);
          };
        }
      default:
        throw new IllegalArgumentException(
            "method must be one of the Method values, was " + method);
    }
  }

  /** Forwards metrics to the monitor until it stops the run, then keeps the run going unwatched. */
  private static final class Watch implements MetricsListener {
    private final TrainingHealthMonitor monitor;
    private @Nullable RuleFiring stop;
    private @Nullable StepMetrics last;

    Watch(TrainingHealthMonitor monitor) {
      this.monitor = monitor;
    }

    @Override
    public void onStep(StepMetrics metrics) {
      last = metrics;
      if (stop == null) {
        monitor.onStep(metrics);
      }
    }

    void stopped(RuleFiring firing) {
      if (stop == null) {
        stop = firing;
      }
    }

    @Nullable RuleFiring stop() {
      return stop;
    }

    @Nullable StepMetrics lastMetrics() {
      return last;
    }
  }

  /** Cycles through seeded shuffles of a list (a new shuffle every epoch). */
  static final class Batches<T> {
    private final List<T> items;
    private final SplittableRandom random;
    private final List<T> order = new ArrayList<>();
    private int pos;

    Batches(List<T> items, long seed) {
      this.items = List.copyOf(Arguments.nonEmpty("items", items));
      this.random = new SplittableRandom(seed);
      reshuffle();
    }

    private void reshuffle() {
      order.clear();
      order.addAll(items);
      for (int i = order.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        T t = order.get(i);
        order.set(i, order.get(j));
        order.set(j, t);
      }
      pos = 0;
    }

    List<T> next(int size) {
      List<T> out = new ArrayList<>(size);
      while (out.size() < size) {
        if (pos == order.size()) {
          reshuffle();
        }
        out.add(order.get(pos++));
      }
      return out;
    }
  }

  /**
   * GRPO's prompt batches: questions with distinct code summaries (so that each policy prompt of a step stands for
   * exactly one question, whose card number renders the reply), drawn in a seeded order.
   */
  private static final class GrpoBatches {
    private final ReplyCodec codec;
    private final Batches<Prompt> questions;
    private final int size;
    private final int distinct;

    GrpoBatches(ReplyCodec codec, List<Prompt> questionPrompts, PolicyConfig config) {
      this.codec = codec;
      this.questions = new Batches<>(questionPrompts, config.seed() + 1);
      Map<String, Boolean> summaries = new LinkedHashMap<>();
      for (Prompt p : questionPrompts) {
        summaries.put(codec.promptText(p), true);
      }
      this.distinct = summaries.size();
      this.size = Math.min(config.grpoPrompts(), distinct);
    }

    List<Prompt> next(RenderedReward reward) {
      Map<String, Prompt> chosen = new LinkedHashMap<>();
      int guard = 0;
      while (chosen.size() < size && guard++ < 100 * distinct + 1000) {
        Prompt q = questions.next(1).get(0);
        chosen.putIfAbsent(codec.promptText(q), q);
      }
      reward.questions(chosen);
      List<Prompt> out = new ArrayList<>(chosen.size());
      for (String summary : chosen.keySet()) {
        out.add(Prompt.of(summary));
      }
      return out;
    }
  }

  /**
   * The training reward on the policy's side: renders the sampled codes as the reply to the step's question of that
   * summary, then scores the text with the wrapped reward (which sees the customer's question and the reply text).
   */
  static final class RenderedReward implements RewardModel {
    private final ReplyCodec codec;
    private final RewardModel reward;
    private Map<String, Prompt> questions = Map.of();

    RenderedReward(ReplyCodec codec, RewardModel reward) {
      this.codec = codec;
      this.reward = reward;
    }

    void questions(Map<String, Prompt> bySummary) {
      this.questions = Map.copyOf(bySummary);
    }

    @Override
    public double score(Prompt policyPrompt, Completion codes) {
      Prompt q = questions.get(policyPrompt.text());
      Arguments.argument(
          q != null,
          "policy prompt \"%s\" is not one of this step's questions",
          policyPrompt.text());
      return scoreFor(q, codes);
    }

    double scoreFor(Prompt question, Completion codes) {
      String text = codec.render(question, SupportPolicy.codesOf(codes));
      return reward.score(question, Completion.of(text));
    }
  }

  /** The curve's probe: one reply per probe question, scored by the training reward, and its KL to the start. */
  private static final class Probe {
    private final ReplyCodec codec;
    private final List<Prompt> questions;
    private final long seed;

    Probe(ReplyCodec codec, List<Prompt> questionPrompts, PolicyConfig config) {
      this.codec = codec;
      Map<Prompt, Boolean> seen = new LinkedHashMap<>();
      for (Prompt p : questionPrompts) {
        seen.put(p, true);
      }
      List<Prompt> distinct = new ArrayList<>(seen.keySet());
      this.questions =
          new Batches<>(distinct, config.seed() + 2)
              .next(Math.min(config.curveQuestions(), distinct.size()));
      this.seed = config.seed() ^ 0x9B0BEL;
    }

    double[] rewardAndKl(SupportPolicy policy, SupportPolicy start, RewardModel reward) {
      double r = 0;
      double kl = 0;
      List<Prompt> prompts = new ArrayList<>(questions.size());
      List<Completion> samples = new ArrayList<>(questions.size());
      for (int i = 0; i < questions.size(); i++) {
        Prompt q = questions.get(i);
        Prompt pp = Prompt.of(codec.promptText(q));
        Completion c = policy.model().sample(pp, policy.sampling(), Draws.of(seed, i, 0));
        prompts.add(pp);
        samples.add(c);
        r += reward.score(q, Completion.of(codec.render(q, SupportPolicy.codesOf(c))));
      }
      double[] lp = policy.logProbs(prompts, samples);
      double[] ref = start.logProbs(prompts, samples);
      for (int i = 0; i < lp.length; i++) {
        kl += lp[i] - ref[i];
      }
      return new double[] {r / questions.size(), kl / questions.size()};
    }
  }
}
