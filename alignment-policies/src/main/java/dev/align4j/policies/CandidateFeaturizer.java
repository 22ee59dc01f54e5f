package dev.align4j.policies;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * Maps a (prompt, candidate completion) pair to a fixed-length feature vector φ(x, y), the input of a
 * {@link LogLinearPolicy}. A lambda is a valid featurizer:
 *
 * <pre>{@code
 * CandidateFeaturizer f = (prompt, candidate) -> new double[] {
 *     candidate.text().length() / 100.0,
 *     candidate.text().contains("please") ? 1 : 0};
 * }</pre>
 *
 * <p>Implementations must be deterministic, return finite values and always return the same length (the policy checks
 * both and names the offending candidate otherwise). Any reward-model featurizer can be adapted with a lambda.
 */
@FunctionalInterface
public interface CandidateFeaturizer {

  /** The features φ(prompt, candidate); a fresh array the caller may keep. */
  double[] features(Prompt prompt, Completion candidate);
}
