package dev.align4j.policies;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.List;

/**
 * The candidate set Y(x) a {@link LogLinearPolicy} chooses from for a prompt x: a fixed list of responses, the output
 * of a retrieval step, or the k samples of a generator. A lambda is a valid source.
 *
 * <p>Implementations must be deterministic (the same prompt gives the same candidates in the same order) and return
 * at least one candidate with distinct, non-empty texts.
 */
@FunctionalInterface
public interface CandidateSource {

  /** The candidates for {@code prompt}, in a stable order. */
  List<Completion> candidates(Prompt prompt);

  /** The same candidates for every prompt (a response-selection set). */
  static CandidateSource fixed(List<Completion> candidates) {
    List<Completion> copy = List.copyOf(Require.nonEmpty("candidates", candidates));
    return prompt -> copy;
  }
}
