package dev.align4j.core.trajectory;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Role;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One turn of an episode, with the token ids it occupies in the trajectory's token sequence.
 *
 * <p>A policy turn ({@link Role#ASSISTANT}) carries the log-probabilities its sampler reported for its tokens (when
 * known), the tool call the environment read from it (if any) and the reward of the environment step it triggered.
 * An observation turn ({@link Role#TOOL} or {@link Role#USER}) carries only its text and tokens: it is context, never
 * trained. Arrays are copied in and out.
 *
 * @param role who produced the turn
 * @param text the turn's text
 * @param tokenIds the turn's token ids (non-negative; at least one for a policy turn)
 * @param samplerLogProbs the sampler's per-token log-probabilities of a policy turn, or null when unknown (always null
 *     for an observation)
 * @param toolCall the tool call read from a policy turn, or null
 * @param reward the reward of the step a policy turn triggered (finite; 0 for an observation)
 */
public record Turn(
    Role role,
    String text,
    int[] tokenIds,
    double @Nullable [] samplerLogProbs,
    @Nullable ToolCall toolCall,
    double reward) {

  /** Validates and copies the components. */
  public Turn {
    Require.nonNull("role", role);
    Require.nonNull("text", text);
    tokenIds = Require.nonNull("tokenIds", tokenIds).clone();
    for (int i = 0; i < tokenIds.length; i++) {
      if (tokenIds[i] < 0) {
        throw new IllegalArgumentException("tokenIds[" + i + "] must be >= 0, was " + tokenIds[i]);
      }
    }
    Require.finite("reward", reward);
    if (role == Role.ASSISTANT) {
      Require.argument(tokenIds.length > 0, "a policy turn must have at least one token, had 0");
      if (samplerLogProbs != null) {
        samplerLogProbs = Require.logProbabilities("samplerLogProbs", samplerLogProbs.clone());
        Require.sameLength("samplerLogProbs", samplerLogProbs.length, "tokenIds", tokenIds.length);
      }
    } else {
      Require.argument(
          role != Role.SYSTEM,
          "a turn inside an episode cannot be a SYSTEM turn (put it in the prompt)");
      Require.argument(
          samplerLogProbs == null,
          "an observation turn (%s) has no sampler log-probabilities",
          role);
      Require.argument(toolCall == null, "an observation turn (%s) makes no tool call", role);
      Require.argument(
          reward == 0.0, "an observation turn (%s) has reward 0, was %s", role, reward);
    }
  }

  /** A policy turn. */
  public static Turn policy(
      String text,
      int[] tokenIds,
      double @Nullable [] samplerLogProbs,
      @Nullable ToolCall toolCall,
      double reward) {
    return new Turn(Role.ASSISTANT, text, tokenIds, samplerLogProbs, toolCall, reward);
  }

  /** An observation turn: a tool result ({@link Role#TOOL}) or a user message ({@link Role#USER}). */
  public static Turn observation(Role role, String text, int[] tokenIds) {
    return new Turn(role, text, tokenIds, null, null, 0.0);
  }

  /** Whether the policy produced this turn (its tokens are trained). */
  public boolean isPolicyTurn() {
    return role == Role.ASSISTANT;
  }

  /** The number of tokens. */
  public int length() {
    return tokenIds.length;
  }

  /** A copy of the token ids. */
  @Override
  public int[] tokenIds() {
    return tokenIds.clone();
  }

  /** A copy of the sampler's log-probabilities, or null. */
  @Override
  public double @Nullable [] samplerLogProbs() {
    return samplerLogProbs == null ? null : samplerLogProbs.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Turn t
        && role == t.role
        && text.equals(t.text)
        && Arrays.equals(tokenIds, t.tokenIds)
        && Arrays.equals(samplerLogProbs, t.samplerLogProbs)
        && Objects.equals(toolCall, t.toolCall)
        && Double.compare(reward, t.reward) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        role, text, Arrays.hashCode(tokenIds), Arrays.hashCode(samplerLogProbs), toolCall, reward);
  }

  @Override
  public String toString() {
    return "Turn["
        + role.wireName()
        + ", \""
        + Require.abbreviate(text, 40)
        + "\", "
        + tokenIds.length
        + " tokens"
        + (toolCall == null ? "" : ", " + toolCall)
        + (role == Role.ASSISTANT ? ", reward=" + reward : "")
        + "]";
  }
}
