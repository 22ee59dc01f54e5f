package dev.align4j.core.text;

import java.util.Locale;

/** Who speaks a {@link Message}: the roles of the OpenAI / TRL conversational format. */
public enum Role {
  /** Instructions that frame the conversation. */
  SYSTEM,
  /** The person (or upstream program) asking. */
  USER,
  /** The model being aligned. */
  ASSISTANT,
  /** The output of a tool call. */
  TOOL;

  /** The lower-case wire name ({@code "system"}, {@code "user"}, ...). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the value and the valid names
   */
  public static Role fromWireName(String name) {
    for (Role r : values()) {
      if (r.wireName().equalsIgnoreCase(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "role must be one of system, user, assistant, tool, was \"" + name + "\"");
  }
}
