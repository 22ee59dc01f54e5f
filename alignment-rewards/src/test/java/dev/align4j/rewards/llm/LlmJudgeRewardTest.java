package dev.align4j.rewards.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.RatingScale;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.llm.TokenLogProb;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LlmJudgeRewardTest {
  private static final Prompt Q = Prompt.of("Explain recursion.");
  private static final Completion A = Completion.of("A function that calls itself.");

  @Test
  void parsesTheCommonRatingForms() {
    RatingParser p = new RatingParser(RatingScale.ONE_TO_TEN);
    String[][] cases = {
      {"Good answer. Rating: [[8]]", "8"},
      {"[[7.5]]", "7.5"},
      {"Score: 9/10", "9"},
      {"**Rating:** 6", "6"},
      {"I'd give it a score of 4.", "4"},
      {"Overall 7 out of 10.", "7"},
      {"  8. ", "8"},
      {"**3**", "3"},
      {"First I thought Rating: 3, but on reflection Rating: 5", "5"},
      {"It has 3 bugs. [[2]]", "2"},
    };
    for (String[] c : cases) {
      JudgeScore s = p.parse(c[0]);
      assertInstanceOf(JudgeScore.Scored.class, s, c[0]);
      assertEquals(Double.parseDouble(c[1]), ((JudgeScore.Scored) s).value(), c[0]);
    }
  }

  @Test
  void refusesToGuess() {
    RatingParser p = new RatingParser(RatingScale.ONE_TO_TEN);
    for (String text : new String[] {"", "Excellent!", "Rating: [[11]]", "Score: 4/5", "rating: 0",
        "It has 3 bugs and 2 typos."}) {
      assertInstanceOf(JudgeScore.Unscorable.class, p.parse(text), text);
    }
    assertTrue(((JudgeScore.Unscorable) p.parse("Score: 4/5")).reason().contains("out of 5"));
  }

  @Test
  void ratingModeSendsTheQuestionAndAnswerAndReturnsTheRating() {
    AtomicReference<String> sent = new AtomicReference<>();
    ChatModel judge = request -> {
      sent.set(request.messages().get(0).content());
      return ChatResponse.ofText("Clear and correct. [[9]]");
    };
    LlmJudgeReward r = LlmJudgeReward.builder(judge).build();
    assertEquals(9.0, r.score(Q, A));
    assertTrue(sent.get().contains("Explain recursion.") && sent.get().contains("calls itself"), sent.get());
    assertTrue(sent.get().contains("from 1 to 10"), sent.get());
    assertEquals(8.0 / 9.0, LlmJudgeReward.builder(judge).normalize(true).build().score(Q, A), 1e-12);
  }

  @Test
  void unparseableAnswersAreTypedAndNeverASilentZero() {
    ChatModel judge = request -> ChatResponse.ofText("I cannot rate this.");
    LlmJudgeReward r = LlmJudgeReward.builder(judge).build();
    JudgeScore s = r.judge(Q, A);
    assertInstanceOf(JudgeScore.Unscorable.class, s);
    assertEquals("I cannot rate this.", s.rawAnswer());
    var e = assertThrows(UnscorableCompletionException.class, () -> r.score(Q, A));
    assertTrue(e.getMessage().contains("I cannot rate this."), e.getMessage());
    assertEquals(s, e.result());
    assertEquals(-1.0, LlmJudgeReward.builder(judge).onUnscorable(-1).build().score(Q, A));
  }

  @Test
  void chatModelFailuresPropagate() {
    ChatModel down = request -> {
      throw new ChatModelException("503", true, null);
    };
    assertThrows(ChatModelException.class, () -> LlmJudgeReward.builder(down).build().score(Q, A));
  }

  @Test
  void goodTokenProbabilityIsRenormalisedOverYesAndNo() {
    ChatModel judge = request -> {
      assertEquals(5, request.topLogProbs());
      assertEquals(1, request.maxTokens());
      var first = new TokenLogProb("Yes", Math.log(0.6), List.of(
          new TokenLogProb.Alternative("Yes", Math.log(0.6)),
          new TokenLogProb.Alternative(" no", Math.log(0.2)),
          new TokenLogProb.Alternative("Maybe", Math.log(0.2))));
      return new ChatResponse("Yes", List.of(first), "stop", -1, -1);
    };
    LlmJudgeReward r = LlmJudgeReward.builder(judge).mode(LlmJudgeReward.Mode.GOOD_TOKEN_PROBABILITY).build();
    assertEquals(0.75, r.score(Q, A), 1e-12);
  }

  @Test
  void goodTokenModeWithoutLogProbsOrVerdictTokensIsUnscorable() {
    LlmJudgeReward noLogProbs = LlmJudgeReward.builder(request -> ChatResponse.ofText("Yes"))
        .mode(LlmJudgeReward.Mode.GOOD_TOKEN_PROBABILITY).build();
    assertTrue(((JudgeScore.Unscorable) noLogProbs.judge(Q, A)).reason().contains("no log-probabilities"));
    LlmJudgeReward noVerdict = LlmJudgeReward.builder(request -> new ChatResponse("Hmm",
        List.of(new TokenLogProb("Hmm", -0.1, List.of())), "stop", -1, -1))
        .mode(LlmJudgeReward.Mode.GOOD_TOKEN_PROBABILITY).build();
    assertThrows(UnscorableCompletionException.class, () -> noVerdict.score(Q, A));
  }
}
