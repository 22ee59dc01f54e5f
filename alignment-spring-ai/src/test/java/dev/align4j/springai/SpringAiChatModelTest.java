package dev.align4j.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
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
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.event.Level;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;

class SpringAiChatModelTest {
  private static final String A = "Paris is the capital of France.";
  private static final String B = "Lyon is the capital of France.";

  /** All text the judge sent, in order. */
  private static String sent(org.springframework.ai.chat.prompt.Prompt p) {
    return p.getInstructions().stream().map(m -> m.getText()).collect(Collectors.joining("\n"));
  }

  /**
   * A judge that prefers A: "Verdict: 1" with p(1) = 0.8 when A is shown first, "Verdict: 2" with p(1) = 0.3 when B is
   * shown first (so p(A better) is 0.8 in the first order and 1 - 0.3 = 0.7 in the second).
   */
  private static org.springframework.ai.chat.model.ChatResponse prefersA(
      org.springframework.ai.chat.prompt.Prompt p, boolean withLogProbs) {
    String text = sent(p);
    boolean aFirst = text.indexOf(A) < text.indexOf(B);
    String verdict = aFirst ? "1" : "2";
    double p1 = aFirst ? 0.8 : 0.3;
    Map<String, Object> metadata =
        withLogProbs
            ? Map.of(
                "logprobs",
                OpenAiShapedLogProbs.oneToken(verdict, List.of("1", "2"), List.of(p1, 1 - p1)))
            : Map.of();
    return StubSpringAiModel.answer("Verdict: " + verdict, metadata);
  }

  @Test
  void requestCarriesRolesTemperatureBudgetAndStopOnTheProvidersOwnOptions() {
    StubSpringAiModel stub =
        StubSpringAiModel.openAiLike(p -> StubSpringAiModel.answer("ok", Map.of()));
    SpringAiChatModel model = SpringAiChatModel.of(stub);
    ChatResponse r =
        model.chat(
            new ChatRequest(
                List.of(
                    Message.system("be brief"),
                    Message.user("hi"),
                    Message.assistant("hello"),
                    Message.user("again")),
                0.25,
                7,
                0,
                null,
                List.of("END")));
    assertEquals("ok", r.text());
    assertEquals("stop", r.finishReason());
    assertEquals(11, r.promptTokens());
    assertEquals(3, r.completionTokens());
    assertFalse(r.hasLogProbs());
    var sentPrompt = stub.prompts.get(0);
    assertEquals(
        List.of(MessageType.SYSTEM, MessageType.USER, MessageType.ASSISTANT, MessageType.USER),
        sentPrompt.getInstructions().stream().map(m -> m.getMessageType()).toList());
    assertEquals("again", sentPrompt.getInstructions().get(3).getText());
    OpenAiLikeOptions options = assertInstanceOf(OpenAiLikeOptions.class, sentPrompt.getOptions());
    assertEquals("stub-openai", options.model, "the provider's default options are kept");
    assertEquals(0.25, options.temperature);
    assertEquals(7, options.maxTokens);
    assertEquals(List.of("END"), options.stop);
    assertNull(
        options.logprobs,
        "log-probabilities are not asked for when the request does not want them");
    assertEquals("stub-openai", model.modelId());
  }

  @Test
  void aToolTurnIsRefusedNamingTheMessage() {
    SpringAiChatModel model =
        SpringAiChatModel.of(
            StubSpringAiModel.portable(p -> StubSpringAiModel.answer("x", Map.of())));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                model.chat(
                    ChatRequest.of(
                        List.of(
                            Message.user("q"), new Message(dev.align4j.core.text.Role.TOOL, "42")),
                        5)));
    assertTrue(
        e.getMessage().contains("messages[1]") && e.getMessage().contains("TOOL"), e.getMessage());
  }

  @Test
  void logProbsPassThroughToTheJudgesSoftLabel() {
    StubSpringAiModel stub = StubSpringAiModel.openAiLike(p -> prefersA(p, true));
    SpringAiChatModel model = SpringAiChatModel.of(stub);

    ChatResponse direct =
        model.chat(ChatRequest.of(List.of(Message.user(A + "\n" + B)), 4).withTopLogProbs(2));
    assertEquals(1, direct.tokens().size());
    assertEquals("1", direct.tokens().get(0).token());
    assertEquals(Math.log(0.8), direct.tokens().get(0).logProb(), 1e-6);
    assertEquals(2, direct.tokens().get(0).alternatives().size());
    OpenAiLikeOptions options = (OpenAiLikeOptions) stub.prompts.get(0).getOptions();
    assertEquals(Boolean.TRUE, options.logprobs);
    assertEquals(2, options.topLogprobs);

    LlmJudge judge = LlmJudge.builder().model(model).build();
    PairwiseComparison label =
        (PairwiseComparison)
            judge.requestBlocking(
                FeedbackRequest.pairwise(
                    "q1",
                    Prompt.of("What is the capital of France?"),
                    Completion.of(A),
                    Completion.of(B)));
    // independent: p(A) = ((0.8) + (1 - 0.3)) / 2, the RLAIF soft average of the two orders
    assertEquals((0.8 + (1 - 0.3)) / 2, label.effectiveProbabilityA(), 1e-6);
    assertEquals(
        "logprobs", label.provenance().attributes().get(JudgeAttributes.SOFT_LABEL_SOURCE));
    assertEquals(
        5,
        ((OpenAiLikeOptions) stub.prompts.get(1).getOptions()).topLogprobs,
        "the judge's default top 5");
  }

  @Test
  void providerWithoutALogProbSwitchFallsBackToHardLabelsAndWarnsOnce() {
    CapturingLogger log = new CapturingLogger();
    StubSpringAiModel stub = StubSpringAiModel.portable(p -> prefersA(p, true));
    SpringAiChatModel model = SpringAiChatModel.builder(stub).logger(log).build();
    LlmJudge judge = LlmJudge.builder().model(model).build();
    for (int i = 0; i < 3; i++) {
      PairwiseComparison label =
          (PairwiseComparison)
              judge.requestBlocking(
                  FeedbackRequest.pairwise(
                      "q" + i, Prompt.of("Capital?"), Completion.of(A), Completion.of(B)));
      // hard verdicts: A wins in both orders, p(A) = (1 + 1) / 2
      assertEquals(1.0, label.effectiveProbabilityA(), 0.0);
      assertEquals(
          "verdict", label.provenance().attributes().get(JudgeAttributes.SOFT_LABEL_SOURCE));
    }
    assertEquals(1, log.count(Level.WARN, "no log-probability switch"), log.lines.toString());
    assertEquals(5, log.count(Level.DEBUG, "no log-probability switch"), log.lines.toString());
    assertTrue(
        log.lines.get(0).contains("stub-portable") && log.lines.get(0).contains("hard labels"),
        log.lines.get(0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missingLogProbs")
  void providerThatReturnsNoReadableLogProbsFallsBackAndWarnsOnce(
      String what, Map<String, Object> metadata) {
    CapturingLogger log = new CapturingLogger();
    StubSpringAiModel stub =
        StubSpringAiModel.openAiLike(p -> StubSpringAiModel.answer("Verdict: 1", metadata));
    SpringAiChatModel model = SpringAiChatModel.builder(stub).logger(log).build();
    for (int i = 0; i < 2; i++) {
      ChatResponse r = model.chat(ChatRequest.of(List.of(Message.user("x")), 4).withTopLogProbs(5));
      assertEquals("Verdict: 1", r.text());
      assertFalse(r.hasLogProbs());
    }
    assertEquals(
        1, log.count(Level.WARN, "returned no readable log-probabilities"), log.lines.toString());
  }

  static Stream<Arguments> missingLogProbs() {
    return Stream.of(
        Arguments.of("none", Map.of()),
        Arguments.of("a string", Map.of("logprobs", "not log-probabilities")),
        Arguments.of(
            "a positive log-probability",
            Map.of(
                "logprobs",
                new OpenAiShapedLogProbs(
                    List.of(new OpenAiShapedLogProbs.Content("1", 0.5f, List.of(), List.of()))))));
  }

  @Test
  void logProbsAsAJsonLikeMapAreReadToo() {
    Map<String, Object> entry =
        Map.of(
            "token",
            "yes",
            "logprob",
            Math.log(0.9),
            "top_logprobs",
            List.of(
                Map.of("token", "yes", "logprob", Math.log(0.9)),
                Map.of("token", "no", "logprob", Math.log(0.1))));
    StubSpringAiModel stub =
        StubSpringAiModel.openAiLike(
            p ->
                StubSpringAiModel.answer(
                    "Verdict: yes", Map.of("logprobs", Map.of("content", List.of(entry)))));
    ChatResponse r =
        SpringAiChatModel.of(stub)
            .chat(ChatRequest.of(List.of(Message.user("x")), 4).withTopLogProbs(2));
    assertEquals(1, r.tokens().size());
    assertEquals(Math.log(0.1), r.tokens().get(0).alternatives().get(1).logProb(), 1e-12);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void providerFailuresMapToTypedExceptionsKeepingTheCause(
      String what,
      Supplier<RuntimeException> failure,
      Class<? extends ChatModelException> expected,
      boolean retryable,
      Duration retryAfter) {
    RuntimeException thrown = failure.get();
    SpringAiChatModel model =
        SpringAiChatModel.of(
            StubSpringAiModel.portable(
                p -> {
                  throw thrown;
                }));
    ChatModelException e =
        assertThrows(
            ChatModelException.class,
            () -> model.chat(ChatRequest.of(List.of(Message.user("x")), 4)));
    assertEquals(expected, e.getClass(), e.toString());
    assertEquals(retryable, e.retryable());
    assertSame(thrown, e.getCause());
    assertTrue(e.getMessage().contains("stub-portable"), e.getMessage());
    assertFalse(
        e.getMessage().contains("sk-secret"),
        "the provider's message (which may quote a key) is not copied");
    if (e instanceof RetriableChatModelException) {
      assertEquals(retryAfter, ((RetriableChatModelException) e).retryAfter().orElse(null));
    }
  }

  static Stream<Arguments> failures() {
    HttpHeaders retryAfter = new HttpHeaders();
    retryAfter.add(HttpHeaders.RETRY_AFTER, "7");
    return Stream.of(
        Arguments.of(
            "401 from Spring AI's error handler",
            (Supplier<RuntimeException>)
                () -> new NonTransientAiException("401 - {\"error\":\"bad key sk-secret\"}"),
            AuthenticationException.class,
            false,
            null),
        Arguments.of(
            "403",
            (Supplier<RuntimeException>) () -> new NonTransientAiException("403 - forbidden"),
            AuthenticationException.class,
            false,
            null),
        Arguments.of(
            "429 without Retry-After",
            (Supplier<RuntimeException>) () -> new NonTransientAiException("429 - slow down"),
            RateLimitException.class,
            true,
            null),
        Arguments.of(
            "429 with Retry-After from Spring's client",
            (Supplier<RuntimeException>)
                () ->
                    HttpClientErrorException.create(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "Too Many Requests",
                        retryAfter,
                        new byte[0],
                        StandardCharsets.UTF_8),
            RateLimitException.class,
            true,
            Duration.ofSeconds(7)),
        Arguments.of(
            "404 model unknown",
            (Supplier<RuntimeException>) () -> new NonTransientAiException("404 - no"),
            NonRetriableChatModelException.class,
            false,
            null),
        Arguments.of(
            "503 transient",
            (Supplier<RuntimeException>) () -> new TransientAiException("503 - busy"),
            RetriableChatModelException.class,
            true,
            null),
        Arguments.of(
            "transient without status",
            (Supplier<RuntimeException>) () -> new TransientAiException("overloaded"),
            RetriableChatModelException.class,
            true,
            null),
        Arguments.of(
            "socket timeout through Spring's client",
            (Supplier<RuntimeException>)
                () ->
                    new ResourceAccessException(
                        "I/O error", new SocketTimeoutException("Read timed out")),
            RemoteTimeoutException.class,
            true,
            null),
        Arguments.of(
            "connection refused",
            (Supplier<RuntimeException>)
                () ->
                    new ResourceAccessException(
                        "I/O error", new java.net.ConnectException("Connection refused")),
            RetriableChatModelException.class,
            true,
            null),
        Arguments.of(
            "a provider's argument check",
            (Supplier<RuntimeException>)
                () -> new IllegalArgumentException("model must not be null sk-secret"),
            NonRetriableChatModelException.class,
            false,
            null));
  }

  @Test
  void anAnswerWithoutAGenerationIsABadResponseAndARefusalIsNotRetried() {
    SpringAiChatModel empty =
        SpringAiChatModel.of(
            StubSpringAiModel.portable(
                p -> new org.springframework.ai.chat.model.ChatResponse(List.of())));
    BadResponseException bad =
        assertThrows(
            BadResponseException.class,
            () -> empty.chat(ChatRequest.of(List.of(Message.user("x")), 4)));
    assertTrue(bad.retryable());
    SpringAiChatModel refusing =
        SpringAiChatModel.of(
            StubSpringAiModel.portable(
                p -> StubSpringAiModel.answer("", Map.of("refusal", "I can't help with that"))));
    NonRetriableChatModelException refused =
        assertThrows(
            NonRetriableChatModelException.class,
            () -> refusing.chat(ChatRequest.of(List.of(Message.user("x")), 4)));
    assertTrue(refused.getMessage().contains("refused"), refused.getMessage());
    SpringAiChatModel noText =
        SpringAiChatModel.of(
            StubSpringAiModel.portable(
                p ->
                    new org.springframework.ai.chat.model.ChatResponse(
                        List.of(
                            new org.springframework.ai.chat.model.Generation(
                                AssistantMessage.builder().build())))));
    assertThrows(
        NonRetriableChatModelException.class,
        () -> noText.chat(ChatRequest.of(List.of(Message.user("x")), 4)));
  }
}
