package dev.align4j.core.text;

import dev.align4j.core.check.Require;
import java.util.ArrayList;
import java.util.List;

/**
 * What a policy is asked to continue: a conversation of one or more messages. The completion that answers it is the
 * next assistant turn.
 *
 * <p>A single-turn text prompt ({@link #of(String)}) is one user message; TRL's "standard" format corresponds to it,
 * and its "conversational" format to a multi-turn prompt.
 *
 * @param messages the turns, oldest first; never empty
 */
public record Prompt(List<Message> messages) {
  /** Copies the list and rejects an empty or null-containing one. */
  public Prompt {
    Require.nonEmpty("messages", messages);
    messages = List.copyOf(messages);
  }

  /** A single-turn prompt: one user message. */
  public static Prompt of(String userText) {
    return new Prompt(List.of(Message.user(Require.nonNull("userText", userText))));
  }

  /** A prompt from the given turns. */
  public static Prompt of(Message... messages) {
    return new Prompt(List.of(messages));
  }

  /** Whether this is a single user turn with no system message. */
  public boolean isSingleTurn() {
    return messages.size() == 1 && messages.get(0).role() == Role.USER;
  }

  /** The content of the last user message, or the empty string when there is none. */
  public String lastUserText() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == Role.USER) {
        return messages.get(i).content();
      }
    }
    return "";
  }

  /**
   * A plain-text rendering: the content of a single-turn prompt, otherwise one {@code "role: content"} line per turn.
   * Featurizers and character-level policies consume this.
   */
  public String text() {
    if (isSingleTurn()) {
      return messages.get(0).content();
    }
    StringBuilder sb = new StringBuilder();
    for (Message m : messages) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(m.role().wireName()).append(": ").append(m.content());
    }
    return sb.toString();
  }

  /** A new prompt with {@code message} appended. */
  public Prompt with(Message message) {
    Require.nonNull("message", message);
    var list = new ArrayList<>(messages);
    list.add(message);
    return new Prompt(list);
  }

  @Override
  public String toString() {
    return "Prompt[" + messages.size() + " turn(s), last: \"" + Require.abbreviate(lastUserText(), 60) + "\"]";
  }
}
