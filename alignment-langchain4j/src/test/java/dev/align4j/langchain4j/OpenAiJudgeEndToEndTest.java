package dev.align4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.llm.AuthenticationException;
import dev.align4j.core.llm.BadResponseException;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.llm.NonRetriableChatModelException;
import dev.align4j.core.llm.RateLimitException;
import dev.align4j.core.llm.RemoteTimeoutException;
import dev.align4j.core.llm.RetriableChatModelException;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.judge.JudgeAttributes;
import dev.align4j.feedback.judge.LlmJudge;
import dev.align4j.testkit.CapturingLogger;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's real {@code OpenAiChatModel}, pointed at an OpenAI-compatible server in the test, under align4j's
 * {@link LlmJudge} through {@link LangChain4jChatModel}: soft labels from the log-probabilities the server returns,
 * the hard-label fall-back when it returns none, and HTTP errors as align4j's exceptions.
 */
class OpenAiJudgeEndToEndTest {
  private static final String KEY = "sk-test-not-a-real-key-0123456789";
  private static final Prompt P = Prompt.of("What is 2 + 2?");
  private static final Completion GOOD = Completion.of("2 + 2 = 4. good");
  private static final Completion BAD = Completion.of("It is 5.");

  /** The text of a marked candidate block of a judge prompt (the judge's delimiters, {@code [[NAME #nonce]]}). */
  private static String block(String user, String name) {
    int start = user.indexOf("[[" + name + " #");
    if (start < 0) {
      return "";
    }
    int open = user.indexOf("]]\n", start) + 3;
    int end = user.indexOf("\n[[END " + name + " #", open);
    return end < 0 ? "" : user.substring(open, end);
  }

  /**
   * A judge preferring the candidate containing "good": the verdict token carries p = 0.8 when the winner is shown
   * first and p = 0.7 when it is shown second, the loser 1 − p − 0.01, "tie" 0.01 — when {@code withLogProbs} and
   * the request asked for them.
   */
  private static Function<JsonNode, FakeOpenAiServer.Reply> judge(boolean withLogProbs) {
    return req -> {
      String user = FakeOpenAiServer.lastUserContent(req);
      boolean firstGood = block(user, "RESPONSE 1").contains("good");
      String v = firstGood ? "1" : "2";
      String loser = firstGood ? "2" : "1";
      double p = firstGood ? 0.8 : 0.7;
      boolean asked = req.path("logprobs").asBoolean(false);
      if (!withLogProbs || !asked) {
        return FakeOpenAiServer.completion("Verdict: " + v, Map.of(), List.of());
      }
      return FakeOpenAiServer.completion(
          "Verdict: " + v,
          Map.of(
              "Verdict",
              new Object[] {-0.001},
              ":",
              new Object[] {-0.001},
              " " + v,
              new Object[] {
                Math.log(p),
                " " + v,
                Math.log(p),
                " " + loser,
                Math.log(1 - p - 0.01),
                " tie",
                Math.log(0.01)
              }),
          List.of("Verdict", ":", " " + v));
    };
  }

  private static OpenAiChatModel openAi(FakeOpenAiServer server) {
    return OpenAiChatModel.builder()
        .baseUrl(server.baseUrl())
        .apiKey(KEY)
        .modelName("judge-test")
        .maxRetries(0)
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  @Test
  void judgeReadsSoftLabelsFromTheLogProbsTheProviderReturns() throws Exception {
    try (FakeOpenAiServer server = new FakeOpenAiServer(judge(true))) {
      LangChain4jChatModel model = LangChain4jChatModel.of(openAi(server));
      assertEquals("openai", model.dialect().name());
      assertEquals("open_ai/judge-test", model.modelId());
      PairwiseComparison p =
          (PairwiseComparison)
              LlmJudge.builder()
                  .model(model)
                  .build()
                  .requestBlocking(FeedbackRequest.pairwise("r1", P, GOOD, BAD));
      // both orders asked for log-probs (the judge's default: 5 alternatives), with the key as a
      // bearer token
      assertEquals(2, server.requests.size());
      for (JsonNode req : server.requests) {
        assertTrue(req.path("logprobs").asBoolean(), req.toString());
        assertEquals(5, req.path("top_logprobs").asInt(), req.toString());
        assertEquals(0.0, req.path("temperature").asDouble(-1), req.toString());
      }
      assertEquals("Bearer " + KEY, server.authorizations.get(0));
      // RLAIF soft average over the two orders of the normalised answer-token probabilities, by
      // hand:
      // A first: P("1") / (P("1") + P("2")) = 0.8 / 0.99; B first: P("2") / (P("1") + P("2")) = 0.7
      // / 0.99
      double expected = (0.8 / 0.99 + 0.7 / 0.99) / 2;
      assertEquals(expected, p.probabilityA(), 1e-12);
      assertEquals(Outcome.A, p.outcome());
      assertEquals("logprobs", p.provenance().attributes().get(JudgeAttributes.SOFT_LABEL_SOURCE));
      assertEquals(0, model.logProbFallbacks());
    }
  }

  @Test
  void logProbsPassThroughABestOfNDecoratorAroundTheOpenAiModel() throws Exception {
    try (FakeOpenAiServer server = new FakeOpenAiServer(judge(true))) {
      // best-of-1 reports the OpenAI provider, so the OpenAI dialect asks for log-probabilities;
      // they come back inside BestOfNMetadata (the chosen answer's OpenAI metadata)
      BestOfNChatModel bestOfOne =
          BestOfNChatModel.builder(openAi(server), (prompt, completion) -> 0.0).n(1).build();
      LangChain4jChatModel model = LangChain4jChatModel.of(bestOfOne);
      assertEquals("openai", model.dialect().name());
      PairwiseComparison p =
          (PairwiseComparison)
              LlmJudge.builder()
                  .model(model)
                  .build()
                  .requestBlocking(FeedbackRequest.pairwise("r1", P, GOOD, BAD));
      assertTrue(server.requests.get(0).path("logprobs").asBoolean(), server.requests.toString());
      assertEquals("logprobs", p.provenance().attributes().get(JudgeAttributes.SOFT_LABEL_SOURCE));
      assertEquals((0.8 / 0.99 + 0.7 / 0.99) / 2, p.probabilityA(), 1e-12);
      assertEquals(0, model.logProbFallbacks());
    }
  }

  @Test
  void withoutLogProbsTheJudgeFallsBackToHardLabelsAndNeverFails() throws Exception {
    try (FakeOpenAiServer server = new FakeOpenAiServer(judge(false))) {
      LangChain4jChatModel model = LangChain4jChatModel.of(openAi(server));
      LlmJudge judge = LlmJudge.builder().model(model).build();
      PairwiseComparison p =
          (PairwiseComparison) judge.requestBlocking(FeedbackRequest.pairwise("r1", P, GOOD, BAD));
      assertEquals(1.0, p.probabilityA(), 0.0, "both orders' hard verdicts prefer A");
      assertEquals(Outcome.A, p.outcome());
      assertEquals("verdict", p.provenance().attributes().get(JudgeAttributes.SOFT_LABEL_SOURCE));
      assertEquals(2, model.logProbFallbacks());
      judge.requestBlocking(FeedbackRequest.pairwise("r2", P, BAD, GOOD));
      assertEquals(
          4, model.logProbFallbacks(), "every fall-back is counted (the first one is logged)");
      assertTrue(
          CapturingLogger.Provider.LINES.stream().noneMatch(l -> l.contains(KEY)),
          "no key in the logs");
    }
  }

  @Test
  void aGenericDialectAsksForNoLogProbsAndFallsBack() throws Exception {
    try (FakeOpenAiServer server = new FakeOpenAiServer(judge(true))) {
      LangChain4jChatModel model =
          LangChain4jChatModel.of(openAi(server), ProviderDialect.generic(), "generic-test");
      PairwiseComparison p =
          (PairwiseComparison)
              LlmJudge.builder()
                  .model(model)
                  .build()
                  .requestBlocking(FeedbackRequest.pairwise("r1", P, GOOD, BAD));
      assertFalse(
          server.requests.get(0).has("logprobs")
              && server.requests.get(0).get("logprobs").asBoolean());
      assertEquals("verdict", p.provenance().attributes().get(JudgeAttributes.SOFT_LABEL_SOURCE));
      assertEquals(2, model.logProbFallbacks());
    }
  }

  @Test
  void theAnswerCarriesTextTokensUsageAndFinishReason() throws Exception {
    try (FakeOpenAiServer server = new FakeOpenAiServer(judge(true))) {
      LangChain4jChatModel model = LangChain4jChatModel.of(openAi(server));
      String user = "[[RESPONSE 1 #x]]\ngood\n[[END RESPONSE 1 #x]]";
      ChatResponse r =
          model.chat(
              new ChatRequest(
                  List.of(Message.system("judge"), Message.user(user)),
                  0.0,
                  16,
                  3,
                  12345678901L,
                  List.of("\n\n")));
      assertEquals("Verdict: 1", r.text());
      assertEquals("stop", r.finishReason());
      assertEquals(50, r.promptTokens());
      assertEquals(3, r.completionTokens());
      assertEquals(3, r.tokens().size());
      assertEquals(" 1", r.tokens().get(2).token());
      assertEquals(Math.log(0.8), r.tokens().get(2).logProb(), 0.0);
      assertEquals(3, r.tokens().get(2).alternatives().size());
      JsonNode sent = server.requests.get(0);
      assertEquals(3, sent.path("top_logprobs").asInt());
      assertEquals(16, sent.path("max_tokens").asInt(), sent.toString());
      assertEquals("\n\n", sent.path("stop").get(0).asText(), sent.toString());
      // a long seed outside int range is folded, deterministically
      long s = 12345678901L;
      assertEquals((int) (s ^ (s >>> 32)), sent.path("seed").asInt(), sent.toString());
      assertEquals("system", sent.get("messages").get(0).get("role").asText());
    }
  }

  private static ChatModelException failureFor(FakeOpenAiServer.Reply reply) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (FakeOpenAiServer server =
        new FakeOpenAiServer(
            req -> {
              calls.incrementAndGet();
              return reply;
            })) {
      LangChain4jChatModel model = LangChain4jChatModel.of(openAi(server));
      ChatModelException e =
          assertThrows(
              ChatModelException.class,
              () -> model.chat(ChatRequest.of(List.of(Message.user("hi")), 4)));
      assertEquals(1, calls.get(), "maxRetries(0): one call");
      assertFalse(e.getMessage().contains(KEY), e.getMessage());
      return e;
    }
  }

  private static HttpException httpCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof HttpException h) {
        return h;
      }
    }
    throw new AssertionError("no HttpException in the cause chain of " + t);
  }

  @Test
  void http429IsARetriableRateLimitWithTheProviderExceptionAsCause() throws Exception {
    ChatModelException e =
        failureFor(FakeOpenAiServer.error(429, "rate_limit_exceeded", "slow down"));
    assertInstanceOf(RateLimitException.class, e);
    assertTrue(e.retryable());
    assertInstanceOf(dev.langchain4j.exception.RateLimitException.class, e.getCause());
    assertEquals(429, httpCause(e).statusCode());
  }

  @Test
  void http401IsANonRetriableAuthenticationFailure() throws Exception {
    ChatModelException e =
        failureFor(FakeOpenAiServer.error(401, "invalid_api_key", "Incorrect API key provided"));
    assertInstanceOf(AuthenticationException.class, e);
    assertFalse(e.retryable());
    assertInstanceOf(dev.langchain4j.exception.AuthenticationException.class, e.getCause());
    assertEquals(401, httpCause(e).statusCode());
  }

  @Test
  void http500IsRetriable() throws Exception {
    ChatModelException e = failureFor(FakeOpenAiServer.error(500, "server_error", "boom"));
    assertInstanceOf(RetriableChatModelException.class, e);
    assertTrue(e.retryable());
    assertEquals(500, httpCause(e).statusCode());
  }

  @Test
  void http400IsNonRetriable() throws Exception {
    ChatModelException e = failureFor(FakeOpenAiServer.error(400, "invalid_request_error", "bad"));
    assertInstanceOf(NonRetriableChatModelException.class, e);
    assertEquals(400, httpCause(e).statusCode());
  }

  @Test
  void aBodyThatDoesNotParseIsABadResponse() throws Exception {
    ChatModelException e =
        failureFor(new FakeOpenAiServer.Reply(200, "{\"choices\": [ {\"message\": tru"));
    assertInstanceOf(BadResponseException.class, e, () -> e + " caused by " + e.getCause());
    assertTrue(e.retryable());
  }

  @Test
  void aClientTimeoutIsARetriableRemoteTimeout() throws Exception {
    try (FakeOpenAiServer server =
        new FakeOpenAiServer(
            req -> {
              try {
                Thread.sleep(1_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return FakeOpenAiServer.completion("late", Map.of(), List.of());
            })) {
      OpenAiChatModel slow =
          OpenAiChatModel.builder()
              .baseUrl(server.baseUrl())
              .apiKey(KEY)
              .modelName("m")
              .maxRetries(0)
              .timeout(Duration.ofMillis(250))
              .build();
      ChatModelException e =
          assertThrows(
              ChatModelException.class,
              () ->
                  LangChain4jChatModel.of(slow)
                      .chat(ChatRequest.of(List.of(Message.user("hi")), 4)));
      assertInstanceOf(RemoteTimeoutException.class, e, () -> e + " caused by " + e.getCause());
      assertTrue(e.retryable());
    }
  }

  @Test
  void theJudgeSurfacesTheMappedExceptionWithItsChain() throws Exception {
    try (FakeOpenAiServer server =
        new FakeOpenAiServer(req -> FakeOpenAiServer.error(429, "rate_limit", "slow"))) {
      LlmJudge judge = LlmJudge.builder().model(LangChain4jChatModel.of(openAi(server))).build();
      RuntimeException e =
          assertThrows(
              RuntimeException.class,
              () -> judge.requestBlocking(FeedbackRequest.pairwise("r1", P, GOOD, BAD)));
      Throwable c = e;
      while (c != null && !(c instanceof RateLimitException)) {
        c = c.getCause();
      }
      assertInstanceOf(RateLimitException.class, c, () -> "chain of " + e);
      assertEquals(429, httpCause(c).statusCode());
    }
  }
}
