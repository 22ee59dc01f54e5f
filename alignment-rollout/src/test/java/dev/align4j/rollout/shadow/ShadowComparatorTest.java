package dev.align4j.rollout.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackSource;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToDoubleBiFunction;
import org.junit.jupiter.api.Test;

class ShadowComparatorTest {
  private final List<String> humanCalls = new ArrayList<>();

  /** A judge giving P(A better) from the two texts. */
  private static FeedbackSource judge(ToDoubleBiFunction<String, String> pA) {
    return req -> {
      Completion a = req.candidates().get(0);
      Completion b = req.candidates().get(1);
      double p = pA.applyAsDouble(a.text(), b.text());
      return CompletableFuture.completedFuture(new PairwiseComparison(req.prompt(), a, b,
          p > 0.5 ? Outcome.A : p < 0.5 ? Outcome.B : Outcome.TIE, p, null, Presentation.A_FIRST,
          Provenance.ai("judge", null, Instant.EPOCH)));
    };
  }

  private FeedbackSource human(double pA) {
    FeedbackSource j = judge((a, b) -> pA);
    return req -> {
      humanCalls.add(req.id());
      return j.request(req);
    };
  }

  private static MirroredPair pair() {
    return new MirroredPair("r1", Prompt.of("hi"), Completion.of("old answer"), Completion.of("new answer"));
  }

  @Test
  void consistentJudgementAveragesBothOrders() {
    // prefers the candidate ("new ...") with 0.9 when it is B, 0.7 when it is A: soft = (0.9 + 0.7)/2
    FeedbackSource j = judge((a, b) -> a.startsWith("new") ? 0.7 : 0.1);
    ShadowJudgement s = ShadowComparator.builder(j, human(0)).build().compare(pair()).toCompletableFuture().join();
    assertEquals(0.9, s.candidateFirstOrder(), 1e-12);
    assertEquals(0.7, s.candidateSecondOrder(), 1e-12);
    assertEquals(0.8, s.softScore(), 1e-12);
    assertEquals(1, s.hardScore());
    assertTrue(s.consistent());
    assertNull(s.humanScore());
    assertEquals(0.8, s.score(), 1e-12);
    assertTrue(humanCalls.isEmpty());
  }

  @Test
  void positionBiasedJudgeIsSentToAHuman() {
    // always prefers whatever is shown first: inconsistent across orders
    FeedbackSource j = judge((a, b) -> 0.8);
    ShadowJudgement s = ShadowComparator.builder(j, human(0.25)).build().compare(pair()).toCompletableFuture().join();
    assertFalse(s.consistent());
    assertEquals(0.5, s.hardScore());
    assertTrue(s.reviewedByHuman());
    assertEquals(0.25, s.score(), 1e-12, "human says candidate (shown as A) wins with 0.25");
    assertEquals(List.of("r1#human"), humanCalls);
  }

  @Test
  void nearTiesAreSentToAHuman() {
    FeedbackSource j = judge((a, b) -> a.startsWith("new") ? 0.55 : 0.45);
    ShadowJudgement s = ShadowComparator.builder(j, human(1)).uncertaintyBand(0.1).build().compare(pair())
        .toCompletableFuture().join();
    assertTrue(s.consistent());
    assertEquals(0.55, s.softScore(), 1e-12);
    assertTrue(s.reviewedByHuman());
    assertEquals(1, s.score());
  }
}
