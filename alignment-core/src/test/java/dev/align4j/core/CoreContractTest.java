package dev.align4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CoreContractTest {
  private static final Prompt P = Prompt.of("q");

  @Test
  void rewardModel_lambda_batchMethodsAgreeWithScore() {
    RewardModel length = (p, c) -> c.text().length();
    var cs = List.of(Completion.of("a"), Completion.of("abc"));
    assertArrayEquals(new double[] {1, 3}, length.scoreAll(P, cs));
    assertArrayEquals(new double[] {1, 3}, length.scoreBatch(List.of(P, P), cs));
    var e = assertThrows(IllegalArgumentException.class, () -> length.scoreBatch(List.of(P), cs));
    assertTrue(e.getMessage().contains("prompts and completions must have the same length, were 1 and 2"));
  }

  @Test
  void tokenRewardModel_sumsTokenScores() {
    TokenRewardModel perChar = (p, c) -> c.text().chars().mapToDouble(ch -> ch == 'a' ? 1 : -0.5).toArray();
    assertEquals(2.5, perChar.score(P, Completion.of("abaa")), 1e-15);
  }

  @Test
  void feedbackRequest_checksCandidateCountsAndScale() {
    var a = Completion.of("a");
    var e = assertThrows(IllegalArgumentException.class,
        () -> new FeedbackRequest("r1", P, List.of(a), FeedbackKind.PAIRWISE, null, null, Map.of()));
    assertTrue(e.getMessage().equals("candidates must hold 2 for a PAIRWISE request, had 1"), e.getMessage());
    var r = assertThrows(IllegalArgumentException.class,
        () -> new FeedbackRequest("r2", P, List.of(a), FeedbackKind.RATING, null, null, Map.of()));
    assertTrue(r.getMessage().contains("scale"), r.getMessage());
    var ok = FeedbackRequest.rating("r3", P, a, RatingScale.ONE_TO_TEN).withMetadata("category", "medical");
    assertEquals("medical", ok.metadata().get("category"));
    assertThrows(IllegalArgumentException.class, () -> FeedbackRequest.ranking("r4", P, List.of(a)));
  }

  @Test
  void feedbackSource_blockingHelpers_preserveOrderAndUnwrapFailures() {
    FeedbackSource thumbs = req -> CompletableFuture.completedFuture(
        new BinaryLabel(req.prompt(), req.candidates().get(0), req.candidates().get(0).text().startsWith("good"),
            Provenance.human("h", Instant.EPOCH)));
    List<Feedback> out = thumbs.requestAll(List.of(
        FeedbackRequest.binary("1", P, Completion.of("good")), FeedbackRequest.binary("2", P, Completion.of("bad"))));
    assertTrue(((BinaryLabel) out.get(0)).desirable());
    assertTrue(!((BinaryLabel) out.get(1)).desirable());
    FeedbackSource failing = req -> CompletableFuture.failedFuture(new IllegalStateException("queue closed"));
    var e = assertThrows(IllegalStateException.class,
        () -> failing.requestBlocking(FeedbackRequest.binary("3", P, Completion.of("x"))));
    assertEquals("queue closed", e.getMessage());
  }

  @Test
  void samplingParameters_validate() {
    assertEquals(0.7, SamplingParameters.DEFAULT.withTemperature(0.7).temperature());
    var e = assertThrows(IllegalArgumentException.class, () -> SamplingParameters.DEFAULT.withTopP(0));
    assertTrue(e.getMessage().equals("topP must be in (0, 1], was 0.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SamplingParameters.DEFAULT.withTemperature(-1));
    assertThrows(IllegalArgumentException.class, () -> SamplingParameters.DEFAULT.withTopK(-1));
  }

  @Test
  void tokenLogProbs_sumAndMean() {
    var t = new TokenLogProbs(new double[] {-1, -2, -3});
    assertEquals(-6, t.sum(), 0);
    assertEquals(-2, t.mean(), 0);
    assertEquals(3, t.length());
    assertThrows(IllegalArgumentException.class, () -> new TokenLogProbs(new double[] {0.1}));
  }

  @Test
  void stepMetrics_namesMissingMetrics() {
    var m = new StepMetrics(3, Map.of("loss", 0.5));
    assertEquals(0.5, m.get("loss"));
    var e = assertThrows(IllegalArgumentException.class, () -> m.get("kl"));
    assertTrue(e.getMessage().contains("\"kl\"") && e.getMessage().contains("loss"), e.getMessage());
  }

  @Test
  void gateDecision_kindsMatchTheirTypes() {
    var reason = new GateReason("safety_rate", "BREACH", "upper bound 0.02 > 0.01");
    GateDecision d = new GateDecision.Rollback(List.of(reason));
    assertEquals(GateDecision.Kind.ROLLBACK, d.kind());
    assertEquals(List.of(reason), d.reasons());
    assertEquals(GateDecision.Kind.PROMOTE, new GateDecision.Promote(RolloutStage.CANARY, List.of()).kind());
    assertTrue(RolloutStage.ROLLED_BACK.isTerminal() && !RolloutStage.CANARY.isTerminal());
    assertThrows(IllegalArgumentException.class, () -> new GateReason(" ", "PASS", ""));
  }
}
