package dev.align4j.core;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.Role;
import java.util.random.RandomGenerator;

/**
 * A policy that can take part in a multi-turn episode laid out as one token sequence: it samples its next turn after
 * the tokens of the episode so far, and it says how an observation (a tool result, a user message) is tokenised into
 * that sequence. The sequence it continues is exactly the one it scores in {@link Policy#logProbs(Prompt, Completion)}
 * when the completion carries the episode's token ids, so a trajectory is sampled and trained under one layout.
 */
public interface ConversationalPolicy extends Policy {

  /**
   * Samples the policy's next turn after {@code prompt} followed by the episode tokens {@code history}, stopping at the
   * policy's end-of-turn token or after {@code parameters.maxTokens()} tokens (or fewer when the sequence would not
   * fit {@link #maxEpisodeTokens()}).
   *
   * @return the turn, carrying its token ids and their log-probabilities under this policy (temperature 1)
   * @throws IllegalArgumentException when {@code history} holds an invalid id or leaves no room for a token
   */
  Completion sampleTurn(
      Prompt prompt, int[] history, SamplingParameters parameters, RandomGenerator random);

  /**
   * The token ids that an observation occupies in the episode sequence (the text, and whatever marks the end of the
   * observation and hands the turn back to the policy).
   *
   * @param role {@link Role#TOOL} or {@link Role#USER}
   */
  int[] encodeObservation(Role role, String text);

  /** The most tokens an episode sequence (all turns after the prompt) may have. */
  int maxEpisodeTokens();
}
