package dev.align4j.examples.poc.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.eval.LengthBiasVerdict;
import dev.align4j.core.text.Completion;
import dev.align4j.examples.poc.Progress;
import dev.align4j.examples.poc.scenario.Correctness;
import dev.align4j.examples.poc.scenario.GoldReward;
import dev.align4j.examples.poc.scenario.Language;
import dev.align4j.examples.poc.scenario.ReplyDetectors;
import dev.align4j.examples.poc.scenario.ReplyTraits;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.examples.poc.scenario.SupportScenario;
import dev.align4j.examples.poc.scenario.Tone;
import dev.align4j.rewards.ExplainableReward;
import dev.align4j.rewards.RewardBreakdown;
import dev.align4j.rewards.eval.PreferenceCase;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The desirability step on the CI configuration: the reward model against the gold reward, per category. */
class DesirabilityStepTest {
  private static final SupportScenario SCENARIO = SupportScenario.builder().seed(18).build();
  private static final List<SupportQuestion> QUESTIONS = SCENARIO.questions(400);
  private static final List<SupportQuestion> TRAIN = QUESTIONS.subList(0, 300);
  private static final List<SupportQuestion> HELD_OUT = QUESTIONS.subList(300, 400);
  private static final GoldReward GOLD = new GoldReward();
  private static FeedbackResult feedback;
  private static DesirabilityResult fast;

  @BeforeAll
  static void runFast() {
    feedback = FeedbackStep.run(SCENARIO, TRAIN, FeedbackConfig.fast(), Progress.none());
    fast =
        DesirabilityStep.run(
            feedback, SCENARIO, HELD_OUT, DesirabilityConfig.fast(), Progress.none());
  }

  @Test
  void the_reward_model_beats_the_length_only_baseline_on_correctness_and_safety() {
    for (String c : List.of(GoldLabelledPairs.CORRECTNESS, GoldLabelledPairs.SAFETY)) {
      CategoryAccuracy bt = fast.preferenceModelScores().category(c);
      CategoryAccuracy longer = fast.lengthBaselineScores().category(c);
      assertTrue(
          bt.lower() > longer.accuracy(),
          c + ": the model's whole interval lies above the baseline: " + bt + " vs " + longer);
    }
    assertTrue(fast.overallAccuracy().accuracy() > fast.lengthBaselineAccuracy().accuracy());
    assertEquals(feedback.pairs().size(), fast.trainingPairs());
  }

  @Test
  void the_length_only_baseline_is_the_share_of_pairs_whose_chosen_reply_is_longer() {
    List<PreferenceCase> cases =
        GoldLabelledPairs.build(HELD_OUT, DesirabilityConfig.fast().seed());
    Map<String, int[]> byHand = new HashMap<>();
    for (PreferenceCase c : cases) {
      int[] n = byHand.computeIfAbsent(c.category(), k -> new int[2]);
      n[0]++;
      String chosen = c.chosen().text();
      String rejected = c.rejected().text();
      if (chosen.codePointCount(0, chosen.length())
          > rejected.codePointCount(0, rejected.length())) {
        n[1]++;
      }
    }
    for (String c : GoldLabelledPairs.categories()) {
      CategoryAccuracy a = fast.lengthBaselineScores().category(c);
      assertEquals(byHand.get(c)[0], a.count(), c);
      assertEquals(byHand.get(c)[1], a.correct(), c);
    }
    assertEquals(0, fast.lengthBaselineScores().category(GoldLabelledPairs.LENGTH).correct());
    LengthBiasVerdict v = fast.lengthBaselineScores().lengthBias();
    assertEquals(LengthBiasVerdict.Verdict.BIASED, v.verdict(), "length alone is length-biased");
  }

  @Test
  void the_proxy_prefers_padding_where_the_gold_reward_does_not() {
    PaddingCheck proxy = fast.proxyPadding();
    assertEquals(0, proxy.goldPrefersPadded(), "gold never prefers the padded ideal reply");
    assertTrue(proxy.modelRate() > 0.9, "the proxy prefers the padded one: " + proxy);
    assertTrue(proxy.meanMargin() > 0.5, "by a margin GRPO can climb: " + proxy);
    assertTrue(
        fast.rewardPadding().modelRate() < proxy.modelRate(),
        "the composed reward likes padding less: " + fast.rewardPadding());
    LengthBiasVerdict v = fast.proxyScores().lengthBias();
    assertEquals(LengthBiasVerdict.Verdict.BIASED, v.verdict(), "" + v);
    assertTrue(v.estimate() > 0);
    assertTrue(
        fast.proxyScores().category(GoldLabelledPairs.LENGTH).accuracy() < 0.2,
        "" + fast.proxyScores().category(GoldLabelledPairs.LENGTH));
    // the check by hand on one question: the proxy ranks the padded correct reply first, the gold
    // reward last
    SupportQuestion q = HELD_OUT.get(0);
    Completion plain = SupportScenario.reply(q, ReplyTraits.ideal(), 7).completion();
    Completion padded =
        SupportScenario.reply(q, new ReplyTraits(Correctness.CORRECT, Tone.POLITE, false, 3), 7)
            .completion();
    assertTrue(
        fast.lengthBiasedProxy().score(q.prompt(), padded)
            > fast.lengthBiasedProxy().score(q.prompt(), plain));
    assertTrue(GOLD.score(q.prompt(), padded) < GOLD.score(q.prompt(), plain));
  }

  @Test
  void held_out_pairs_are_chosen_by_the_gold_reward_and_differ_in_their_category_only() {
    List<PreferenceCase> cases = GoldLabelledPairs.build(HELD_OUT, 5);
    assertTrue(cases.size() > 2 * HELD_OUT.size(), "" + cases.size());
    for (PreferenceCase c : cases) {
      assertTrue(
          GOLD.score(c.prompt(), c.chosen()) > GOLD.score(c.prompt(), c.rejected()), c.toString());
      String chosen = c.chosen().text();
      String rejected = c.rejected().text();
      switch (c.category()) {
        case GoldLabelledPairs.LENGTH ->
            assertTrue(rejected.length() > chosen.length(), "the padded reply loses: " + rejected);
        case GoldLabelledPairs.SAFETY ->
            assertTrue(ReplyDetectors.CARD_NUMBER.matcher(rejected).find(), rejected);
        default -> assertTrue(!chosen.equals(rejected));
      }
    }
    assertEquals(cases, GoldLabelledPairs.build(HELD_OUT, 5), "deterministic");
  }

  @Test
  void the_rules_catch_echoed_card_numbers_and_rude_wording_in_both_languages() {
    ExplainableReward reward = (ExplainableReward) fast.reward();
    Set<Language> checked = EnumSet.noneOf(Language.class);
    for (SupportQuestion q : HELD_OUT) {
      if (q.cardNumber() == null) {
        continue;
      }
      RewardBreakdown echo =
          reward.explain(
              q.prompt(),
              SupportScenario.reply(q, new ReplyTraits(Correctness.CORRECT, Tone.RUDE, true, 0), 3)
                  .completion());
      RewardBreakdown clean =
          reward.explain(q.prompt(), SupportScenario.reply(q, ReplyTraits.ideal(), 3).completion());
      assertEquals(0.0, echo.components().get("no_card_number"), q.language() + " echo");
      assertEquals(0.0, echo.components().get("no_rude_wording"), q.language() + " rude");
      assertEquals(1.0, clean.components().get("no_card_number"));
      assertEquals(1.0, clean.components().get("no_rude_wording"));
      checked.add(q.language());
    }
    assertEquals(EnumSet.allOf(Language.class), checked, "both languages checked");
  }

  @Test
  void one_seed_gives_the_same_reward_model_and_scores() {
    List<Long> stages = new ArrayList<>();
    DesirabilityResult again =
        DesirabilityStep.run(
            feedback,
            SCENARIO,
            HELD_OUT,
            DesirabilityConfig.fast(),
            (task, done, total) -> stages.add(done * 10 + total));
    assertEquals(List.of(4L, 14L, 24L, 34L, 44L), stages, "progress 0..4 of 4");
    assertEquals(fast.preferenceModelScores(), again.preferenceModelScores());
    assertEquals(fast.proxyScores(), again.proxyScores());
    assertEquals(fast.proxyPadding(), again.proxyPadding());
    SupportQuestion q = HELD_OUT.get(3);
    Completion c = SupportScenario.reply(q, ReplyTraits.ideal(), 1).completion();
    assertEquals(fast.reward().score(q.prompt(), c), again.reward().score(q.prompt(), c), 0.0);
  }

  @Test
  void held_out_questions_that_were_labelled_are_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DesirabilityStep.run(
                    feedback,
                    SCENARIO,
                    TRAIN.subList(0, 3),
                    DesirabilityConfig.fast(),
                    Progress.none()));
    assertTrue(
        e.getMessage().contains("heldOut") && e.getMessage().contains(TRAIN.get(0).id()),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new DesirabilityConfig(8, 1e-3, 4, 2, 1));
    assertTrue(e.getMessage().contains("featureDimension") && e.getMessage().contains("8"));
  }
}
