package dev.align4j.spark.judge;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in judge and the JVM-wide counters the judge tests read (local mode runs the executors in
 * the test's JVM): calls per request id, factory builds, injected task failures.
 */
final class ScriptedJudge {
  static final ConcurrentMap<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
  static final AtomicInteger BUILDS = new AtomicInteger();
  static final AtomicInteger INJECTED = new AtomicInteger();
  static final AtomicInteger IN_FLIGHT = new AtomicInteger();
  static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();
  static final ConcurrentMap<Integer, AtomicInteger> ATTEMPT0_CALLS = new ConcurrentHashMap<>();

  private ScriptedJudge() {}

  static void reset() {
    CALLS.clear();
    BUILDS.set(0);
    INJECTED.set(0);
    IN_FLIGHT.set(0);
    MAX_IN_FLIGHT.set(0);
    ATTEMPT0_CALLS.clear();
  }

  static int calls(String id) {
    AtomicInteger n = CALLS.get(id);
    return n == null ? 0 : n.get();
  }

  /** The verdict, a function of the content only: the single-machine answer the job must reproduce. */
  static PairwiseComparison verdict(FeedbackRequest request) {
    String a = request.candidates().get(0).text();
    String b = request.candidates().get(1).text();
    int h = Math.floorMod((request.prompt().text() + "|" + a + "|" + b).hashCode(), 1000);
    Outcome outcome = h < 450 ? Outcome.A : h < 900 ? Outcome.B : Outcome.TIE;
    double p =
        outcome == Outcome.A ? 0.55 + h / 1000.0 : outcome == Outcome.B ? 0.45 - h / 2000.0 : 0.5;
    return new PairwiseComparison(
        request.prompt(),
        request.candidates().get(0),
        request.candidates().get(1),
        outcome,
        Math.min(1, p),
        null,
        Presentation.UNKNOWN,
        Provenance.ai("scripted-judge", null, Instant.EPOCH));
  }

  /** Counts the call; items whose prompt contains {@code #poison} always fail. */
  static Feedback answer(FeedbackRequest request) {
    CALLS.computeIfAbsent(request.id(), k -> new AtomicInteger()).incrementAndGet();
    if (request.prompt().text().contains("#poison")) {
      throw new IllegalStateException("the judge cannot read a poisoned item");
    }
    return verdict(request);
  }
}
