package dev.align4j.core.trajectory;

import dev.align4j.core.check.Require;

/**
 * A tool call the policy made in one of its turns, as the environment parsed it from the turn's text.
 *
 * @param name the tool's name (non-blank)
 * @param argument the argument text (may be empty)
 */
public record ToolCall(String name, String argument) {
  /** Validates the components. */
  public ToolCall {
    Require.nonBlank("name", name);
    Require.nonNull("argument", argument);
  }

  @Override
  public String toString() {
    return "ToolCall[" + name + "(" + Require.abbreviate(argument, 40) + ")]";
  }
}
