package dev.align4j.core.trajectory;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Role;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link Environment} answers to one action: Gymnasium's {@code (observation, reward, terminated, info)}, plus
 * who speaks the observation and the tool call the action was read as.
 *
 * @param observation the text the policy sees next (a tool result or a user message); empty when {@code done}
 * @param observationRole {@link Role#TOOL} for a tool result, {@link Role#USER} for a user message
 * @param reward the reward of this step (finite); the step that ends the episode carries the outcome reward
 * @param done whether the episode has ended
 * @param toolCall the tool call the action was read as, or null when it called no tool
 * @param info free-form diagnostics (copied, unmodifiable)
 */
public record EnvironmentStep(
    String observation,
    Role observationRole,
    double reward,
    boolean done,
    @Nullable ToolCall toolCall,
    Map<String, String> info) {

  /** Validates the components. */
  public EnvironmentStep {
    Require.nonNull("observation", observation);
    Require.nonNull("observationRole", observationRole);
    Require.argument(
        observationRole == Role.TOOL || observationRole == Role.USER,
        "observationRole must be TOOL or USER, was %s",
        observationRole);
    Require.finite("reward", reward);
    info = Map.copyOf(Require.nonNull("info", info));
  }

  /** A step that continues with a tool result. */
  public static EnvironmentStep toolResult(String result, double reward, ToolCall call) {
    return new EnvironmentStep(
        result, Role.TOOL, reward, false, Require.nonNull("call", call), Map.of());
  }

  /** A step that ends the episode with {@code reward}. */
  public static EnvironmentStep finish(double reward) {
    return new EnvironmentStep("", Role.USER, reward, true, null, Map.of());
  }
}
