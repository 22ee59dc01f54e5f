package dev.align4j.core.text;

import dev.align4j.core.check.Require;

/**
 * One turn of a conversation.
 *
 * @param role who speaks
 * @param content the text of the turn (may be empty, never null)
 */
public record Message(Role role, String content) {
  /** Validates that neither component is null. */
  public Message {
    Require.nonNull("role", role);
    Require.nonNull("content", content);
  }

  /** A system message. */
  public static Message system(String content) {
    return new Message(Role.SYSTEM, content);
  }

  /** A user message. */
  public static Message user(String content) {
    return new Message(Role.USER, content);
  }

  /** An assistant message. */
  public static Message assistant(String content) {
    return new Message(Role.ASSISTANT, content);
  }

  @Override
  public String toString() {
    return role.wireName() + ": " + Require.abbreviate(content, 80);
  }
}
