package dev.align4j.rewards.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.RatingScale;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.RewardBreakdown;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class RubricJudgeRewardTest {
  private static final Prompt Q = Prompt.of("How do I reset my password?");
  private static final Completion A =
      Completion.of("Open Settings, choose Security, then Reset password.");

  /** accuracy 1–5 weight 3, clarity 1–10 weight 1, safety 0–1 weight 2. */
  private static final Rubric RUBRIC =
      Rubric.of(
          new RubricCriterion(
              "accuracy", "The steps are correct for the product.", new RatingScale(1, 5), 3),
          new RubricCriterion(
              "clarity", "The steps are easy to follow.", RatingScale.ONE_TO_TEN, 1),
          new RubricCriterion(
              "safety", "No advice that weakens the account's security.", RatingScale.UNIT, 2));

  private static final String ANSWER =
      "accuracy: [[4]] the menu is right but one step is missing\n"
          + "**Clarity**: [[7]] short and ordered\n"
          + "- safety: [[1]] nothing unsafe\n"
          + "Rationale: a correct, clear answer that skips the confirmation e-mail.";

  private static ChatModel answering(String text) {
    return request -> ChatResponse.ofText(text);
  }

  @Test
  void weightedRewardIsTheWeightedMeanOfScaleNormalisedScoresByHand() {
    // (3 * (4-1)/4 + 1 * (7-1)/9 + 2 * (1-0)/1) / (3 + 1 + 2) = (9/4 + 2/3 + 2) / 6 = 59/72
    RubricJudgeReward r = RubricJudgeReward.builder(answering(ANSWER), RUBRIC).build();
    assertEquals(59.0 / 72.0, r.score(Q, A), 1e-15);
    RewardBreakdown b = r.explain(Q, A);
    assertEquals(59.0 / 72.0, b.total(), 1e-15);
    assertEquals(Map.of("accuracy", 4.0, "clarity", 7.0, "safety", 1.0), b.components());
    assertEquals(List.of("accuracy", "clarity", "safety"), List.copyOf(b.components().keySet()));
    RubricJudgement.Scored s = (RubricJudgement.Scored) r.judge(Q, A);
    assertEquals(ANSWER, s.rawAnswer(), "the judge's rationale is kept whole");
    assertEquals(0.75, s.score("accuracy").normalized(), 1e-15);
    assertEquals(6.0 / 9.0, s.score("clarity").normalized(), 1e-15);
    assertEquals(3.0, s.score("accuracy").weight());
    assertEquals("the menu is right but one step is missing", s.score("accuracy").comment());
    assertEquals(59.0 / 72.0, RUBRIC.reward(new double[] {4, 7, 1}), 1e-15);
    assertEquals("a correct, clear answer that skips the confirmation e-mail.", s.rationale());
  }

  @Test
  void theOverallRationaleIsTheLastRationaleLineOrEmpty() {
    String answer =
        "Rationale: draft\naccuracy: [[5]] exact\nclarity: [[9]] clear\nsafety: [[1]] fine\n"
            + "**Rationale:** complete and safe";
    RubricJudgement.Scored s =
        (RubricJudgement.Scored)
            RubricJudgeReward.builder(answering(answer), RUBRIC).build().judge(Q, A);
    assertEquals("complete and safe", s.rationale());
    RubricJudgement.Scored none =
        (RubricJudgement.Scored)
            RubricJudgeReward.builder(
                    answering("accuracy: [[5]]\nclarity: [[9]]\nsafety: [[1]]"), RUBRIC)
                .build()
                .judge(Q, A);
    assertEquals("", none.rationale());
    assertEquals(
        (3 * 1 + 1 * 8.0 / 9 + 2 * 1) / 6, none.reward(), 1e-15); // clarity 9 on 1..10 is 8/9
  }

  @Test
  void secondHandComputedCaseWithUnevenWeights() {
    // weights 0.5 / 2: (0.5 * (2-1)/4 + 2 * (10-1)/9) / 2.5 = (0.125 + 2) / 2.5 = 0.85
    Rubric r =
        Rubric.of(
            new RubricCriterion("a", "x", new RatingScale(1, 5), 0.5),
            new RubricCriterion("b", "y", RatingScale.ONE_TO_TEN, 2));
    assertEquals(0.85, r.reward(new double[] {2, 10}), 1e-15);
    assertEquals(1.0, r.reward(new double[] {5, 10}), 1e-15);
    assertEquals(0.0, r.reward(new double[] {1, 1}), 1e-15);
  }

  @Test
  void thePromptListsEachCriterionWithItsScaleAndDescriptionButNotItsWeight() {
    AtomicReference<String> sent = new AtomicReference<>();
    ChatModel judge =
        request -> {
          sent.set(request.messages().get(0).content());
          return ChatResponse.ofText(ANSWER);
        };
    RubricJudgeReward.builder(judge, RUBRIC).build().score(Q, A);
    String text = sent.get();
    assertTrue(text.contains("- accuracy (1 to 5): The steps are correct for the product."), text);
    assertTrue(text.contains("- clarity (1 to 10): The steps are easy to follow."), text);
    assertTrue(text.contains("- safety (0 to 1): "), text);
    assertTrue(text.contains(Q.text()) && text.contains(A.text()), text);
    assertTrue(text.contains("name: [[score]]"), text);
    assertFalse(text.contains("weight"), text);
  }

  @Test
  void theLastLineOfACriterionWinsAndCommonFormsAreRead() {
    String answer =
        "accuracy: [[2]] first thought\nclarity: 8/10\nsafety: [[0]]\n"
            + "On reflection:\n> **Accuracy:** [[5]] all steps are there";
    RubricJudgement j = RubricJudgeReward.builder(answering(answer), RUBRIC).build().judge(Q, A);
    RubricJudgement.Scored s = assertInstanceOf(RubricJudgement.Scored.class, j);
    assertEquals(5.0, s.score("accuracy").score());
    assertEquals(8.0, s.score("clarity").score());
    // (3 * 1 + 1 * 7/9 + 2 * 0) / 6
    assertEquals((3 + 7.0 / 9.0) / 6, s.reward(), 1e-15);
  }

  @Test
  void malformedJudgeOutputIsUnscorableNamingTheCriterionNeverAZero() {
    String[][] cases = {
      {
        "accuracy: [[4]]\nclarity: [[7]]\nRationale: fine",
        "no line \"safety: [[score]]\" for criterion safety"
      },
      {
        "accuracy: [[6]]\nclarity: [[7]]\nsafety: [[1]]",
        "criterion accuracy: rating 6 is outside the scale 1..5"
      },
      {
        "accuracy: 4/10\nclarity: [[7]]\nsafety: [[1]]",
        "criterion accuracy: rating 4 was given out of 10"
      },
      {
        "accuracy: good\nclarity: [[7]]\nsafety: [[1]]",
        "criterion accuracy: no rating found on the scale 1..5"
      },
      {"I would rather not score this.", "criterion accuracy"},
    };
    for (String[] c : cases) {
      RubricJudgeReward r = RubricJudgeReward.builder(answering(c[0]), RUBRIC).build();
      RubricJudgement.Unscorable u =
          assertInstanceOf(RubricJudgement.Unscorable.class, r.judge(Q, A), c[0]);
      assertTrue(u.reason().contains(c[1]), u.reason());
      assertEquals(c[0], u.rawAnswer());
      UnscorableCompletionException e =
          assertThrows(UnscorableCompletionException.class, () -> r.score(Q, A));
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
      assertThrows(UnscorableCompletionException.class, () -> r.explain(Q, A));
    }
    RubricJudgeReward withFallback =
        RubricJudgeReward.builder(answering("no scores"), RUBRIC).onUnscorable(-1).build();
    assertEquals(-1.0, withFallback.score(Q, A));
    assertEquals(RewardBreakdown.of(-1), withFallback.explain(Q, A));
  }

  @Test
  void chatModelFailuresPropagate() {
    ChatModel down =
        request -> {
          throw new ChatModelException("503", true, null);
        };
    assertThrows(
        ChatModelException.class,
        () -> RubricJudgeReward.builder(down, RUBRIC).build().score(Q, A));
  }

  @Test
  void badInputIsRefusedByName() {
    RatingScale s = RatingScale.UNIT;
    assertMessage(() -> new RubricCriterion("1st", "d", s, 1), "name", "1st");
    assertMessage(() -> new RubricCriterion("a b", "d", s, 1), "name", "a b");
    assertMessage(() -> new RubricCriterion("a", " ", s, 1), "description");
    assertMessage(() -> new RubricCriterion("a", "d", s, 0), "weight", "0");
    assertMessage(() -> new RubricCriterion("a", "d", s, -2), "weight", "-2");
    assertMessage(() -> new RubricCriterion("a", "d", s, Double.NaN), "weight", "NaN");
    assertMessage(() -> new Rubric(List.of()), "criteria");
    assertMessage(
        () -> Rubric.of(RubricCriterion.of("Tone", "d", s), RubricCriterion.of("tone", "e", s)),
        "criteria",
        "tone");
    assertMessage(() -> RUBRIC.reward(new double[] {4, 7}), "scores", "criteria");
    assertMessage(() -> RUBRIC.reward(new double[] {4, 11, 1}), "scores[1]", "clarity", "11");
    assertMessage(
        () -> RubricJudgeReward.builder(answering(ANSWER), RUBRIC).template("rate {answer}"),
        "template",
        "{criteria}");
    assertMessage(
        () -> RubricJudgeReward.builder(answering(ANSWER), RUBRIC).maxTokens(0), "maxTokens", "0");
    assertMessage(
        () -> RubricJudgeReward.builder(answering(ANSWER), RUBRIC).onUnscorable(Double.NaN),
        "fallback");
  }

  /** Scale-invariance, weight-scale invariance, order invariance and the range, on random rubrics. */
  @Property(trials = 200)
  void rewardDependsOnlyOnNormalisedScoresAndRelativeWeights(Gen gen) {
    int k = gen.intIn(1, 6);
    List<RubricCriterion> criteria = new ArrayList<>();
    List<RubricCriterion> rescaled = new ArrayList<>();
    double[] scores = new double[k];
    double[] rescaledScores = new double[k];
    double factor = gen.doubleIn(0.01, 100);
    double expectedNum = 0;
    double expectedDen = 0;
    for (int i = 0; i < k; i++) {
      double lo = Math.rint(gen.doubleIn(-5, 5));
      double hi = lo + Math.rint(gen.doubleIn(1, 10));
      double w = gen.doubleIn(0.05, 5);
      double score = gen.bool() ? lo + Math.rint(gen.doubleIn(0, hi - lo)) : gen.doubleIn(lo, hi);
      criteria.add(new RubricCriterion("c" + i, "d", new RatingScale(lo, hi), w));
      // the same criterion on the scale stretched by 3 and shifted by 7, weighed factor times as
      // much
      rescaled.add(
          new RubricCriterion("c" + i, "d", new RatingScale(3 * lo + 7, 3 * hi + 7), w * factor));
      scores[i] = score;
      rescaledScores[i] = 3 * score + 7;
      expectedNum += w * (score - lo) / (hi - lo);
      expectedDen += w;
    }
    double reward = new Rubric(criteria).reward(scores);
    assertTrue(reward >= 0 && reward <= 1, "reward " + reward);
    assertEquals(expectedNum / expectedDen, reward, 1e-12);
    assertEquals(reward, new Rubric(rescaled).reward(rescaledScores), 1e-12);
    List<Integer> perm = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      perm.add(i);
    }
    Collections.shuffle(perm, new Random(gen.seed()));
    List<RubricCriterion> shuffled = new ArrayList<>();
    double[] shuffledScores = new double[k];
    for (int i = 0; i < k; i++) {
      shuffled.add(criteria.get(perm.get(i)));
      shuffledScores[i] = scores[perm.get(i)];
    }
    assertEquals(reward, new Rubric(shuffled).reward(shuffledScores), 1e-12);
  }

  static void assertMessage(Executable e, String... parts) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    for (String p : parts) {
      assertTrue(
          x.getMessage().contains(p), "\"" + x.getMessage() + "\" should contain \"" + p + "\"");
    }
  }
}
