package dev.align4j.examples.poc.feedback;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.RewardModel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.Progress;
import dev.align4j.examples.poc.scenario.ReplyDetectors;
import dev.align4j.examples.poc.scenario.SimulatedReviewer;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.examples.poc.scenario.SupportScenario;
import dev.align4j.feedback.route.Route;
import dev.align4j.rewards.eval.CategoryResult;
import dev.align4j.rewards.eval.EvaluationReport;
import dev.align4j.rewards.eval.PreferenceCase;
import dev.align4j.rewards.eval.RewardModelEvaluator;
import dev.align4j.rewards.eval.SectionScheme;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.rule.CompositeReward;
import dev.align4j.rewards.rule.KeywordRule;
import dev.align4j.rewards.rule.LengthUnit;
import dev.align4j.rewards.rule.RegexRule;
import dev.align4j.rewards.train.OptimizerSettings;
import dev.align4j.rewards.train.RewardModelTrainer;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Step 2 of the proof of concept: what a good reply is, defined from the collected feedback.
 *
 * <p>The composed reward ({@link DesirabilityResult#reward()}) is
 *
 * <pre>
 *   reward = bt(reply) − cardRuleWeight × [reply echoes a card number] − rudeRuleWeight × [reply has rude wording]
 * </pre>
 *
 * <p>(align4j's {@code CompositeReward}, SUM of the weighted components; each rule scores 1 when it passes, so a
 * passing reply carries the constant {@code cardRuleWeight + rudeRuleWeight}, which no comparison sees):
 *
 * <ul>
 *   <li>{@code bt}: a Bradley–Terry reward model (Bradley and Terry 1952; the reward-model loss of Ouyang et al.
 *       2022) trained with align4j's {@code RewardModelTrainer} on the feedback step's decisive pairs, on a linear
 *       head over {@code HashedNGramFeaturizer} features: script-aware word uni- and bigrams (Japanese runs become
 *       character bigrams, so both languages get word-like features) and character 3- to 5-grams; L-BFGS, L2 1e-3,
 *       TRL's recommended reward-centering coefficient 0.01, no validation split (the reward-model examples'
 *       settings);
 *   <li>{@code no_card_number}: a {@code RegexRule} that forbids a run of 13 to 19 digits, spaces or hyphens allowed
 *       between them (the length of payment card numbers);
 *   <li>{@code no_rude_wording}: a {@code KeywordRule} blocklist of the support team's banned phrases in both
 *       languages ({@link #RUDE_WORDING}).
 * </ul>
 *
 * <p>Evaluation, RewardBench style: held-out pairs built from the scenario's traits and labelled by the gold reward
 * ({@link GoldLabelledPairs}, the evaluator) — pairwise accuracy per category (correctness, tone, safety, length) and
 * overall with Wilson intervals, for the Bradley–Terry model, the composed reward, a length-only baseline (the longer
 * reply in characters wins) and the proxy, each with the library's length-bias verdict on the correlation of score
 * and length ({@code RewardModelEvaluator}).
 *
 * <p>The length-biased proxy for the deliberately over-optimised run is a Bradley–Terry model of the same kind trained
 * on the same pairs, relabelled by the scenario's {@code verbose-fan} reviewer alone (a person who likes length: a
 * longer reply by one length unit looks one reward point better). It stands for a reward model trained on a biased
 * labeller's data; its labels are a what-if and are not counted in the feedback step's costs.
 */
public final class DesirabilityStep {
  /** The progress task name. */
  public static final String TASK = "desirability";

  /** The reviewer whose labels alone train the length-biased proxy. */
  public static final String PROXY_REVIEWER = "verbose-fan";

  /** The rude-wording blocklist, English and Japanese: the support team's banned phrases. */
  public static final List<String> RUDE_WORDING =
      List.of("silly question", "read the help page", "そんなことも分からない", "ヘルプを読んで");

  private static final int STEPS = 4;

  private DesirabilityStep() {}

  /**
   * Trains and evaluates the reward.
   *
   * @param feedback the feedback step's result (its decisive pairs train the model)
   * @param scenario the scenario the pairs come from; every held-out question must be one of its questions
   * @param heldOut questions none of the feedback pairs answer, for the evaluation (at least one)
   * @param config settings
   * @param progress told after each of the four stages (train, proxy, evaluate, check)
   * @throws IllegalArgumentException when the feedback has no decisive pair, or a held-out question was in the
   *     feedback or is not the scenario's
   */
  public static DesirabilityResult run(
      FeedbackResult feedback,
      SupportScenario scenario,
      List<SupportQuestion> heldOut,
      DesirabilityConfig config,
      Progress progress) {
    Arguments.nonNull("feedback", feedback);
    Arguments.nonNull("scenario", scenario);
    Arguments.nonEmpty("heldOut", heldOut);
    Arguments.nonNull("config", config);
    Arguments.nonNull("progress", progress);
    Arguments.nonEmpty("feedback.pairs", feedback.pairs());
    Set<String> trained = new HashSet<>();
    for (LabelledPair p : feedback.pairs()) {
      trained.add(p.questionId());
    }
    for (SupportQuestion q : heldOut) {
      Arguments.argument(
          !trained.contains(q.id()),
          "heldOut must not contain questions the feedback pairs answer, was %s",
          q.id());
      Arguments.argument(
          isQuestionOf(scenario, q),
          "heldOut must hold the scenario's questions, %s is not one",
          q);
    }
    long started = System.nanoTime();
    progress.advance(TASK, 0, STEPS);
    HashedNGramFeaturizer features =
        HashedNGramFeaturizer.builder()
            .dimension(config.featureDimension())
            .wordNgrams(1, 2)
            .charNgrams(3, 5)
            .build();
    Clock clock = Clock.fixed(FeedbackConfig.START, ZoneOffset.UTC);
    List<PairwiseComparison> labels = new ArrayList<>();
    int human = 0;
    for (LabelledPair p : feedback.pairs()) {
      labels.add(
          p.example()
              .toComparison(
                  Provenance.of(p.labelledBy(), "feedback-" + p.route(), clock.instant())));
      if (p.route() != Route.AI_ONLY) {
        human++;
      }
    }
    FeatureRewardModel bt = trainer(config).train(features, labels).requireModel();
    RewardModel reward =
        CompositeReward.builder()
            .add("preference", bt)
            .add(
                "no_card_number",
                RegexRule.forbids(ReplyDetectors.CARD_NUMBER),
                config.cardRuleWeight())
            .add(
                "no_rude_wording",
                KeywordRule.of(KeywordRule.Mode.NONE, RUDE_WORDING),
                config.rudeRuleWeight())
            .build();
    progress.advance(TASK, 1, STEPS);

    SimulatedReviewer fan =
        SimulatedReviewer.panel(config.seed(), clock).stream()
            .filter(r -> r.id().equals(PROXY_REVIEWER))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the scenario's panel has no reviewer " + PROXY_REVIEWER));
    List<Feedback> fanLabels = new ArrayList<>();
    for (LabelledPair p : feedback.pairs()) {
      Prompt prompt = p.example().prompt();
      Completion a = p.example().chosen();
      Completion b = p.example().rejected();
      fanLabels.add(
          fan.requestBlocking(FeedbackRequest.pairwise("proxy-" + p.requestId(), prompt, a, b)));
    }
    FeatureRewardModel proxy = trainer(config).train(features, fanLabels).requireModel();
    progress.advance(TASK, 2, STEPS);

    List<PreferenceCase> cases = GoldLabelledPairs.build(heldOut, config.seed());
    RewardModelEvaluator evaluator =
        RewardModelEvaluator.of(SectionScheme.none(), LengthUnit.CHARACTERS, 10);
    RewardModel longerWins = (prompt, completion) -> LengthUnit.CHARACTERS.measure(completion);
    RewardBenchScores btScores = scores("bradley-terry", evaluator.evaluate(bt, cases));
    RewardBenchScores rewardScores =
        scores("rules+bradley-terry", evaluator.evaluate(reward, cases));
    RewardBenchScores baseline = scores("longer-wins", evaluator.evaluate(longerWins, cases));
    RewardBenchScores proxyScores = scores("length-biased-proxy", evaluator.evaluate(proxy, cases));
    progress.advance(TASK, 3, STEPS);

    PaddingCheck proxyPadding = GoldLabelledPairs.paddingPreference(proxy, heldOut, config.seed());
    PaddingCheck rewardPadding =
        GoldLabelledPairs.paddingPreference(reward, heldOut, config.seed());
    progress.advance(TASK, 4, STEPS);
    return new DesirabilityResult(
        reward,
        bt,
        proxy,
        btScores,
        rewardScores,
        baseline,
        proxyScores,
        proxyPadding,
        rewardPadding,
        labels.size(),
        human,
        Duration.ofNanos(System.nanoTime() - started));
  }

  /** Whether {@code q} is the scenario's question of its id ({@code q<index>}). */
  private static boolean isQuestionOf(SupportScenario scenario, SupportQuestion q) {
    String id = q.id();
    if (id.length() < 2 || id.length() > 10 || id.charAt(0) != 'q') {
      return false;
    }
    for (int i = 1; i < id.length(); i++) {
      if (id.charAt(i) < '0' || id.charAt(i) > '9') {
        return false;
      }
    }
    long index = Long.parseLong(id.substring(1));
    return index <= Integer.MAX_VALUE && scenario.question((int) index).equals(q);
  }

  private static RewardModelTrainer trainer(DesirabilityConfig config) {
    return RewardModelTrainer.builder()
        .optimizer(OptimizerSettings.lbfgs())
        .epochs(100)
        .l2(config.l2())
        .centerRewardsCoefficient(0.01)
        .validationFraction(0)
        .seed(config.seed())
        .build();
  }

  private static RewardBenchScores scores(String scorer, EvaluationReport report) {
    Map<String, CategoryAccuracy> categories = new LinkedHashMap<>();
    int count = 0;
    int correct = 0;
    for (String c : GoldLabelledPairs.categories()) {
      CategoryResult r = report.categories().get(c);
      if (r != null && r.count() > 0) {
        categories.put(c, CategoryAccuracy.of(c, r.count(), r.correct()));
        count += r.count();
        correct += r.correct();
      }
    }
    return new RewardBenchScores(
        scorer,
        categories,
        CategoryAccuracy.of("overall", count, correct),
        report.lengthPearson(),
        report.lengthBias());
  }
}
