package dev.align4j.rewards.server;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import org.jspecify.annotations.Nullable;

/**
 * Turns one OpenRLHF query into the (prompt, completion) pair a {@link dev.align4j.core.RewardModel} scores.
 *
 * <p>OpenRLHF sends {@code query[i]}, the prompt and the generated response decoded together with their special
 * tokens ({@code tokenizer.decode(prompt_ids + response_ids, skip_special_tokens=False)}), beside
 * {@code prompts[i]}, the prompt string it generated from, and {@code labels[i]}, the dataset's label. The default,
 * {@link #PROMPT_PREFIX}, cuts the prompt off the front of the query. Plug in your own to strip a chat template's
 * special tokens or to use the label.
 */
@FunctionalInterface
public interface QuerySplitter {

  /**
   * The default: when {@code prompt} is given and occurs in {@code query}, the completion is the text after its
   * first occurrence (so a tokenizer's leading BOS text before the prompt is dropped with it); otherwise the prompt
   * is {@code prompt} (or the empty string when absent) and the completion is the whole query, unchanged. Labels
   * are not used: {@link dev.align4j.core.RewardModel} has no label argument.
   */
  QuerySplitter PROMPT_PREFIX =
      (query, prompt, label) -> {
        if (prompt == null) {
          return new RewardInput(Prompt.of(""), Completion.of(query));
        }
        int at = prompt.isEmpty() ? -1 : query.indexOf(prompt);
        String response = at < 0 ? query : query.substring(at + prompt.length());
        return new RewardInput(Prompt.of(prompt), Completion.of(response));
      };

  /**
   * The item to score for one entry of the request.
   *
   * @param query {@code query[i]}: prompt and response as decoded by the trainer
   * @param prompt {@code prompts[i]}, or null when the request has no {@code prompts} (or that entry is null)
   * @param label {@code labels[i]} as a string (a non-string label as its JSON text), or null when absent
   * @throws IllegalArgumentException when the entry cannot be scored; the request is answered 400 with the message
   */
  RewardInput split(String query, @Nullable String prompt, @Nullable String label);
}
