package dev.align4j.optimizers.trajectory;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.Role;
import dev.align4j.core.trajectory.Environment;
import dev.align4j.core.trajectory.EnvironmentStep;
import dev.align4j.core.trajectory.ToolCall;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small tool-use task in MT-GRPO's two-turn setting (a tool call, then the answer): the policy must look a key up
 * with a {@code lookup} tool and then answer with the value the tool returned. The task is the key; the table is fixed
 * at construction.
 *
 * <ul>
 *   <li>{@link #reset(String)} returns the prompt: one user message whose text is the key.
 *   <li>First step: the action is the tool call {@code lookup(argument)}, the argument being the action text with an
 *       optional leading {@code "lookup"} word removed and whitespace stripped. The tool returns the table's value, or
 *       {@code "unknown"} for a key not in the table (the step's info then has an {@code "error"} entry). The turn
 *       reward is 1 when the argument is the task's key, else 0.
 *   <li>Second step: the action is the answer (an optional leading {@code "answer"} word removed, whitespace stripped);
 *       the outcome reward is 1 when it is the task key's value, else 0, and the episode ends.
 * </ul>
 *
 * <p>An episode is a function of the task and the actions (no randomness). One instance runs one episode at a time.
 */
public final class LookupToolEnvironment implements Environment<String> {
  /** The tool's name. */
  public static final String TOOL = "lookup";

  /** The tool's answer for a key not in the table. */
  public static final String UNKNOWN = "unknown";

  private final Map<String, String> table;
  private @Nullable String key;
  private boolean called;

  /**
   * An environment over {@code table} (key → value).
   *
   * @throws IllegalArgumentException when the table is empty or a key or value is blank
   */
  public LookupToolEnvironment(Map<String, String> table) {
    Require.argument(!Require.nonNull("table", table).isEmpty(), "table must not be empty");
    Map<String, String> copy = new LinkedHashMap<>();
    table.forEach(
        (k, v) ->
            copy.put(Require.nonBlank("table key", k), Require.nonBlank("table[" + k + "]", v)));
    this.table = Map.copyOf(copy);
  }

  /** The table (unmodifiable). */
  public Map<String, String> table() {
    return table;
  }

  @Override
  public Prompt reset(String task) {
    Require.nonNull("task", task);
    Require.argument(
        table.containsKey(task),
        "task must be a key of the table %s, was \"%s\"",
        table.keySet(),
        task);
    this.key = task;
    this.called = false;
    return Prompt.of(task);
  }

  @Override
  public EnvironmentStep step(String action) {
    Require.nonNull("action", action);
    String k = key;
    if (k == null) {
      throw new IllegalStateException("no episode is running: call reset(task) first");
    }
    if (!called) {
      called = true;
      String argument = strip(action, TOOL);
      ToolCall call = new ToolCall(TOOL, argument);
      String value = table.get(argument);
      double reward = argument.equals(k) ? 1.0 : 0.0;
      if (value == null) {
        return new EnvironmentStep(
            UNKNOWN, Role.TOOL, reward, false, call, Map.of("error", "unknown key"));
      }
      return EnvironmentStep.toolResult(value, reward, call);
    }
    key = null;
    return EnvironmentStep.finish(strip(action, "answer").equals(table.get(k)) ? 1.0 : 0.0);
  }

  private static String strip(String action, String keyword) {
    String s = action.strip();
    if (s.startsWith(keyword + " ")) {
      s = s.substring(keyword.length()).strip();
    } else if (s.equals(keyword)) {
      s = "";
    }
    return s;
  }

  @Override
  public String toString() {
    return "LookupToolEnvironment[" + table.size() + " keys]";
  }
}
