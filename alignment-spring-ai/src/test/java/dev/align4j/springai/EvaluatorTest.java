package dev.align4j.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.RatingScale;
import dev.align4j.core.llm.AuthenticationException;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.judge.LlmJudge;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.evaluation.EvaluationRequest;
import org.springframework.ai.evaluation.EvaluationResponse;
import org.springframework.ai.evaluation.Evaluator;
import org.springframework.ai.retry.NonTransientAiException;

class EvaluatorTest {

  @Test
  void binaryJudgeEvaluatorPassesOnYesWithPYesFromLogProbs() {
    StubSpringAiModel stub =
        StubSpringAiModel.openAiLike(
            p -> {
              boolean polite = StubSpringAiModel.userText(p).contains("Thank you");
              String verdict = polite ? "yes" : "no";
              double pYes = polite ? 0.9 : 0.2;
              return StubSpringAiModel.answer(
                  "Verdict: " + verdict,
                  Map.of(
                      "logprobs",
                      OpenAiShapedLogProbs.oneToken(
                          verdict, List.of("yes", "no"), List.of(pYes, 1 - pYes))));
            });
    Evaluator evaluator =
        JudgeEvaluator.binary(LlmJudge.builder().model(SpringAiChatModel.of(stub)).build());

    EvaluationResponse good =
        evaluator.evaluate(new EvaluationRequest("Reply to the customer", "Thank you, done."));
    assertTrue(good.isPass());
    assertEquals(0.9, good.getScore(), 1e-6);
    assertEquals("spring-ai-evaluation-1", good.getMetadata().get("request_id"));
    assertEquals("stub-openai", good.getMetadata().get("annotator"));
    assertEquals("logprobs", good.getMetadata().get("soft_label_source"));
    assertTrue(good.getFeedback().contains("acceptable"), good.getFeedback());

    EvaluationResponse bad =
        evaluator.evaluate(new EvaluationRequest("Reply to the customer", "Go away."));
    assertFalse(bad.isPass());
    assertEquals(0.2, bad.getScore(), 1e-6);
    assertEquals("spring-ai-evaluation-2", bad.getMetadata().get("request_id"));
  }

  @Test
  void ratingJudgeEvaluatorScoresTheExpectedRatingAndPassesAtTheThreshold() {
    // the judge answers "Score: 4" with p(3) = 0.25, p(4) = 0.75 on a 1..5 scale: expected 0.25*3 +
    // 0.75*4 = 3.75
    StubSpringAiModel stub =
        StubSpringAiModel.openAiLike(
            p ->
                StubSpringAiModel.answer(
                    "Score: 4",
                    Map.of(
                        "logprobs",
                        OpenAiShapedLogProbs.oneToken(
                            "4", List.of("3", "4"), List.of(0.25, 0.75)))));
    LlmJudge judge = LlmJudge.builder().model(SpringAiChatModel.of(stub)).build();
    EvaluationRequest request =
        new EvaluationRequest("Explain DPO", "DPO optimises a logistic loss ...");
    EvaluationResponse passing =
        JudgeEvaluator.rating(judge, new RatingScale(1, 5), 3.5).evaluate(request);
    assertEquals(3.75, passing.getScore(), 1e-5);
    assertTrue(passing.isPass());
    EvaluationResponse failing =
        JudgeEvaluator.rating(judge, new RatingScale(1, 5), 4).evaluate(request);
    assertFalse(failing.isPass());
    assertThrows(
        IllegalArgumentException.class,
        () -> JudgeEvaluator.rating(judge, new RatingScale(1, 5), 6));
  }

  @Test
  void documentsBecomeNumberedContextBeforeTheQuestion() {
    AtomicReference<Prompt> seen = new AtomicReference<>();
    AtomicReference<Completion> answered = new AtomicReference<>();
    Evaluator evaluator =
        RewardModelEvaluator.of(
            (prompt, completion) -> {
              seen.set(prompt);
              answered.set(completion);
              return completion.text().length();
            },
            10);
    EvaluationResponse r =
        evaluator.evaluate(
            new EvaluationRequest(
                "Where is Paris?",
                List.of(new Document("Paris is in France."), new Document("France is in Europe.")),
                "In France."));
    assertEquals(
        "Context:\n[1] Paris is in France.\n[2] France is in Europe.\n\nQuestion:\nWhere is Paris?",
        seen.get().messages().get(0).content());
    assertEquals("In France.", answered.get().text());
    assertEquals(10.0, r.getScore(), 0.0);
    assertTrue(r.isPass(), "10 >= 10");
    assertEquals(10.0, r.getMetadata().get("reward"));
    assertFalse(
        RewardModelEvaluator.of((p, c) -> 9.99, 10)
            .evaluate(new EvaluationRequest("q", "a"))
            .isPass());
  }

  @Test
  void aRewardModelEvaluatorRefusesANonFiniteRewardAndThreshold() {
    assertThrows(
        IllegalArgumentException.class, () -> RewardModelEvaluator.of((p, c) -> 0, Double.NaN));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                RewardModelEvaluator.of((p, c) -> Double.NaN, 0)
                    .evaluate(new EvaluationRequest("q", "a")));
    assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
  }

  @Test
  void aFailingJudgeFailsTheEvaluationWithItsTypedException() {
    StubSpringAiModel stub =
        StubSpringAiModel.portable(
            p -> {
              throw new NonTransientAiException("401 - invalid key");
            });
    Evaluator evaluator =
        JudgeEvaluator.binary(LlmJudge.builder().model(SpringAiChatModel.of(stub)).build());
    assertThrows(
        AuthenticationException.class, () -> evaluator.evaluate(new EvaluationRequest("q", "a")));
  }
}
