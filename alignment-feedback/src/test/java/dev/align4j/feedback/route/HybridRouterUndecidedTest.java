package dev.align4j.feedback.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.Feedback;
import dev.align4j.feedback.calibration.UndecidedBand;
import dev.align4j.feedback.event.FeedbackEvent;
import dev.align4j.feedback.judge.JudgeFixtures;
import dev.align4j.feedback.judge.LlmJudge;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The undecided band: inside it the judge abstains and the item goes to a person with reason UNDECIDED. */
class HybridRouterUndecidedTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void a_label_inside_the_band_goes_to_a_person_and_one_outside_does_not() throws Exception {
    // p(winner) = 0.75 / (0.75 + 0.24) per order (normalised over "1" and "2"): confidence 0.7576,
    // |p - 1/2| = 0.2576,
    // above the default threshold 0.2, so without a band the label would pass the confidence check
    LlmJudge judge =
        LlmJudge.builder()
            .model(JudgeFixtures.preferring(t -> t.startsWith("good"), 0.75))
            .clock(CLOCK)
            .build();
    FeedbackRequest req = HybridRouterTest.pair(1, new SplittableRandom(3));
    Feedback label = judge.request(req).toCompletableFuture().get();
    InMemoryReviewQueue q = new InMemoryReviewQueue();
    List<FeedbackEvent> events = new CopyOnWriteArrayList<>();
    HybridRouter banded =
        HybridRouter.builder()
            .ai(judge)
            .humans(q)
            .auditFraction(0)
            .clock(CLOCK)
            .undecidedBand(new UndecidedBand(0.5, 0.8))
            .listener(events::add)
            .build();
    RoutingDecision d = banded.decide(req, label);
    assertEquals(RoutingReason.UNDECIDED, d.reason());
    assertEquals(Route.HUMAN, d.route());
    assertEquals(0.75 / 0.99 - 0.5, d.confidence(), 1e-6);

    banded.request(req);
    assertEquals(1, q.pendingCount());
    assertEquals(RoutingReason.UNDECIDED, q.pending().get(0).reason());
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e instanceof FeedbackEvent.RoutedToHuman
                        && ((FeedbackEvent.RoutedToHuman) e).reason().equals("UNDECIDED")),
        events.toString());
    assertEquals(1L, banded.stats().byReason().get(RoutingReason.UNDECIDED));

    HybridRouter narrow =
        HybridRouter.builder()
            .ai(judge)
            .humans(new InMemoryReviewQueue())
            .auditFraction(0)
            .undecidedBand(new UndecidedBand(0.5, 0.75))
            .build();
    assertEquals(
        RoutingReason.UNCALIBRATED, narrow.decide(req, label).reason(), "0.7576 is above the band");
    HybridRouter none =
        HybridRouter.builder().ai(judge).humans(new InMemoryReviewQueue()).auditFraction(0).build();
    assertEquals(
        RoutingReason.UNCALIBRATED,
        none.decide(req, label).reason(),
        "default band: never abstains");
    HybridRouter always =
        HybridRouter.builder()
            .ai(judge)
            .humans(new InMemoryReviewQueue())
            .auditFraction(0)
            .undecidedBand(UndecidedBand.ALWAYS)
            .build();
    assertEquals(RoutingReason.UNDECIDED, always.decide(req, label).reason());
  }
}
