package dev.align4j.examples.poc.feedback;

import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.label.SourceKind;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.scenario.Language;
import dev.align4j.examples.poc.scenario.Topic;
import dev.align4j.feedback.route.Route;

/**
 * One pair of candidate replies with its final label, as the feedback step hands it on.
 *
 * @param requestId the feedback request's id
 * @param questionId the question both replies answer
 * @param topic the question's topic (its category)
 * @param language the question's language
 * @param example the label as a preference: the prompt, the chosen and the rejected reply text
 * @param labelledBy who gave the final label: {@link SourceKind#AI} or {@link SourceKind#HUMAN}
 * @param route how the router routed it ({@code AI_ONLY}, {@code HUMAN} or {@code BOTH} for an audit)
 */
public record LabelledPair(
    String requestId,
    String questionId,
    Topic topic,
    Language language,
    PreferenceExample example,
    SourceKind labelledBy,
    Route route) {
  /** Validates. */
  public LabelledPair {
    Arguments.nonBlank("requestId", requestId);
    Arguments.nonBlank("questionId", questionId);
    Arguments.nonNull("topic", topic);
    Arguments.nonNull("language", language);
    Arguments.nonNull("example", example);
    Arguments.nonNull("labelledBy", labelledBy);
    Arguments.nonNull("route", route);
  }
}
