package dev.align4j.feedback.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.event.FeedbackEvent;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.feedback.store.FsyncPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Eight threads request the same ids at once (a barrier per id, seeded random spin before each call so that some
 * callers arrive while the first caller's stage is finishing): every id must get exactly one AI call, one human task,
 * one completion event and one stored record, and every caller of an id the same label.
 */
class HybridRouterRaceTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final int THREADS = 8;
  private static final int IDS = 5_000;
  /** Ids per store (a fresh store per group keeps the lookups of stored ids short). */
  private static final int GROUP = 25;

  /** An AI side that counts calls per id and answers at once with a label the router sends to a human. */
  private static final class CountingAi implements FeedbackSource {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Feedback> request(FeedbackRequest r) {
      calls.computeIfAbsent(r.id(), k -> new AtomicInteger()).incrementAndGet();
      // no order-consistency attribute: the router sends it to a human (INCONSISTENT)
      return CompletableFuture.completedFuture(new PairwiseComparison(r.prompt(), r.candidates().get(0),
          r.candidates().get(1), Outcome.A, null, null, Presentation.A_FIRST, Provenance.ai("stub", null, T0)));
    }
  }

  /**
   * A human side that answers every task at once; the annotator id carries the task's serial number per id, so a
   * second stage for one id yields a label that differs from the first.
   */
  private static final class InstantHumans implements HumanReviewQueue {
    final Map<String, AtomicInteger> tasks = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Feedback> enqueue(ReviewTask task) {
      FeedbackRequest r = task.request();
      int serial = tasks.computeIfAbsent(r.id(), k -> new AtomicInteger()).incrementAndGet();
      return CompletableFuture.completedFuture(new PairwiseComparison(r.prompt(), r.candidates().get(0),
          r.candidates().get(1), Outcome.B, null, null, Presentation.A_FIRST,
          Provenance.human("annotator-" + serial, T0)));
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
      return Optional.empty();
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void everyIdGetsOneStageAndEveryCallerTheSameLabel(long seed, @TempDir Path dir) throws Exception {
    CountingAi ai = new CountingAi();
    InstantHumans humans = new InstantHumans();
    Map<String, AtomicInteger> completions = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    Set<String> differentLabels = new TreeSet<>();
    long decisions = 0;
    try {
      for (int g = 0; g < IDS / GROUP; g++) {
        try (FeedbackStore store = FeedbackStore.open(dir.resolve("labels-" + g + ".jsonl"), FsyncPolicy.NONE,
            Clock.systemUTC())) {
          HybridRouter router = HybridRouter.builder().ai(ai).humans(humans).store(store).auditFraction(0)
              .listener(e -> {
                if (e instanceof FeedbackEvent.ItemCompleted c) {
                  completions.computeIfAbsent(c.requestId(), k -> new AtomicInteger()).incrementAndGet();
                }
              }).build();
          List<FeedbackRequest> requests = new ArrayList<>();
          for (int i = g * GROUP; i < (g + 1) * GROUP; i++) {
            requests.add(FeedbackRequest.pairwise("id-" + i, Prompt.of("question " + i),
                Completion.of("first " + i), Completion.of("second " + i)));
          }
          List<List<Feedback>> labels = runConcurrently(router, requests, seed * 1_000 + g, pool);
          for (int i = 0; i < GROUP; i++) {
            for (int t = 1; t < THREADS; t++) {
              if (!labels.get(0).get(i).equals(labels.get(t).get(i))) {
                differentLabels.add(requests.get(i).id());
              }
            }
          }
          assertEquals(GROUP, store.size());
          decisions += router.stats().byReason().get(RoutingReason.INCONSISTENT);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    Set<String> twice = new HashSet<>();
    for (int i = 0; i < IDS; i++) {
      String id = "id-" + i;
      if (ai.calls.get(id).get() != 1 || humans.tasks.get(id).get() != 1 || completions.get(id).get() != 1) {
        twice.add(id);
      }
    }
    assertTrue(twice.isEmpty() && differentLabels.isEmpty(), twice.size() + " ids got more than one stage (e.g. "
        + twice.stream().limit(5).toList() + "), " + differentLabels.size() + " ids gave callers different labels");
    assertEquals(IDS, decisions, "one routing decision per id");
  }

  /** Every thread requests every id in order; a barrier per id releases all threads together. */
  private static List<List<Feedback>> runConcurrently(HybridRouter router, List<FeedbackRequest> requests, long seed,
      ExecutorService pool) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(THREADS);
    List<Future<List<Feedback>>> results = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      SplittableRandom jitter = new SplittableRandom(seed * 31 + t);
      results.add(pool.submit(() -> {
        List<Feedback> mine = new ArrayList<>(requests.size());
        for (FeedbackRequest r : requests) {
          barrier.await(30, TimeUnit.SECONDS);
          // spread the arrivals a little over the first caller's stage
          int spins = jitter.nextInt(2_000);
          for (int s = 0; s < spins; s++) {
            Thread.onSpinWait();
          }
          mine.add(router.request(r).toCompletableFuture().get(30, TimeUnit.SECONDS));
        }
        return mine;
      }));
    }
    List<List<Feedback>> labels = new ArrayList<>();
    for (Future<List<Feedback>> f : results) {
      labels.add(f.get(60, TimeUnit.SECONDS));
    }
    return labels;
  }
}
