package dev.align4j.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.label.Feedback;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link FeedbackSource}, as JUnit tests an implementer inherits: a test class implements
 * {@code FeedbackSourceContract<MySource>}, supplies a source and requests of the kinds it answers, and gets every
 * test below.
 *
 * <ul>
 *   <li>every answer answers its request ({@link FeedbackRequest#requireAnsweredBy}: the same prompt, the label type
 *       of the request's kind, the same candidates) and carries a provenance;
 *   <li>{@code requestAll} answers in request order, each answer the one {@code request} gives when the source is
 *       {@link #deterministic()};
 *   <li>a missing request is refused: {@code request(null)} throws {@link NullPointerException} or
 *       {@link IllegalArgumentException}, or returns a stage failed with one of them.
 * </ul>
 *
 * @param <S> the feedback source type under test
 */
public interface FeedbackSourceContract<S extends FeedbackSource> {

  /** A new source under test, built the same way on every call. */
  S feedbackSource();

  /** Requests of the kinds the source answers, at least two. */
  List<FeedbackRequest> requests();

  /** Whether the same request always gets the same label (true by default; false for sampling judges). */
  default boolean deterministic() {
    return true;
  }

  @Test
  default void everyAnswerAnswersItsRequest() {
    S source = feedbackSource();
    for (FeedbackRequest r : requests()) {
      Feedback label = source.requestBlocking(r);
      assertNotNull(label, "answer to " + r.id());
      r.requireAnsweredBy(label);
      assertNotNull(label.provenance(), "provenance of the answer to " + r.id());
    }
  }

  @Test
  default void requestAllAnswersInOrder() {
    S source = feedbackSource();
    List<FeedbackRequest> requests = requests();
    assertTrue(requests.size() >= 2, "the contract needs at least two requests");
    List<Feedback> all = source.requestAll(requests);
    assertEquals(requests.size(), all.size());
    for (int i = 0; i < all.size(); i++) {
      requests.get(i).requireAnsweredBy(all.get(i));
      if (deterministic()) {
        assertEquals(stripTime(source.requestBlocking(requests.get(i))), stripTime(all.get(i)),
            "requestAll answer " + i + " against request alone");
      }
    }
  }

  @Test
  default void aMissingRequestIsRefused() {
    S source = feedbackSource();
    Throwable failure;
    try {
      CompletionStage<Feedback> stage = source.request(null);
      failure = assertThrows(Exception.class, () -> stage.toCompletableFuture().join(),
          "request(null) must fail");
      if (failure.getCause() != null) {
        failure = failure.getCause();
      }
    } catch (RuntimeException thrown) {
      failure = thrown;
    }
    assertTrue(failure instanceof NullPointerException || failure instanceof IllegalArgumentException,
        "request(null) failed with " + failure + ", expected NullPointerException or IllegalArgumentException");
  }

  /** The label as text without its provenance's timestamp, the one field two answers may differ in. */
  private static String stripTime(Feedback label) {
    return label.toString().replaceAll("timestamp=[^,\\]]*", "timestamp=_");
  }
}
