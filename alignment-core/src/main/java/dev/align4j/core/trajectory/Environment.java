package dev.align4j.core.trajectory;

import dev.align4j.core.text.Prompt;

/**
 * An interactive task a policy acts in, turn by turn: the Gymnasium protocol over text. {@link #reset(Object)} starts
 * an episode of a task and returns the first observation as a prompt; each {@link #step(String)} takes the text of
 * one policy turn and returns the next observation, the step's reward, whether the episode is over, and diagnostics.
 *
 * <p>An environment holds one episode's state, so one instance serves one episode at a time; a rollout loop creates
 * one per episode. Randomness, if any, is injected at construction (seeded), so that an episode is a function of the
 * task, the seed and the actions.
 *
 * @param <T> the task type (what distinguishes one problem from another)
 */
public interface Environment<T> {

  /**
   * Starts an episode of {@code task}.
   *
   * @return the first observation: the conversation the policy answers first
   * @throws IllegalArgumentException when the task is refused
   */
  Prompt reset(T task);

  /**
   * Applies one policy turn.
   *
   * @param action the text of the policy's turn
   * @return the next observation, the reward, the done flag and info
   * @throws IllegalStateException when no episode is running ({@link #reset(Object)} was not called, or the episode
   *     is over)
   */
  EnvironmentStep step(String action);
}
