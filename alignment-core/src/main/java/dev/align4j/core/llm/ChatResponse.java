package dev.align4j.core.llm;

import dev.align4j.core.check.Require;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A chat model's answer.
 *
 * @param text the generated text
 * @param tokens per-token log-probabilities with alternatives; empty when not asked for or not returned
 * @param finishReason why generation stopped ({@code "stop"}, {@code "length"}, ...), or null
 * @param promptTokens prompt tokens billed, or -1 when unknown
 * @param completionTokens completion tokens billed, or -1 when unknown
 */
public record ChatResponse(
    String text, List<TokenLogProb> tokens, @Nullable String finishReason, int promptTokens, int completionTokens) {

  /** Copies the token list. */
  public ChatResponse {
    Require.nonNull("text", text);
    tokens = List.copyOf(Require.nonNull("tokens", tokens));
  }

  /** A text-only answer. */
  public static ChatResponse ofText(String text) {
    return new ChatResponse(text, List.of(), "stop", -1, -1);
  }

  /** Whether per-token log-probabilities came back. */
  public boolean hasLogProbs() {
    return !tokens.isEmpty();
  }
}
