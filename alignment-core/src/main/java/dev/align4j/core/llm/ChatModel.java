package dev.align4j.core.llm;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Message;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * A chat model: messages in; text, and optionally per-token log-probabilities with their top alternatives, out. AI
 * judges, LLM-as-reward and remote policies are written against this SPI; the OpenAI-compatible HTTP implementation
 * lives in {@code alignment-feedback}, and tests use a lambda.
 */
@FunctionalInterface
public interface ChatModel {

  /**
   * Sends one chat request and waits for the answer.
   *
   * @throws ChatModelException when the model cannot answer (transport failure, refusal, exhausted retries)
   */
  ChatResponse chat(ChatRequest request);

  /** Runs {@link #chat(ChatRequest)} on {@code executor}. */
  default CompletionStage<ChatResponse> chatAsync(ChatRequest request, Executor executor) {
    Require.nonNull("request", request);
    Require.nonNull("executor", executor);
    return CompletableFuture.supplyAsync(() -> chat(request), executor);
  }

  /**
   * Checks that the model answers, for an application's start-up: returns when it did, and throws a
   * {@link ChatModelException} (with the failure as its cause) when it did not. The default sends one one-token chat
   * request; remote implementations override it to probe once, without retries.
   *
   * @throws ChatModelException when the model cannot answer
   */
  default void check() {
    chat(ChatRequest.of(List.of(Message.user("Reply with OK.")), 1));
  }

  /** A short identifier of the model for provenance (e.g. {@code "gpt-4o-mini"}); never contains a secret. */
  default String modelId() {
    return getClass().getSimpleName();
  }
}
