package dev.align4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.text.Message;
import dev.align4j.testkit.CapturingLogger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The log-probability fall-back is logged once per adapter, not per call, and never fails the call. */
class LogProbFallbackLoggingTest {

  private static long linesAbout(String modelId) {
    return CapturingLogger.Provider.LINES.stream().filter(l -> l.contains(modelId)).count();
  }

  @Test
  void theFirstFallbackIsLoggedAndTheRestCounted() {
    assertTrue(
        LoggerFactory.getILoggerFactory().getLogger("x") instanceof CapturingLogger,
        "the capturing provider is in use");
    String id = "no-logprobs-model-" + System.nanoTime();
    LangChain4jChatModel model =
        LangChain4jChatModel.of(ScriptedChatModel.of("Verdict: 1"), ProviderDialect.openAi(), id);
    ChatRequest wants = ChatRequest.of(List.of(Message.user("judge this")), 4).withTopLogProbs(5);
    for (int i = 0; i < 3; i++) {
      ChatResponse r = model.chat(wants);
      assertEquals("Verdict: 1", r.text());
      assertFalse(r.hasLogProbs());
    }
    assertEquals(3, model.logProbFallbacks());
    assertEquals(1, linesAbout(id), CapturingLogger.Provider.LINES::toString);
    String line =
        CapturingLogger.Provider.LINES.stream()
            .filter(l -> l.contains(id))
            .findFirst()
            .orElseThrow();
    assertTrue(
        line.startsWith("WARN " + LangChain4jChatModel.class.getName() + " | ")
            && line.contains("dialect openai")
            && line.contains("5 alternatives")
            && line.contains("hard verdict"),
        line);
    // a request that does not ask for log-probabilities is no fall-back
    model.chat(ChatRequest.of(List.of(Message.user("hi")), 4));
    assertEquals(3, model.logProbFallbacks());
    // another adapter logs its own first fall-back
    String other = id + "-b";
    LangChain4jChatModel.of(ScriptedChatModel.of("x"), ProviderDialect.generic(), other)
        .chat(wants);
    assertEquals(1, linesAbout(other));
  }
}
