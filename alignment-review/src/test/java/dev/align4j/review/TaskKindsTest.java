package dev.align4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.route.ReviewTask;
import dev.align4j.feedback.route.RoutingReason;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rating against the rubric, ranking, binary, trace review and the AI suggestion, through the API. */
class TaskKindsTest {
  @TempDir Path dir;

  private static final RatingScale LIKERT = new RatingScale(1, 5);

  @Test
  void aRatingIsTheMeanOfTheRubricsCriteriaAndAMissingCriterionIsNamed() throws Exception {
    try (ReviewFixture f = new ReviewFixture(dir)) {
      FeedbackRequest q =
          FeedbackRequest.rating(
              "rate1", Prompt.of("Explain DNS"), Completion.of("It maps names."), LIKERT);
      CompletableFuture<Feedback> stage = f.server.enqueue(f.task(q)).toCompletableFuture();
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      JsonNode t = f.next(ann);
      assertEquals("RATING", t.get("kind").asText());
      assertEquals(
          List.of("helpfulness", "correctness", "safety", "concision"),
          ReviewFixture.JSON.convertValue(t.get("rubric"), List.class));
      assertEquals(5.0, t.get("scale").get("max").asDouble());

      HttpResponse<String> missing =
          f.post(
              "/api/submissions",
              "{\"taskId\":\"rate1\",\"order\":[0],\"answer\":"
                  + "{\"scores\":{\"helpfulness\":4,\"correctness\":5,\"concision\":2}}}",
              ann);
      assertEquals(400, missing.statusCode());
      assertEquals("answer.scores.safety", ReviewFixture.json(missing).get("field").asText());
      HttpResponse<String> outOfScale =
          f.post(
              "/api/submissions",
              "{\"taskId\":\"rate1\",\"order\":[0],\"answer\":"
                  + "{\"scores\":{\"helpfulness\":4,\"correctness\":5,\"safety\":6,\"concision\":2}}}",
              ann);
      assertEquals("answer.scores.safety", ReviewFixture.json(outOfScale).get("field").asText());

      HttpResponse<String> ok =
          f.post(
              "/api/submissions",
              "{\"taskId\":\"rate1\",\"order\":[0],\"answer\":"
                  + "{\"scores\":{\"helpfulness\":4,\"correctness\":5,\"safety\":5,\"concision\":2}}}",
              ann);
      assertEquals(200, ok.statusCode(), ok.body());
      Rating r = (Rating) stage.get(5, TimeUnit.SECONDS);
      assertEquals((4 + 5 + 5 + 2) / 4.0, r.value(), 1e-12);
      assertEquals("2.0", r.provenance().attributes().get("criterion.concision"));
      assertEquals("ann", r.provenance().sourceId());
    }
  }

  @Test
  void twoRankingsCombineByBordaCountAndAnEvenBinarySplitIsNotDesirable() throws Exception {
    try (ReviewFixture f = new ReviewFixture(dir, b -> b.minSubmitted(2))) {
      FeedbackRequest rank =
          FeedbackRequest.ranking(
              "rank1",
              Prompt.of("Best haiku?"),
              List.of(Completion.of("c0"), Completion.of("c1"), Completion.of("c2")));
      FeedbackRequest bin =
          FeedbackRequest.binary("bin1", Prompt.of("Is this fine?"), Completion.of("Sure."));
      CompletableFuture<Feedback> ranked = f.server.enqueue(f.task(rank)).toCompletableFuture();
      CompletableFuture<Feedback> judged = f.server.enqueue(f.task(bin)).toCompletableFuture();
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      ReviewFixture.Login bob = f.login(ReviewFixture.BOB_TOKEN);
      HttpResponse<String> dup =
          f.post(
              "/api/submissions",
              "{\"taskId\":\"rank1\",\"order\":[0,1,2],\"answer\":" + "{\"ranking\":[1,1,0]}}",
              ann);
      assertEquals(400, dup.statusCode());
      assertEquals("answer.ranking", ReviewFixture.json(dup).get("field").asText());

      // positions: ann 2,0,1 and bob 0,2,1 → c0: 1 + 0, c1: 2 + 2, c2: 0 + 1 → c0 and c2 tie, the
      // lower index first
      submit(f, ann, "rank1", "{\"ranking\":[2,0,1]}");
      submit(f, bob, "rank1", "{\"ranking\":[0,2,1]}");
      assertEquals(List.of(0, 2, 1), ((Ranking) ranked.get(5, TimeUnit.SECONDS)).order());
      submit(f, ann, "bin1", "{\"desirable\":true}");
      submit(f, bob, "bin1", "{\"desirable\":false}");
      assertFalse(((BinaryLabel) judged.get(5, TimeUnit.SECONDS)).desirable());
    }
  }

  @Test
  void anAgentTraceIsReviewedStepByStepWithARatingAndTagsPerAssistantTurn() throws Exception {
    try (ReviewFixture f = new ReviewFixture(dir)) {
      Prompt trace =
          Prompt.of(
              Message.user("Book a flight to Osaka"),
              Message.assistant("search_flights(KIX)"),
              Message.user("tool: 3 flights"),
              Message.assistant("book(JL123)"),
              Message.user("tool: booked"));
      FeedbackRequest q =
          FeedbackRequest.binary("trace1", trace, Completion.of("Booked JL123 to 大阪."));
      CompletableFuture<Feedback> stage = f.server.enqueue(f.task(q)).toCompletableFuture();
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      JsonNode t = f.next(ann);
      assertEquals(2, t.get("steps").asInt());
      assertEquals(5, t.get("prompt").size());
      assertEquals("Booked JL123 to 大阪.", t.get("candidates").get(0).get("text").asText());
      HttpResponse<String> short1 =
          f.post(
              "/api/submissions",
              "{\"taskId\":\"trace1\",\"order\":[0],\"answer\":"
                  + "{\"desirable\":false,\"steps\":[{\"rating\":4}]}}",
              ann);
      assertEquals("answer.steps", ReviewFixture.json(short1).get("field").asText());
      HttpResponse<String> badRating =
          f.post(
              "/api/submissions",
              "{\"taskId\":\"trace1\",\"order\":[0],\"answer\":"
                  + "{\"desirable\":false,\"steps\":[{\"rating\":4},{\"rating\":9}]}}",
              ann);
      assertEquals("answer.steps[1].rating", ReviewFixture.json(badRating).get("field").asText());
      submit(
          f,
          ann,
          "trace1",
          "{\"desirable\":false,\"rationale\":\"booked without asking\",\"steps\":"
              + "[{\"rating\":4,\"tags\":[\"ok\"]},{\"rating\":1,\"tags\":[\"unconfirmed-action\",\"policy\"]}]}");
      BinaryLabel verdict = (BinaryLabel) stage.get(5, TimeUnit.SECONDS);
      assertFalse(verdict.desirable());
      assertEquals("4", verdict.provenance().attributes().get("step.0.rating"));
      assertEquals(
          "unconfirmed-action,policy", verdict.provenance().attributes().get("step.1.tags"));
      assertEquals("booked without asking", verdict.provenance().attributes().get("rationale"));
    }
  }

  @Test
  void theAiSuggestionIsSentOnlyWhenConfiguredAndWhetherItWasShownIsRecorded() throws Exception {
    FeedbackRequest q = ReviewFixture.pair("ai1", "Which?", "one", "two");
    PairwiseComparison judge =
        new PairwiseComparison(
            q.prompt(),
            q.candidates().get(0),
            q.candidates().get(1),
            Outcome.B,
            0.2,
            null,
            Presentation.BOTH_ORDERS,
            Provenance.ai("judge-model", null, Instant.EPOCH));
    try (ReviewFixture f = new ReviewFixture(dir.resolve("hidden"))) {
      f.server.enqueue(new ReviewTask(q, RoutingReason.AUDIT, judge, f.clock.instant()));
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      JsonNode t = f.next(ann);
      assertTrue(t.get("aiSuggestion") == null, "hidden by default");
      HttpResponse<String> claim =
          f.post(
              "/api/submissions",
              "{\"taskId\":\"ai1\",\"order\":"
                  + t.get("order")
                  + ",\"aiSuggestionShown\":true,\"answer\":{\"outcome\":\"A\"}}",
              ann);
      assertEquals(400, claim.statusCode());
      assertEquals("aiSuggestionShown", ReviewFixture.json(claim).get("field").asText());
    }
    try (ReviewFixture f =
        new ReviewFixture(dir.resolve("shown"), b -> b.showAiSuggestions(true))) {
      CompletableFuture<Feedback> stage =
          f.server
              .enqueue(new ReviewTask(q, RoutingReason.AUDIT, judge, f.clock.instant()))
              .toCompletableFuture();
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      JsonNode t = f.next(ann);
      assertEquals("B", t.get("aiSuggestion").get("outcome").asText(), t.toString());
      HttpResponse<String> ok =
          f.post(
              "/api/submissions",
              "{\"taskId\":\"ai1\",\"order\":"
                  + t.get("order")
                  + ",\"aiSuggestionShown\":true,\"answer\":{\"outcome\":\"A\"}}",
              ann);
      assertEquals(200, ok.statusCode(), ok.body());
      assertEquals(
          "true",
          stage.get(5, TimeUnit.SECONDS).provenance().attributes().get("ai_suggestion_shown"));
    }
  }

  private static void submit(
      ReviewFixture f, ReviewFixture.Login who, String taskId, String answer) {
    JsonNode t = f.next(who);
    assertEquals(taskId, t.get("taskId").asText());
    HttpResponse<String> r =
        f.post(
            "/api/submissions",
            "{\"taskId\":\""
                + taskId
                + "\",\"order\":"
                + t.get("order")
                + ",\"answer\":"
                + answer
                + "}",
            who);
    assertEquals(200, r.statusCode(), r.body());
  }
}
