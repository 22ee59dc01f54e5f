package dev.align4j.examples;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * An OFFLINE STAND-IN for a Spring AI provider in {@link SpringBootExample} — a word-overlap heuristic, not an LLM.
 * Given an align4j judge prompt, the response that shares more words (of four letters or more) with the text before
 * the responses (the question) wins ({@code "Verdict: 1"} or {@code "2"}); a single response passes
 * ({@code "Verdict: yes"}) when it shares at least two words. It returns no log-probabilities and its options have no
 * log-probability switch, so the judge works from hard labels — the documented fall-back, logged once.
 */
final class OfflineStandInChatModel implements ChatModel {
  private static final Pattern RESPONSE =
      Pattern.compile("\\[\\[RESPONSE (\\d) #\\w+]](.*?)\\[\\[END RESPONSE \\1", Pattern.DOTALL);
  private final ChatOptions options = ChatOptions.builder().model("offline-stand-in").build();

  @Override
  public ChatResponse call(Prompt prompt) {
    String text =
        prompt.getInstructions().stream().map(m -> m.getText()).collect(Collectors.joining("\n"));
    return new ChatResponse(List.of(new Generation(new AssistantMessage(answer(text)))));
  }

  @Override
  public ChatOptions getDefaultOptions() {
    return options;
  }

  /** The stand-in's verdict line for a judge prompt. */
  static String answer(String text) {
    int firstMarker = text.indexOf("[[RESPONSE");
    Set<String> question = words(firstMarker < 0 ? text : text.substring(0, firstMarker));
    Matcher m = RESPONSE.matcher(text);
    int best = 0;
    int bestOverlap = -1;
    int responses = 0;
    while (m.find()) {
      responses++;
      Set<String> w = words(m.group(2));
      w.retainAll(question);
      if (w.size() > bestOverlap) {
        bestOverlap = w.size();
        best = Integer.parseInt(m.group(1));
      }
    }
    if (responses <= 1) {
      return "Verdict: " + (bestOverlap >= 2 ? "yes" : "no");
    }
    return "Verdict: " + best;
  }

  private static Set<String> words(String s) {
    Set<String> out = new HashSet<>();
    for (String w : s.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
      if (w.length() >= 4) {
        out.add(w);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "OfflineStandInChatModel[word overlap, not an LLM]";
  }
}
