package dev.align4j.rewards.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.AbstainingRewardModel;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.rule.ReferenceAnswerRule;
import dev.align4j.rewards.verify.Verifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The judges and verifiers as {@link AbstainingRewardModel}s: an answer that cannot be read is an abstention (NaN)
 * through {@code scoreOrAbstain}, never a number, whatever stand-in {@code score} uses.
 */
class JudgeAbstentionTest {
  private static final Prompt Q = Prompt.of("What is 6 times 7?");
  private static final Completion A = Completion.of("42");

  private static ChatModel answering(String text) {
    return request -> ChatResponse.ofText(text);
  }

  @Test
  void groupwiseJudgeAbstainsOnTheWholeGroupWhenItsAnswerCannotBeRead() {
    List<Completion> group = List.of(A, Completion.of("41"), Completion.of("I don't know"));
    // answer 3 is missing
    GroupwiseJudgeReward judge =
        GroupwiseJudgeReward.builder(answering("Answer 1: [[0.9]] ok\nAnswer 2: [[0.1]] no"))
            .build();
    double[] out = judge.scoreAllOrAbstain(Q, group);
    assertEquals(3, out.length);
    for (double v : out) {
      assertTrue(AbstainingRewardModel.isAbstention(v));
    }
    assertThrows(UnscorableCompletionException.class, () -> judge.scoreAll(Q, group));
    assertTrue(AbstainingRewardModel.isAbstention(judge.scoreOrAbstain(Q, A)));
  }

  @Test
  void groupwiseJudgeScoresAReadableGroupAsScoreAllDoes() {
    GroupwiseJudgeReward judge =
        GroupwiseJudgeReward.builder(answering("Answer 1: [[0.5]] a\nAnswer 2: [[0.5]] b")).build();
    List<Completion> group = List.of(A, Completion.of("41"));
    assertArrayEquals(judge.scoreAll(Q, group), judge.scoreAllOrAbstain(Q, group), 0.0);
    assertArrayEquals(new double[] {0.5, 0.5}, judge.scoreAllOrAbstain(Q, group), 0.0);
  }

  @Test
  void aFailingChatModelIsNotAnAbstention() {
    ChatModel down =
        request -> {
          throw new ChatModelException("judge endpoint unavailable", false, null);
        };
    GroupwiseJudgeReward judge = GroupwiseJudgeReward.builder(down).build();
    assertThrows(ChatModelException.class, () -> judge.scoreAllOrAbstain(Q, List.of(A, A)));
  }

  @Test
  void pointwiseAndRubricJudgesAbstainWhateverTheirFallback() {
    LlmJudgeReward pointwise =
        LlmJudgeReward.builder(answering("no rating here")).onUnscorable(0.0).build();
    assertEquals(0.0, pointwise.score(Q, A), 0.0); // the configured stand-in
    assertTrue(AbstainingRewardModel.isAbstention(pointwise.scoreOrAbstain(Q, A)));
    assertEquals(8.0, LlmJudgeReward.builder(answering("[[8]]")).build().scoreOrAbstain(Q, A), 0.0);

    Rubric rubric =
        Rubric.of(new RubricCriterion("accuracy", "The answer is correct.", RatingScale.UNIT, 1));
    RubricJudgeReward rubricJudge =
        RubricJudgeReward.builder(answering("accuracy: none given"), rubric)
            .onUnscorable(0.0)
            .build();
    assertEquals(0.0, rubricJudge.score(Q, A), 0.0);
    assertTrue(AbstainingRewardModel.isAbstention(rubricJudge.scoreOrAbstain(Q, A)));
    assertEquals(
        1.0,
        RubricJudgeReward.builder(answering("accuracy: [[1]] right"), rubric)
            .build()
            .scoreOrAbstain(Q, A),
        0.0);
  }

  @Test
  void aVerifierAbstainsWhereItCannotCheckAndScoresZeroOnlyWhenWrong() {
    Verifier rule = ReferenceAnswerRule.numeric(p -> "42");
    assertEquals(1.0, rule.scoreOrAbstain(Q, Completion.of("42")), 0.0);
    assertEquals(0.0, rule.scoreOrAbstain(Q, Completion.of("41")), 0.0);
    assertTrue(
        AbstainingRewardModel.isAbstention(rule.scoreOrAbstain(Q, Completion.of("no idea"))));
    assertEquals(0.0, rule.score(Q, Completion.of("no idea")), 0.0); // RewardModel's stand-in
    assertTrue(
        AbstainingRewardModel.isAbstention(
            rule.scoringAbstentionsAs(0.5).scoreOrAbstain(Q, Completion.of("no idea"))));
  }
}
