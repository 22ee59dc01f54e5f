package dev.align4j.core;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Anything that answers a {@link FeedbackRequest} with a label: a human review queue, an AI judge (RLAIF), a rule, a
 * reward model, or a hybrid router that decides between them.
 *
 * <p>The primary method is asynchronous because human labels can take days and judge calls seconds; a source that
 * answers at once returns a completed stage. The blocking conveniences are for batch jobs and tests.
 *
 * <p>The returned {@link Feedback} matches the request's kind: {@code PAIRWISE → PairwiseComparison} with A and B in
 * the request's candidate order, {@code RANKING → Ranking}, {@code RATING → Rating}, {@code BINARY → BinaryLabel}.
 * Readers in this library do not rely on the order: they match a pairwise answer to its request by content
 * ({@link PairwiseComparison#orientedTo}), so an answer with A and B exchanged (for example
 * one built with {@code PairwiseComparison.preferring(prompt, chosen, rejected, …)}) is read right, and an answer
 * about other texts is refused.
 */
@FunctionalInterface
public interface FeedbackSource {

  /** Asks for a label. The stage completes exceptionally when no label can be given. */
  CompletionStage<Feedback> request(FeedbackRequest request);

  /** Asks for a label and waits for it. */
  default Feedback requestBlocking(FeedbackRequest request) {
    try {
      return request(request).toCompletableFuture().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw e;
    }
  }

  /**
   * Asks for all labels at once (so that an asynchronous source can work on them concurrently), then waits for all of
   * them. The answers are in request order.
   */
  default List<Feedback> requestAll(List<FeedbackRequest> requests) {
    Require.nonNull("requests", requests);
    List<CompletableFuture<Feedback>> futures = new ArrayList<>(requests.size());
    for (FeedbackRequest r : requests) {
      futures.add(request(r).toCompletableFuture());
    }
    List<Feedback> out = new ArrayList<>(futures.size());
    for (CompletableFuture<Feedback> f : futures) {
      try {
        out.add(f.join());
      } catch (CompletionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof RuntimeException) {
          throw (RuntimeException) cause;
        }
        throw e;
      }
    }
    return out;
  }
}
