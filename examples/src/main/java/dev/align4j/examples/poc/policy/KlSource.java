package dev.align4j.examples.poc.policy;

import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Where the offline evaluation gets a candidate's sequence KL to the supervised policy: from two
 * {@link SupportPolicy}s ({@link SequenceKl}), or nothing for a candidate that is not a policy (a fixed replier).
 */
@FunctionalInterface
public interface KlSource {
  /** The KL estimate on {@code questions} with draws keyed by {@code seed}, or empty when there is none. */
  OptionalDouble estimate(List<SupportQuestion> questions, long seed);

  /** The sampled sequence KL of {@code candidate} to {@code sft}, {@code samplesPerQuestion} samples per question. */
  static KlSource between(SupportPolicy candidate, SupportPolicy sft, int samplesPerQuestion) {
    Arguments.nonNull("candidate", candidate);
    Arguments.nonNull("sft", sft);
    Arguments.argument(
        samplesPerQuestion > 0, "samplesPerQuestion must be > 0, was %d", samplesPerQuestion);
    return (questions, seed) ->
        OptionalDouble.of(SequenceKl.estimate(candidate, sft, questions, samplesPerQuestion, seed));
  }

  /** No KL (the candidate is not a policy). */
  static KlSource none() {
    return (questions, seed) -> OptionalDouble.empty();
  }
}
