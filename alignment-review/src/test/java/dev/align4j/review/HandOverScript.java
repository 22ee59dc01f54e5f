package dev.align4j.review;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.feedback.event.FeedbackEvent;
import dev.align4j.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;

/** Scripted router events: feeds {@code history} as a HybridRouter would. */
final class HandOverScript {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  static FeedbackRequest item(String id) {
    return ReviewFixture.pair(id, "Question " + id, "first " + id, "second " + id);
  }

  static Feedback label(String id, Outcome o, Provenance p) {
    return labelOf(item(id), o, p);
  }

  /** {@code o} on the pair of {@code r}, presentation unknown, without rationale or confidence. */
  static PairwiseComparison labelOf(FeedbackRequest r, Outcome o, Provenance p) {
    return new PairwiseComparison(
        r.prompt(),
        r.candidates().get(0),
        r.candidates().get(1),
        o,
        null,
        null,
        Presentation.UNKNOWN,
        p);
  }

  final HandOverHistory history;
  final ManualClock clock;

  HandOverScript(HandOverHistory history, ManualClock clock) {
    this.history = history;
    this.clock = clock;
  }

  void ai(String id, Outcome o) {
    history.onEvent(
        new FeedbackEvent.LabelSubmitted(id, label(id, o, Provenance.ai("judge", null, T0)), T0));
  }

  void routed(String id, String reason) {
    history.onEvent(new FeedbackEvent.RoutedToHuman(id, reason, T0));
  }

  void human(String id, Outcome o) {
    history.onEvent(
        new FeedbackEvent.LabelSubmitted(id, label(id, o, Provenance.human("ann", T0)), T0));
  }

  void completed(String id, String route) {
    clock.advance(Duration.ofMinutes(1));
    history.onEvent(
        new FeedbackEvent.ItemCompleted(
            id, label(id, Outcome.A, Provenance.human("x", T0)), route, T0));
  }
}
