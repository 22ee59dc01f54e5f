package dev.align4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.ExplainableReward;
import dev.align4j.rewards.RewardBreakdown;
import dev.align4j.rewards.llm.LlmJudgeReward;
import dev.align4j.rewards.rule.KeywordRule;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.OutputGuardrailException;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link RewardGuardrail} attached to a LangChain4j {@code AiServices} assistant (LangChain4j's own entry point): pass,
 * retry, reprompt and fail, with the score and the reason in what the service throws.
 */
class RewardGuardrailTest {

  interface Assistant {
    String chat(String message);
  }

  /** 1 for an answer that mentions "refund", 0 otherwise; records the prompts it saw. */
  static final class MentionsRefund implements RewardModel {
    final List<Prompt> prompts = new CopyOnWriteArrayList<>();

    @Override
    public double score(Prompt prompt, Completion completion) {
      prompts.add(prompt);
      return completion.text().contains("refund") ? 1.0 : 0.0;
    }
  }

  private static Assistant assistant(ScriptedChatModel model, RewardGuardrail guardrail) {
    return AiServices.builder(Assistant.class)
        .chatModel(model)
        .chatMemory(MessageWindowChatMemory.withMaxMessages(10))
        .outputGuardrails(guardrail)
        .build();
  }

  @Test
  void aPassingAnswerIsReturnedAfterOneCall() {
    ScriptedChatModel model = ScriptedChatModel.of("You will get a refund within 5 days.");
    MentionsRefund reward = new MentionsRefund();
    String out =
        assistant(model, RewardGuardrail.builder(reward, 0.5).build()).chat("Where is my money?");
    assertEquals("You will get a refund within 5 days.", out);
    assertEquals(1, model.requests.size());
    assertEquals(
        Prompt.of("Where is my money?"), reward.prompts.get(0), "the user's message is the prompt");
  }

  @Test
  void aLowScoreIsRetriedUntilAnAnswerPasses() {
    ScriptedChatModel model = ScriptedChatModel.of("Please wait.", "A refund is on its way.");
    MentionsRefund reward = new MentionsRefund();
    String out = assistant(model, RewardGuardrail.builder(reward, 0.5).build()).chat("Money?");
    assertEquals("A refund is on its way.", out);
    assertEquals(2, model.requests.size(), "one retry");
    // LangChain4j re-sends the memory with the rejected answer in it; the reward model scores the
    // retried answer against the user's conversation, as it scored the first one
    assertEquals(
        "Please wait.",
        ((AiMessage) model.requests.get(1).messages().get(1)).text(),
        "LangChain4j's retry re-sends the rejected answer");
    assertEquals(
        List.of(Prompt.of("Money?"), Prompt.of("Money?")),
        reward.prompts,
        "the retried answer is scored against the user's conversation, without the rejected answer");
  }

  @Test
  void aRepromptAddsTheInstructionAsAUserMessage() {
    ScriptedChatModel model = ScriptedChatModel.of("Please wait.", "A refund is on its way.");
    MentionsRefund reward = new MentionsRefund();
    RewardGuardrail g =
        RewardGuardrail.builder(reward, 0.5).repromptWith("Mention the refund explicitly.").build();
    String out =
        AiServices.builder(Assistant.class)
            .chatModel(model)
            .chatMemory(MessageWindowChatMemory.withMaxMessages(10))
            .outputGuardrails(g)
            .build()
            .chat("Money?");
    assertEquals("A refund is on its way.", out);
    List<ChatMessage> second = model.requests.get(1).messages();
    ChatMessage last = second.get(second.size() - 1);
    assertTrue(
        last instanceof UserMessage u
            && Conversations.userText(u).contains("Mention the refund explicitly."),
        second::toString);
    // the instruction goes to the model only; the answer reaches the user as the reply to their
    // message, so it is scored against the user's conversation, as on the first call
    assertEquals(List.of(Prompt.of("Money?"), Prompt.of("Money?")), reward.prompts);
  }

  @Test
  void whenRetriesRunOutTheServiceFailsWithTheScoreAndTheReason() {
    ScriptedChatModel model = ScriptedChatModel.of("Please wait.");
    RewardGuardrail g =
        RewardGuardrail.builder(new MentionsRefund(), 0.5).name("refund-rule").build();
    OutputGuardrailException e =
        assertThrows(OutputGuardrailException.class, () -> assistant(model, g).chat("Money?"));
    assertTrue(
        e.getMessage().contains("refund-rule scored 0.0000 < pass threshold 0.5000"),
        e.getMessage());
    // LangChain4j 1.19's default OutputGuardrailsConfig (maxRetries 2) makes two calls in all
    assertEquals(2, model.requests.size());
  }

  @Test
  void belowTheFailThresholdTheServiceFailsWithoutRetrying() {
    ScriptedChatModel model = ScriptedChatModel.of("Please wait.");
    RewardGuardrail g = RewardGuardrail.builder(new MentionsRefund(), 0.5).failBelow(0.25).build();
    OutputGuardrailException e =
        assertThrows(OutputGuardrailException.class, () -> assistant(model, g).chat("Money?"));
    assertTrue(e.getMessage().contains("scored 0.0000 < fail threshold 0.2500"), e.getMessage());
    assertEquals(1, model.requests.size());
  }

  @Test
  void aRuleGuardsThroughTheServiceAndAnExplainableRewardGivesItsComponentsAsTheReason() {
    ScriptedChatModel model = ScriptedChatModel.of("Please wait.", "Your refund was sent.");
    KeywordRule rule = KeywordRule.of(KeywordRule.Mode.ANY, List.of("refund"));
    assertEquals(
        "Your refund was sent.",
        assistant(model, RewardGuardrail.builder(rule, 1.0).build()).chat("Money?"));
    ExplainableReward explained =
        (p, c) ->
            new RewardBreakdown(
                rule.score(p, c) - 0.5, Map.of("keyword", rule.score(p, c), "bias", -0.5));
    RewardGuardrail.Verdict v =
        RewardGuardrail.builder(explained, 0.0).build().evaluate(Prompt.of("Money?"), "Wait.");
    assertEquals(RewardGuardrail.Action.RETRY, v.action());
    assertEquals(-0.5, v.score());
    assertTrue(v.reason().contains("keyword=0.0") && v.reason().contains("bias=-0.5"), v.reason());
  }

  @Test
  void withoutAChatMemoryARetryBecomesAFailThatSaysWhy() {
    ScriptedChatModel model = ScriptedChatModel.of("Please wait.", "A refund is on its way.");
    Assistant noMemory =
        AiServices.builder(Assistant.class)
            .chatModel(model)
            .outputGuardrails(RewardGuardrail.builder(new MentionsRefund(), 0.5).build())
            .build();
    OutputGuardrailException e =
        assertThrows(OutputGuardrailException.class, () -> noMemory.chat("Money?"));
    assertTrue(
        e.getMessage().contains("scored 0.0000 < pass threshold 0.5000")
            && e.getMessage().contains("no chat memory"),
        e.getMessage());
    assertEquals(1, model.requests.size());
  }

  @Test
  void aNanScoreFails() {
    RewardGuardrail.Verdict v =
        RewardGuardrail.builder((p, c) -> Double.NaN, 0.0).build().evaluate(Prompt.of("q"), "a");
    assertEquals(RewardGuardrail.Action.FAIL, v.action());
  }

  @Test
  void thresholdsAreChecked() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RewardGuardrail.builder(new MentionsRefund(), 0.5).failBelow(0.75).build());
    assertTrue(
        e.getMessage().contains("failBelow") && e.getMessage().contains("0.75"), e.getMessage());
  }

  @Test
  void aJudgeGuardrailQuotesTheJudgesAnswer() {
    // the judge (LangChain4j model -> align4j chat model -> LlmJudgeReward) rates 3 on 1..10, then
    // 9
    ScriptedChatModel judgeModel = ScriptedChatModel.of("Vague. [[3]]", "Clear and correct. [[9]]");
    LlmJudgeReward judge = LlmJudgeReward.builder(LangChain4jChatModel.of(judgeModel)).build();
    RewardGuardrail g = RewardGuardrail.builder(judge, 7).name("judge").build();
    ScriptedChatModel model = ScriptedChatModel.of("Please wait.", "A refund is on its way.");
    assertEquals("A refund is on its way.", assistant(model, g).chat("Money?"));
    RewardGuardrail.Verdict v =
        RewardGuardrail.builder(judge, 7).name("judge").build().evaluate(Prompt.of("Money?"), "x");
    assertEquals(RewardGuardrail.Action.PASS, v.action(), v.reason());
    assertTrue(v.reason().contains("the judge answered \"Clear and correct. [[9]]\""), v.reason());
    assertTrue(judgeModel.requests.get(0).messages().toString().contains("Please wait."));
  }
}
