package dev.align4j.jpmscheck.feedbackonly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.feedback.store.FeedbackJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Names types of {@code dev.align4j.feedback} and of the modules its API exposes. */
public final class Uses {
  private Uses() {}

  /**
   * Uses the API.
   *
   * @return a value, so that nothing is dead code
   */
  public static Object use() {
    JsonNode node = FeedbackJson.parse("{\"a\":1}");
    Logger logger = LoggerFactory.getLogger(Uses.class);
    return FeedbackJson.line(node) + logger.getName() + FeedbackRequest.class.getSimpleName();
  }
}
