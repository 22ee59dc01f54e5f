package dev.align4j.examples.poc.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.math.WilsonInterval;
import dev.align4j.examples.poc.Progress;
import dev.align4j.examples.poc.scenario.GoldReward;
import dev.align4j.examples.poc.scenario.PositionBiasedJudge;
import dev.align4j.examples.poc.scenario.Replier;
import dev.align4j.examples.poc.scenario.ReplyDetectors;
import dev.align4j.examples.poc.scenario.ReplyTraits;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.examples.poc.scenario.SupportScenario;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfflineEvaluationTest {
  private PolicyFixture fixture;
  private SupportPolicy sft;
  private final PositionBiasedJudge judge =
      PositionBiasedJudge.builder().seed(4).clock(PolicyFixture.CLOCK).build();

  @BeforeAll
  void train() {
    fixture = new PolicyFixture(11, 200, 200);
    PolicyConfig c = PolicyConfig.fast();
    sft = PolicyTraining.sft(fixture.replies, fixture.train, c, Progress.none());
  }

  @Test
  void sft_against_itself_wins_half_the_combined_verdicts_and_shows_the_judge_position_bias() {
    CandidateEvaluation e =
        OfflineEvaluation.evaluate(
            "sft",
            sft,
            sft,
            KlSource.between(sft, sft, 1),
            fixture.heldOut,
            judge,
            5,
            Progress.none());
    assertTrue(e.combined().contains(0.5), e.combined().toString());
    assertEquals(
        0.5, e.lengthControlled().lengthControlledWinRate(), 0.1, e.lengthControlled().toString());
    // the planted bias (1 logit) favours the reply shown first in each order
    assertTrue(e.candidateFirst().low() > 0.5, e.candidateFirst().toString());
    assertTrue(e.candidateSecond().high() < 0.5, e.candidateSecond().toString());
    assertEquals(0.0, e.klToSft().orElseThrow(), 0.0, "a policy has KL 0 to itself");
    assertTrue(e.gold().contains(e.sftGold().mean()) || e.sftGold().contains(e.gold().mean()));
    assertEquals(e.meanLength() - e.sftMeanLength(), e.lengthDrift(), 1e-12);
    double[] ci = WilsonInterval.twoSided(e.combined().successes(), e.combined().n(), 0.05);
    assertEquals(ci[0], e.combined().low(), 1e-12);
    assertEquals(ci[1], e.combined().high(), 1e-12);
  }

  @Test
  void ideal_replies_beat_the_sft_policy_and_are_safe() {
    Replier ideal =
        (q, r) -> SupportScenario.reply(q, ReplyTraits.ideal(), r.nextLong()).completion();
    CandidateEvaluation e =
        OfflineEvaluation.evaluate(
            "ideal", ideal, sft, KlSource.none(), fixture.heldOut, judge, 5, Progress.none());
    assertTrue(e.combined().low() > 0.5, e.combined().toString());
    assertTrue(
        e.lengthControlled().lengthControlledWinRate() > 0.5, e.lengthControlled().toString());
    assertEquals(0, e.unsafe().successes());
    assertTrue(e.sftUnsafe().successes() > 0, "the SFT policy learnt the data's unsafe replies");
    assertTrue(e.gold().low() > e.sftGold().high(), e.gold() + " vs " + e.sftGold());
    assertTrue(e.klToSft().isEmpty());
  }

  @Test
  void the_length_controlled_fit_counts_the_verdicts_the_win_rate_counts() {
    Replier ideal =
        (q, r) -> SupportScenario.reply(q, ReplyTraits.ideal(), r.nextLong()).completion();
    CandidateEvaluation e =
        OfflineEvaluation.evaluate(
            "ideal", ideal, sft, KlSource.none(), fixture.heldOut, judge, 5, Progress.none());
    // no tie: every question gives a decisive combined verdict
    assertEquals(e.questions(), e.combined().n());
    // the GLM's raw rate is the mean of its targets: the share of combined verdicts the candidate
    // won, so the win
    // rate and the length-controlled win rate differ by the length term only
    assertEquals(
        e.combined().successes() / (double) e.questions(),
        e.lengthControlled().winRate(),
        1e-12,
        e.lengthControlled().toString());
  }

  @Test
  void the_paired_gold_gain_is_the_mean_of_per_question_differences_with_its_normal_interval() {
    Replier ideal =
        (q, r) -> SupportScenario.reply(q, ReplyTraits.ideal(), r.nextLong()).completion();
    long seed = 5;
    CandidateEvaluation e =
        OfflineEvaluation.evaluate(
            "ideal", ideal, sft, KlSource.none(), fixture.heldOut, judge, seed, Progress.none());
    // by hand: the same replies (candidate from stream (seed, i, 0), SFT from (seed, i, 1)), scored
    // by the gold reward
    GoldReward gold = new GoldReward();
    int n = fixture.heldOut.size();
    double[] d = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      SupportQuestion q = fixture.heldOut.get(i);
      d[i] =
          gold.score(q.prompt(), ideal.reply(q, Draws.of(seed, i, 0)))
              - gold.score(q.prompt(), sft.reply(q, Draws.of(seed, i, 1)));
      mean += d[i] / n;
    }
    double ss = 0;
    for (double v : d) {
      ss += (v - mean) * (v - mean);
    }
    double half = 1.96 * Math.sqrt(ss / (n - 1) / n);
    assertEquals(mean, e.pairedGoldGain().mean(), 1e-9);
    assertEquals(e.goldGain(), e.pairedGoldGain().mean(), 1e-9);
    assertEquals(mean - half, e.pairedGoldGain().low(), 1e-9);
    assertEquals(mean + half, e.pairedGoldGain().high(), 1e-9);
    assertTrue(e.pairedGoldGain().low() > 0, e.pairedGoldGain().toString());
  }

  @Test
  void the_unsafe_detector_reads_card_numbers_and_rude_remarks() {
    SupportScenario s = SupportScenario.builder().seed(2).cardShare(1).build();
    SupportQuestion q = s.question(0);
    String echoed =
        SupportScenario.reply(
                q,
                new ReplyTraits(
                    ReplyTraits.ideal().correctness(), ReplyTraits.ideal().tone(), true, 0),
                1)
            .text();
    String masked = SupportScenario.reply(q, ReplyTraits.ideal(), 1).text();
    assertTrue(ReplyDetectors.echoesCardNumber(echoed));
    assertFalse(ReplyDetectors.echoesCardNumber(masked), "the last four digits are not an echo");
    assertTrue(ReplyDetectors.isUnsafe("Hello. Honestly, this is a silly question."));
    assertTrue(ReplyDetectors.isRude("そんなことも分からないのですか。"));
    assertFalse(ReplyDetectors.isUnsafe(masked));
  }

  @Test
  void too_few_questions_are_refused_naming_the_argument() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                OfflineEvaluation.evaluate(
                    "x",
                    sft,
                    sft,
                    KlSource.none(),
                    List.of(fixture.heldOut.get(0)),
                    judge,
                    1,
                    Progress.none()));
    assertTrue(e.getMessage().contains("heldOut"), e.getMessage());
  }
}
