package dev.align4j.core.llm;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Message;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One chat call.
 *
 * @param messages the conversation, oldest first; not empty
 * @param temperature sampling temperature, {@code >= 0} (0 = greedy, what judges use)
 * @param maxTokens the most tokens to generate, {@code > 0}
 * @param topLogProbs how many alternatives to return per generated token (0 = log-probs off; OpenAI allows up to 20)
 * @param seed a sampling seed for endpoints that honour one, or null
 * @param stop stop sequences; copied
 */
public record ChatRequest(
    List<Message> messages,
    double temperature,
    int maxTokens,
    int topLogProbs,
    @Nullable Long seed,
    List<String> stop) {

  /** Validates every component. */
  public ChatRequest {
    messages = List.copyOf(Require.nonEmpty("messages", messages));
    Require.nonNegative("temperature", temperature);
    Require.positive("maxTokens", maxTokens);
    Require.inClosedRange("topLogProbs", topLogProbs, 0, 20);
    stop = List.copyOf(Require.nonNull("stop", stop));
  }

  /** A greedy request (temperature 0) for up to {@code maxTokens} tokens, without log-probs. */
  public static ChatRequest of(List<Message> messages, int maxTokens) {
    return new ChatRequest(messages, 0.0, maxTokens, 0, null, List.of());
  }

  /** Whether per-token log-probabilities are asked for. */
  public boolean wantsLogProbs() {
    return topLogProbs > 0;
  }

  /** A copy that asks for {@code k} top alternatives per token. */
  public ChatRequest withTopLogProbs(int k) {
    return new ChatRequest(messages, temperature, maxTokens, k, seed, stop);
  }
}
