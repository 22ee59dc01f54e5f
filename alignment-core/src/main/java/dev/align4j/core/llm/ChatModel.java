package dev.align4j.core.llm;

import dev.align4j.core.check.Require;
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

  /** A short identifier of the model for provenance (e.g. {@code "gpt-4o-mini"}); never contains a secret. */
  default String modelId() {
    return getClass().getSimpleName();
  }
}
