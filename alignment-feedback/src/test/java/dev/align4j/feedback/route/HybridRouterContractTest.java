package dev.align4j.feedback.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.RewardModel;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.judge.JudgeFixtures;
import dev.align4j.feedback.judge.LlmJudge;
import dev.align4j.feedback.rule.ScoringFeedbackSource;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.testkit.contract.FeedbackSourceContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HybridRouter} runs the feedback-source contract ({@code alignment-testkit-contracts}) over deterministic
 * fakes, on each of its routes: every kind of request sent to the human side (an AI source not yet calibrated against
 * humans), pairwise requests the calibrated judge labels alone, and audited requests where either side
 * may answer (not deterministic in the contract's sense without a store, since a repeated id starts a new stage and
 * a new audit draw; deterministic with one, since a stored id is answered from the store). The human side is a queue that a fake annotator answers at once.
 */
class HybridRouterContractTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  private static final Prompt PROMPT = Prompt.of("Say something kind.");
  private static final Completion GOOD = Completion.of("good: you did well today");
  private static final Completion BAD = Completion.of("bad: whatever");
  private static final Completion OTHER = Completion.of("good enough, thanks");

  /** Longer is better: answers every kind, never calibrated against the annotator (fewer than 30 pairs). */
  private static final RewardModel LENGTH = (p, c) -> c.text().length() / 10.0;

  private static boolean liked(Completion c) {
    return c.text().startsWith("good");
  }

  /** The fake annotator: prefers completions starting with "good", earlier candidates on ties. */
  static Feedback annotate(FeedbackRequest r) {
    Provenance human = Provenance.human("annotator-1", T0);
    List<Completion> c = r.candidates();
    switch (r.kind()) {
      case PAIRWISE:
        return new PairwiseComparison(
            r.prompt(),
            c.get(0),
            c.get(1),
            liked(c.get(0)) || !liked(c.get(1)) ? Outcome.A : Outcome.B,
            null,
            null,
            Presentation.A_FIRST,
            human);
      case RANKING:
        {
          List<Integer> order = new ArrayList<>();
          for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < c.size(); i++) {
              if (liked(c.get(i)) == (pass == 0)) {
                order.add(i);
              }
            }
          }
          return new Ranking(r.prompt(), c, order, human);
        }
      case RATING:
        {
          RatingScale scale = r.scale();
          return new Rating(
              r.prompt(), c.get(0), liked(c.get(0)) ? scale.max() : scale.min(), scale, human);
        }
      case BINARY:
      default:
        return new BinaryLabel(r.prompt(), c.get(0), liked(c.get(0)), human);
    }
  }

  /** A review queue whose annotator answers every task as it is queued (idempotent by request id). */
  static final class AnsweringQueue implements HumanReviewQueue {
    private final Map<String, Feedback> answers = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Feedback> enqueue(ReviewTask task) {
      return CompletableFuture.completedFuture(
          answers.computeIfAbsent(task.id(), id -> annotate(task.request())));
    }

    @Override
    public List<ReviewTask> pending() {
      return List.of();
    }

    @Override
    public boolean submit(String requestId, Feedback label) {
      return false;
    }

    @Override
    public Optional<Feedback> answer(String requestId) {
      return Optional.ofNullable(answers.get(requestId));
    }
  }

  private static LlmJudge judge() {
    return LlmJudge.builder()
        .model(JudgeFixtures.preferring(t -> t.startsWith("good"), 0.9))
        .build();
  }

  private static List<FeedbackRequest> pairwise(String prefix) {
    return List.of(
        FeedbackRequest.pairwise(prefix + "1", PROMPT, GOOD, BAD),
        FeedbackRequest.pairwise(prefix + "2", PROMPT, BAD, OTHER),
        FeedbackRequest.pairwise(prefix + "3", PROMPT, OTHER, BAD));
  }

  @Nested
  class EveryKindToHumans implements FeedbackSourceContract<HybridRouter> {
    @Override
    public HybridRouter feedbackSource() {
      return HybridRouter.builder()
          .ai(ScoringFeedbackSource.fromRewardModel("length-v1", LENGTH))
          .humans(new AnsweringQueue())
          .auditFraction(0)
          .clock(CLOCK)
          .build();
    }

    @Override
    public List<FeedbackRequest> requests() {
      return List.of(
          FeedbackRequest.pairwise("h1", PROMPT, GOOD, BAD),
          FeedbackRequest.pairwise("h2", PROMPT, BAD, OTHER),
          FeedbackRequest.ranking("h3", PROMPT, List.of(BAD, GOOD, OTHER)),
          FeedbackRequest.rating("h4", PROMPT, GOOD, RatingScale.ONE_TO_TEN),
          FeedbackRequest.binary("h5", PROMPT, BAD));
    }

    @Test
    void theHumanSideAnswersEveryKind() {
      HybridRouter router = feedbackSource();
      for (FeedbackRequest r : requests()) {
        assertEquals(SourceKind.HUMAN, router.requestBlocking(r).provenance().kind(), r.id());
      }
      assertEquals(5L, router.stats().byRoute().get(Route.HUMAN), router.stats().toString());
    }
  }

  @Nested
  class CalibratedJudge implements FeedbackSourceContract<HybridRouter> {
    /** A router whose judge agreed with the annotator on four calibration pairs (κ = 1 over both outcomes). */
    @Override
    public HybridRouter feedbackSource() {
      HybridRouter router =
          HybridRouter.builder()
              .ai(judge())
              .humans(new AnsweringQueue())
              .agreement(50, 4)
              .auditFraction(0)
              .clock(CLOCK)
              .build();
      for (int i = 0; i < 4; i++) {
        Completion good = Completion.of("good calibration answer " + i);
        Completion poor = Completion.of("poor calibration answer " + i);
        router.requestBlocking(
            i % 2 == 0
                ? FeedbackRequest.pairwise("cal" + i, PROMPT, good, poor)
                : FeedbackRequest.pairwise("cal" + i, PROMPT, poor, good));
      }
      return router;
    }

    @Override
    public List<FeedbackRequest> requests() {
      return pairwise("j");
    }

    @Test
    void theJudgeAnswersAlone() {
      HybridRouter router = feedbackSource();
      for (FeedbackRequest r : requests()) {
        assertTrue(router.requestBlocking(r).provenance().kind() != SourceKind.HUMAN, r.id());
      }
      assertEquals(3L, router.stats().byReason().get(RoutingReason.TRUSTED));
    }
  }

  @Nested
  class AuditedJudge implements FeedbackSourceContract<HybridRouter> {
    @Override
    public HybridRouter feedbackSource() {
      return HybridRouter.builder()
          .ai(judge())
          .humans(new AnsweringQueue())
          .agreement(50, 2)
          .auditFraction(0.5)
          .random(new SplittableRandom(3))
          .clock(CLOCK)
          .build();
    }

    @Override
    public List<FeedbackRequest> requests() {
      return pairwise("a");
    }

    @Override
    public boolean deterministic() {
      return false;
    }
  }

  @Nested
  class AuditedJudgeWithAStore implements FeedbackSourceContract<HybridRouter> {
    @TempDir Path dir;
    private final AtomicInteger stores = new AtomicInteger();

    @Override
    public HybridRouter feedbackSource() {
      FeedbackStore store =
          FeedbackStore.open(dir.resolve("labels-" + stores.incrementAndGet() + ".jsonl"));
      return HybridRouter.builder()
          .ai(judge())
          .humans(new AnsweringQueue())
          .agreement(50, 2)
          .auditFraction(0.5)
          .random(new SplittableRandom(3))
          .clock(CLOCK)
          .store(store)
          .build();
    }

    @Override
    public List<FeedbackRequest> requests() {
      return pairwise("s");
    }
  }
}
