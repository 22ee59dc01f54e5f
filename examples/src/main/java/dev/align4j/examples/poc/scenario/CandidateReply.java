package dev.align4j.examples.poc.scenario;

import dev.align4j.core.text.Completion;
import dev.align4j.examples.poc.Arguments;

/**
 * A candidate reply to a question, with the traits it was built with.
 *
 * @param questionId the question it answers
 * @param completion the reply text
 * @param traits what the generator planted in it
 */
public record CandidateReply(String questionId, Completion completion, ReplyTraits traits) {
  /** Validates. */
  public CandidateReply {
    Arguments.nonBlank("questionId", questionId);
    Arguments.nonNull("completion", completion);
    Arguments.nonNull("traits", traits);
  }

  /** The reply text. */
  public String text() {
    return completion.text();
  }
}
