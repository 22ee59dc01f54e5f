package dev.align4j.examples.poc.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.SourceKind;
import dev.align4j.feedback.route.HybridRouter;
import dev.align4j.feedback.route.InMemoryReviewQueue;
import dev.align4j.feedback.route.Route;
import dev.align4j.feedback.route.RouterStats;
import dev.align4j.feedback.route.RoutingReason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The scenario's labellers plug into align4j's {@link HybridRouter} as its AI source and its human queue's answerers. */
class HybridRouterScenarioTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void
      the_router_sends_order_inconsistent_ai_labels_to_the_panel_and_hands_items_to_the_ai_as_agreement_grows() {
    SupportScenario scenario = SupportScenario.builder().seed(21).build();
    ReviewerPanel panel = new ReviewerPanel(SimulatedReviewer.panel(21, CLOCK));
    InMemoryReviewQueue queue = new InMemoryReviewQueue();
    HybridRouter router =
        HybridRouter.builder()
            .ai(PositionBiasedJudge.builder().seed(21).clock(CLOCK).build())
            .humans(queue)
            .auditFraction(0.1)
            .random(new SplittableRandom(21))
            .clock(CLOCK)
            .build();
    int n = 0;
    int humanLabels = 0;
    Set<String> reviewerIds = Set.of("careful", "hurried", "verbose-fan");
    for (SupportQuestion q : scenario.questions(300)) {
      List<CandidateReply> c = scenario.candidates(q, 2);
      FeedbackRequest r =
          FeedbackRequest.pairwise(
              "pair-" + q.id(), q.prompt(), c.get(0).completion(), c.get(1).completion());
      CompletableFuture<Feedback> stage = router.request(r).toCompletableFuture();
      panel.answerPending(queue);
      Feedback label = stage.join();
      n++;
      if (label.provenance().kind() == SourceKind.HUMAN) {
        humanLabels++;
        assertTrue(
            reviewerIds.contains(label.provenance().sourceId()), label.provenance().sourceId());
      }
    }
    RouterStats stats = router.stats();
    assertEquals(0, queue.pendingCount(), "every human task was answered");
    assertTrue(stats.byReason().getOrDefault(RoutingReason.INCONSISTENT, 0L) > 0, stats.toString());
    assertTrue(
        stats.byRoute().getOrDefault(Route.AI_ONLY, 0L) > 0,
        "the AI took over some items: " + stats);
    assertTrue(humanLabels > 30 && humanLabels < n, humanLabels + " of " + n);
  }
}
