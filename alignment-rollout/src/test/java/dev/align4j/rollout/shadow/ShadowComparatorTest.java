package dev.align4j.rollout.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackSource;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

  /** A judge that answers with {@code preferring(prompt, chosen, rejected)}: A is the winner, not the first answer. */
  private static FeedbackSource preferringJudge(String who, List<String> calls, ToDoubleBiFunction<String, String> pA) {
    return req -> {
      calls.add(req.id());
      Completion first = req.candidates().get(0);
      Completion second = req.candidates().get(1);
      boolean firstWins = pA.applyAsDouble(first.text(), second.text()) > 0.5;
      return CompletableFuture.completedFuture(PairwiseComparison.preferring(req.prompt(),
          firstWins ? first : second, firstWins ? second : first, Provenance.ai(who, null, Instant.EPOCH)));
    };
  }

  @Test
  void aJudgePreferringTheCandidateInBothOrdersIsConsistentWhateverItsAnswerOrder() {
    List<String> judgeCalls = new ArrayList<>();
    FeedbackSource j = preferringJudge("judge", judgeCalls, (a, b) -> a.startsWith("new") ? 1 : 0);
    ShadowJudgement s = ShadowComparator.builder(j, human(0)).build().compare(pair()).toCompletableFuture().join();
    assertEquals(1.0, s.candidateFirstOrder(), 0.0, "incumbent shown first, the candidate won");
    assertEquals(1.0, s.candidateSecondOrder(), 0.0, "candidate shown first, the candidate won");
    assertTrue(s.consistent());
    assertEquals(1.0, s.hardScore(), 0.0);
    assertEquals(1.0, s.score(), 0.0);
    assertFalse(s.reviewedByHuman());
    assertTrue(humanCalls.isEmpty());
    assertEquals(List.of("r1#inc-first", "r1#cand-first"), judgeCalls);
  }

  @Test
  void aHumanSayingTheIncumbentIsBetterIsRecordedAsACandidateLoss() {
    FeedbackSource positionBiased = judge((a, b) -> 0.8); // inconsistent: always goes to the human
    List<String> reviews = new ArrayList<>();
    FeedbackSource human = preferringJudge("reviewer", reviews, (a, b) -> a.startsWith("old") ? 1 : 0);
    ShadowJudgement s = ShadowComparator.builder(positionBiased, human).build().compare(pair())
        .toCompletableFuture().join();
    assertFalse(s.consistent());
    assertEquals(List.of("r1#human"), reviews);
    assertEquals(0.0, s.humanScore(), 0.0);
    assertEquals(0.0, s.score(), 0.0, "the incumbent won: a loss for the candidate");
  }

  /** The same soft judge answered in the request's order or with A and B exchanged gives the same judgement. */
  @Property(trials = 40)
  void theAnswersOrientationDoesNotChangeTheJudgement(Gen gen) {
    double candidateShownSecond = gen.uniform(0, 1);
    double candidateShownFirst = gen.uniform(0, 1);
    double human = gen.uniform(0, 1);
    ToDoubleBiFunction<String, String> pA =
        (a, b) -> a.startsWith("new") ? candidateShownFirst : 1 - candidateShownSecond;
    FeedbackSource inOrder = judge(pA);
    FeedbackSource flipped = req -> inOrder.request(req).thenApply(f -> gen.bool() ? ((PairwiseComparison) f).swapped()
        : f);
    FeedbackSource humanInOrder = judge((a, b) -> a.startsWith("new") ? human : 1 - human);
    FeedbackSource humanFlipped = req -> humanInOrder.request(req).thenApply(f -> ((PairwiseComparison) f).swapped());
    ShadowJudgement expected = ShadowComparator.builder(inOrder, humanInOrder).build().compare(pair())
        .toCompletableFuture().join();
    ShadowJudgement actual = ShadowComparator.builder(flipped, humanFlipped).build().compare(pair())
        .toCompletableFuture().join();
    assertEquals(candidateShownSecond, expected.candidateFirstOrder(), 1e-15);
    assertEquals(candidateShownFirst, expected.candidateSecondOrder(), 1e-15);
    assertEquals(expected.id(), actual.id());
    assertEquals(expected.candidateFirstOrder(), actual.candidateFirstOrder(), 1e-15);
    assertEquals(expected.candidateSecondOrder(), actual.candidateSecondOrder(), 1e-15);
    assertEquals(expected.softScore(), actual.softScore(), 1e-15);
    assertEquals(expected.hardScore(), actual.hardScore(), 0.0);
    assertEquals(expected.consistent(), actual.consistent());
    assertEquals(expected.reviewedByHuman(), actual.reviewedByHuman());
    assertEquals(expected.score(), actual.score(), 1e-15);
  }

  @Test
  void anAnswerAboutOtherTextsIsRefused() {
    FeedbackSource confused = req -> CompletableFuture.completedFuture(PairwiseComparison.preferring(req.prompt(),
        Completion.of("old answer"), Completion.of("some other answer"), Provenance.ai("judge", null, Instant.EPOCH)));
    CompletionException e = assertThrows(CompletionException.class,
        () -> ShadowComparator.builder(confused, human(0)).build().compare(pair()).toCompletableFuture().join());
    IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
    assertEquals("judge (incumbent first) answered request \"r1#inc-first\" about other answers than those it was "
        + "asked about: the comparison must compare the answers \"new answer\" and \"old answer\" (in either order), "
        + "it compared \"old answer\" (A) and \"some other answer\" (B)", cause.getMessage());
    assertInstanceOf(IllegalArgumentException.class, cause.getCause());
    FeedbackSource otherPrompt = req -> CompletableFuture.completedFuture(PairwiseComparison.preferring(
        Prompt.of("bye"), req.candidates().get(0), req.candidates().get(1),
        Provenance.ai("judge", null, Instant.EPOCH)));
    e = assertThrows(CompletionException.class,
        () -> ShadowComparator.builder(otherPrompt, human(0)).build().compare(pair()).toCompletableFuture().join());
    assertTrue(e.getCause().getMessage().endsWith("the comparison must be about the prompt \"hi\", it was about "
        + "\"bye\""), e.getCause().getMessage());
    assertTrue(humanCalls.isEmpty());
  }

  @Test
  void identicalAnswersAreATieWithoutAskingAnyone() {
    List<String> judgeCalls = new ArrayList<>();
    FeedbackSource j = preferringJudge("judge", judgeCalls, (a, b) -> 1);
    MirroredPair same = new MirroredPair("r2", Prompt.of("hi"), Completion.of("same"), Completion.of("same"));
    ShadowJudgement s = ShadowComparator.builder(j, human(1)).build().compare(same).toCompletableFuture().join();
    assertEquals(new ShadowJudgement("r2", 0.5, 0.5, 0.5, 0.5, true, null, 0.5), s);
    assertTrue(judgeCalls.isEmpty());
    assertTrue(humanCalls.isEmpty());
  }
}
