package dev.align4j.examples.poc.policy;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.RewardModel;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.examples.poc.scenario.CandidateReply;
import dev.align4j.examples.poc.scenario.Language;
import dev.align4j.examples.poc.scenario.PositionBiasedJudge;
import dev.align4j.examples.poc.scenario.ReviewerPanel;
import dev.align4j.examples.poc.scenario.SimulatedReviewer;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.examples.poc.scenario.SupportScenario;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.train.RewardModelTrainer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs the policy steps get from the earlier steps, built here the way the run builds them but without the
 * feedback part's router: candidate replies from the scenario, pairs labelled half by the simulated reviewer panel and half by the AI judge, a
 * Bradley–Terry reward model on hashed n-grams trained on those pairs, and a length-biased proxy (the reward plus a
 * planted bonus of 1.5 per length unit). A stand-in for parts B's outputs, for the tests only.
 */
final class PolicyFixture {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  final SupportScenario scenario;
  final List<SupportQuestion> train;
  final List<SupportQuestion> heldOut;
  final List<CandidateReply> replies = new ArrayList<>();
  final List<PreferenceExample> pairs = new ArrayList<>();
  final RewardModel reward;
  final RewardModel proxy;

  PolicyFixture(long seed, int questions, int heldOutCount) {
    scenario = SupportScenario.builder().seed(seed).build();
    train = scenario.questions(questions);
    heldOut = new ArrayList<>();
    for (int i = 0; i < heldOutCount; i++) {
      heldOut.add(scenario.question(100_000 + i));
    }
    ReviewerPanel panel = new ReviewerPanel(SimulatedReviewer.panel(seed, CLOCK));
    PositionBiasedJudge judge = PositionBiasedJudge.builder().seed(seed).clock(CLOCK).build();
    List<PairwiseComparison> labels = new ArrayList<>();
    for (SupportQuestion q : train) {
      List<CandidateReply> c = scenario.candidates(q, 4);
      replies.addAll(c);
      for (int k = 0; k + 1 < c.size(); k += 2) {
        FeedbackRequest r =
            FeedbackRequest.pairwise(
                "pair-" + q.id() + "-" + k,
                q.prompt(),
                c.get(k).completion(),
                c.get(k + 1).completion());
        // about half the labels from people and half from the AI judge, as after the router's
        // hand-over
        Feedback f = (k / 2) % 2 == 0 ? panel.requestBlocking(r) : judge.requestBlocking(r);
        PairwiseComparison pc = (PairwiseComparison) f;
        if (pc.isDecisive() && !pc.a().text().equals(pc.b().text())) {
          labels.add(pc);
          pairs.add(PreferenceExample.from(pc));
        }
      }
    }
    reward =
        RewardModelTrainer.builder()
            .seed(seed)
            .build()
            .train(
                HashedNGramFeaturizer.builder().charNgrams(2, 4).sublinearTf(true).build(), labels)
            .requireModel();
    RewardModel base = reward;
    proxy = (Prompt p, Completion c) -> base.score(p, c) + 1.5 * units(p, c);
  }

  static double units(Prompt p, Completion c) {
    String t = c.text();
    return t.codePointCount(0, t.length()) / (double) Language.of(p.lastUserText()).lengthUnit();
  }
}
