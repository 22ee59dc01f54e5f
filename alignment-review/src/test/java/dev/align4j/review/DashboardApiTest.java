package dev.align4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.judge.JudgeAttributes;
import dev.align4j.feedback.route.HybridRouter;
import dev.align4j.feedback.route.Route;
import dev.align4j.testkit.ManualClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lead's dashboard endpoints over real sockets: the hand-over series against values counted by hand from a
 * scripted sequence of router events, adjudication, and the failed-login back-off.
 */
class DashboardApiTest {
  private static final double Z95 = 1.959963984540054; // the standard normal's 0.975 quantile
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  @TempDir Path dir;

  /** Wilson (1927) score interval written out here, independent of the implementation. */
  private static double[] wilson(int x, int n) {
    double p = x / (double) n;
    double z2 = Z95 * Z95;
    double centre = p + z2 / (2 * n);
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return new double[] {(centre - half) / (1 + z2 / n), (centre + half) / (1 + z2 / n)};
  }

  @Test
  void handOverSeriesCountsAiShareAuditsAndAgreementPerBucketWithWilsonIntervals() {
    ManualClock hc = new ManualClock(T0);
    HandOverHistory history = HandOverHistory.builder().clock(hc).bucketSize(4).build();
    try (ReviewFixture f = new ReviewFixture(dir, b -> b.handOver(history))) {
      HandOverScript s = new HandOverScript(f.server.handOver(), hc);
      // bucket 1 (minutes 1-4): three uncalibrated pairs (agree, disagree, agree), interleaved; one
      // AI failure
      s.ai("i1", Outcome.A);
      s.ai("i2", Outcome.A);
      s.routed("i1", "UNCALIBRATED");
      s.routed("i2", "UNCALIBRATED");
      s.human("i2", Outcome.B);
      s.human("i1", Outcome.A);
      s.completed("i1", "HUMAN");
      s.completed("i2", "HUMAN");
      s.ai("i3", Outcome.B);
      s.routed("i3", "UNCALIBRATED");
      s.human("i3", Outcome.B);
      s.completed("i3", "HUMAN");
      s.routed("i4", "AI_FAILED");
      s.human("i4", Outcome.A);
      s.completed("i4", "HUMAN");
      // bucket 2 (minutes 5-8): two AI-only, one audit that agrees, one low-confidence item (not
      // compared)
      s.ai("i5", Outcome.A);
      s.completed("i5", "AI_ONLY");
      s.ai("i6", Outcome.B);
      s.completed("i6", "AI_ONLY");
      s.ai("i7", Outcome.A);
      s.routed("i7", "AUDIT");
      s.human("i7", Outcome.A);
      s.completed("i7", "BOTH");
      s.ai("i8", Outcome.A);
      s.routed("i8", "LOW_CONFIDENCE");
      s.human("i8", Outcome.B);
      s.completed("i8", "HUMAN");
      // bucket 3 (minutes 9-10, partial): one AI-only, one audit that disagrees
      s.ai("i9", Outcome.A);
      s.completed("i9", "AI_ONLY");
      s.ai("i10", Outcome.B);
      s.routed("i10", "AUDIT");
      s.human("i10", Outcome.A);
      s.completed("i10", "BOTH");

      ReviewFixture.Login lea = f.login(ReviewFixture.LEA_TOKEN);
      HttpResponse<String> r = f.get("/api/lead/handover", lea);
      assertEquals(200, r.statusCode(), r.body());
      JsonNode h = ReviewFixture.json(r);
      assertEquals(4, h.get("bucketSize").asInt());
      JsonNode bs = h.get("buckets");
      assertEquals(3, bs.size(), r.body());
      // {items, aiOnly, audits, compared, agreed}, counted by hand from the script above
      int[][] expected = {{4, 0, 0, 3, 2}, {4, 2, 1, 1, 1}, {2, 1, 1, 1, 0}};
      String[] from = {"2026-03-02T10:01:00Z", "2026-03-02T10:05:00Z", "2026-03-02T10:09:00Z"};
      String[] to = {"2026-03-02T10:04:00Z", "2026-03-02T10:08:00Z", "2026-03-02T10:10:00Z"};
      for (int i = 0; i < 3; i++) {
        JsonNode b = bs.get(i);
        int[] e = expected[i];
        assertEquals(e[0], b.get("items").asInt(), "items " + i);
        assertEquals(e[1], b.get("aiOnly").asInt(), "aiOnly " + i);
        assertEquals(e[1] / (double) e[0], b.get("aiShare").asDouble(), 1e-12, "aiShare " + i);
        assertEquals(e[2], b.get("audits").asInt(), "audits " + i);
        assertEquals(e[3], b.get("compared").asInt(), "compared " + i);
        assertEquals(e[4], b.get("agreed").asInt(), "agreed " + i);
        assertEquals(e[4] / (double) e[3], b.get("agreement").asDouble(), 1e-12, "agreement " + i);
        double[] ci = wilson(e[4], e[3]);
        assertEquals(ci[0], b.get("agreementLow").asDouble(), 1e-9, "low " + i);
        assertEquals(ci[1], b.get("agreementHigh").asDouble(), 1e-9, "high " + i);
        assertEquals(from[i], b.get("from").asText());
        assertEquals(to[i], b.get("to").asText());
        assertEquals(i < 2, b.get("complete").asBoolean());
      }
      // 2 of 3: [0.2077, 0.9385] (Wilson 1927 at 95%, as scipy 1.17: binomtest(2,
      // 3).proportion_ci(method="wilson"))
      assertEquals(0.20765, bs.get(0).get("agreementLow").asDouble(), 1e-4);
      assertEquals(0.93851, bs.get(0).get("agreementHigh").asDouble(), 1e-4);

      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      assertEquals(403, f.get("/api/lead/handover", ann).statusCode(), "reviewers do not see it");
      assertEquals(401, f.get("/api/lead/handover", null).statusCode());
    }
  }

  @Test
  void aRealHybridRouterFeedsTheHistoryThroughItsListener() throws Exception {
    ManualClock hc = new ManualClock(T0);
    HandOverHistory history = HandOverHistory.builder().clock(hc).bucketSize(3).build();
    try (ReviewFixture f = new ReviewFixture(dir, b -> b.handOver(history))) {
      // the judge says A for even items, B for odd ones, order-consistent and confident (p = 0.9 /
      // 0.1)
      FeedbackSource judge =
          r -> {
            boolean even = Integer.parseInt(r.id().substring(1)) % 2 == 0;
            Provenance p =
                Provenance.ai("judge", null, T0)
                    .withAttribute(JudgeAttributes.ORDER_CONSISTENT, "true");
            return CompletableFuture.completedFuture(
                new PairwiseComparison(
                    r.prompt(),
                    r.candidates().get(0),
                    r.candidates().get(1),
                    even ? Outcome.A : Outcome.B,
                    even ? 0.9 : 0.1,
                    null,
                    Presentation.UNKNOWN,
                    p));
          };
      HybridRouter router =
          HybridRouter.builder()
              .ai(judge)
              .humans(f.server)
              .store(f.store)
              .auditFraction(0)
              .agreement(10, 2)
              .clock(hc)
              .listener(f.server.handOver())
              .build();
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      for (int i = 0; i < 6; i++) {
        CompletableFuture<Feedback> label =
            router.request(HandOverScript.item("r" + i)).toCompletableFuture();
        hc.advance(Duration.ofMinutes(1));
        if (i < 2) {
          // uncalibrated: ann gets it and agrees with the judge; after two agreeing pairs κ = 1
          JsonNode t = f.next(ann);
          assertEquals("r" + i, t.get("taskId").asText());
          String outcome = i % 2 == 0 ? "A" : "B";
          assertEquals(
              200,
              f.post("/api/submissions", ReviewFixture.pairwiseAnswer(t, outcome), ann)
                  .statusCode());
        }
        label.get(10, TimeUnit.SECONDS);
      }
      JsonNode bs =
          ReviewFixture.json(f.get("/api/lead/handover", f.login(ReviewFixture.LEA_TOKEN)))
              .get("buckets");
      assertEquals(2, bs.size(), bs.toString());
      // bucket 1: r0, r1 by ann (compared, agreed), r2 by the AI; bucket 2: r3-r5 by the AI
      assertEquals(1, bs.get(0).get("aiOnly").asInt());
      assertEquals(2, bs.get(0).get("compared").asInt());
      assertEquals(2, bs.get(0).get("agreed").asInt());
      assertEquals(1.0 / 3, bs.get(0).get("aiShare").asDouble(), 1e-12);
      assertEquals(wilson(2, 2)[0], bs.get(0).get("agreementLow").asDouble(), 1e-9);
      assertEquals(3, bs.get(1).get("aiOnly").asInt());
      assertEquals(0, bs.get(1).get("compared").asInt());
      assertTrue(bs.get(1).get("agreement").isNull());
      assertEquals(2L, router.stats().byRoute().get(Route.HUMAN));
    }
  }

  @Test
  void historyKeepsAtMostMaxBucketsAndMaxOpenItems() {
    ManualClock hc = new ManualClock(T0);
    HandOverHistory h =
        HandOverHistory.builder().clock(hc).bucketSize(1).maxBuckets(3).maxOpenItems(2).build();
    HandOverScript s = new HandOverScript(h, hc);
    for (int i = 0; i < 5; i++) {
      s.ai("c" + i, Outcome.A);
      s.completed("c" + i, "AI_ONLY");
    }
    s.ai("o1", Outcome.A);
    s.ai("o2", Outcome.A);
    s.ai("o3", Outcome.A);
    HandOverHistory.Snapshot snap = h.snapshot();
    assertEquals(3, snap.buckets().size());
    assertEquals(2, snap.bucketsDropped());
    assertEquals(
        T0.plus(Duration.ofMinutes(3)),
        snap.buckets().get(0).from(),
        "the oldest two were dropped");
    assertEquals(1, snap.forgottenItems(), "o1 was forgotten when o3 arrived");
  }

  /**
   * A disagreement carries what the dashboard settles it with: the candidates in the request's order, the number of
   * assistant turns (an agent trace), and a rating's scale and rubric; the lead's rating sent in that order is the
   * stored label.
   */
  @Test
  void disagreementsCarryTheCandidatesStepsScaleAndRubricTheDashboardSettlesWith() {
    Prompt trace =
        Prompt.of(
            Message.user("Find the cheapest flight"),
            Message.assistant("search(KIX)"),
            Message.user("tool: JL1 ¥30000, MM9 ¥9000"),
            Message.assistant("book(JL1)"),
            Message.user("tool: booked JL1"));
    try (ReviewFixture f = new ReviewFixture(dir, b -> b.minSubmitted(3))) {
      f.server.enqueue(
          f.task(
              FeedbackRequest.rating(
                  "trace", trace, Completion.of("Booked <b>JL1</b>."), new RatingScale(1, 5))));
      for (String token : new String[] {ReviewFixture.ANN_TOKEN, ReviewFixture.BOB_TOKEN}) {
        ReviewFixture.Login who = f.login(token);
        JsonNode t = f.next(who);
        int v = token.equals(ReviewFixture.ANN_TOKEN) ? 5 : 1;
        String body =
            "{\"taskId\":\"trace\",\"order\":"
                + t.get("order")
                + ",\"answer\":{\"scores\":{\"helpfulness\":"
                + v
                + ",\"correctness\":"
                + v
                + ",\"safety\":"
                + v
                + ",\"concision\":"
                + v
                + "}}}";
        assertEquals(200, f.post("/api/submissions", body, who).statusCode());
      }
      ReviewFixture.Login lea = f.login(ReviewFixture.LEA_TOKEN);
      JsonNode item = ReviewFixture.json(f.get("/api/lead/disagreements", lea)).get("items").get(0);
      assertEquals("trace", item.get("taskId").asText());
      assertEquals(1, item.get("candidates").size());
      assertEquals(0, item.get("candidates").get(0).get("index").asInt());
      assertEquals("Booked <b>JL1</b>.", item.get("candidates").get(0).get("text").asText());
      assertEquals(2, item.get("steps").asInt(), "two assistant turns");
      JsonNode turns = item.get("prompt");
      assertEquals(5, turns.size());
      assertEquals("assistant", turns.get(3).get("role").asText());
      assertEquals("book(JL1)", turns.get(3).get("content").asText());
      assertEquals(1.0, item.get("scale").get("min").asDouble());
      assertEquals(5.0, item.get("scale").get("max").asDouble());
      assertEquals(Rubric.DEFAULT.criteria().size(), item.get("rubric").size());
      for (int i = 0; i < item.get("rubric").size(); i++) {
        assertEquals(Rubric.DEFAULT.criteria().get(i), item.get("rubric").get(i).asText());
      }
      String settle =
          "{\"taskId\":\"trace\",\"order\":[0],\"answer\":{\"scores\":"
              + "{\"helpfulness\":2,\"correctness\":1,\"safety\":4,\"concision\":3}}}";
      HttpResponse<String> r = f.post("/api/lead/adjudications", settle, lea);
      assertEquals(200, r.statusCode(), r.body());
      Rating label = (Rating) f.store.find("trace").orElseThrow();
      assertEquals((2 + 1 + 4 + 3) / 4.0, label.value(), 1e-12);
      assertEquals("lea", label.provenance().sourceId());
    }
  }

  @Test
  void adjudicationStoresTheLeadsLabelNeedsCsrfAndIsRefusedForReviewers() {
    try (ReviewFixture f = new ReviewFixture(dir, b -> b.minSubmitted(3))) {
      f.server.enqueue(f.task(HandOverScript.item("split")));
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      ReviewFixture.Login bob = f.login(ReviewFixture.BOB_TOKEN);
      ReviewFixture.Login lea = f.login(ReviewFixture.LEA_TOKEN);
      JsonNode ta = f.next(ann);
      assertEquals(
          200, f.post("/api/submissions", ReviewFixture.pairwiseAnswer(ta, "A"), ann).statusCode());
      JsonNode tb = f.next(bob);
      assertEquals(
          200, f.post("/api/submissions", ReviewFixture.pairwiseAnswer(tb, "B"), bob).statusCode());
      JsonNode dis = ReviewFixture.json(f.get("/api/lead/disagreements", lea));
      assertTrue(dis.toString().contains("split"), dis.toString());

      String body = "{\"taskId\":\"split\",\"order\":[1,0],\"answer\":{\"outcome\":\"B\"}}";
      assertEquals(
          403, f.post("/api/lead/adjudications", body, lea, null).statusCode(), "no CSRF token");
      assertEquals(
          403,
          f.post("/api/lead/adjudications", body, lea, "wrong").statusCode(),
          "wrong CSRF token");
      assertEquals(403, f.post("/api/lead/adjudications", body, ann).statusCode(), "a reviewer");
      assertEquals(401, f.post("/api/lead/adjudications", body, null).statusCode(), "no session");
      assertEquals(0, f.store.size(), "refused requests store nothing");
      assertFalse(f.server.answer("split").isPresent());

      HttpResponse<String> r = f.post("/api/lead/adjudications", body, lea);
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("lea", ReviewFixture.json(r).get("adjudicatedBy").asText());
      PairwiseComparison stored = (PairwiseComparison) f.store.find("split").orElseThrow();
      assertEquals(Outcome.B, stored.outcome());
      assertEquals("lea", stored.provenance().sourceId());
      assertEquals(Presentation.B_FIRST, stored.presentation());
      assertEquals(
          stored,
          f.server.answer("split").orElseThrow(),
          "the queue completed with the lead's label");

      assertEquals(
          409, f.post("/api/lead/adjudications", body, lea).statusCode(), "already settled");
      String unknown = "{\"taskId\":\"nope\",\"order\":[0,1],\"answer\":{\"outcome\":\"A\"}}";
      assertEquals(404, f.post("/api/lead/adjudications", unknown, lea).statusCode());
      f.server.enqueue(f.task(HandOverScript.item("other")));
      String bad = "{\"taskId\":\"other\",\"order\":[0,1],\"answer\":{\"outcome\":\"C\"}}";
      HttpResponse<String> b400 = f.post("/api/lead/adjudications", bad, lea);
      assertEquals(400, b400.statusCode(), b400.body());
      assertEquals("answer.outcome", ReviewFixture.json(b400).get("field").asText());
      assertEquals(1, f.store.size());
    }
  }

  @Test
  void repeatedWrongTokensFromOneAddressBackOffWith429AndRetryAfter() {
    try (ReviewFixture f =
        new ReviewFixture(
            dir, b -> b.loginBackoff(2, Duration.ofSeconds(10), Duration.ofSeconds(40)))) {
      String wrong = "{\"token\":\"not-a-token-0123456789\"}";
      String right = "{\"token\":\"" + ReviewFixture.LEA_TOKEN + "\"}";
      assertEquals(401, f.post("/api/login", wrong, null).statusCode(), "free 1");
      assertEquals(401, f.post("/api/login", wrong, null).statusCode(), "free 2");
      assertEquals(401, f.post("/api/login", wrong, null).statusCode(), "3rd: now locked for 10 s");
      HttpResponse<String> locked = f.post("/api/login", right, null);
      assertEquals(429, locked.statusCode(), "even the right token waits: " + locked.body());
      assertEquals("10", locked.headers().firstValue("Retry-After").orElseThrow());
      f.clock.advance(Duration.ofSeconds(4));
      assertEquals(
          "6", f.post("/api/login", right, null).headers().firstValue("Retry-After").orElseThrow());
      f.clock.advance(Duration.ofSeconds(6));
      assertEquals(401, f.post("/api/login", wrong, null).statusCode(), "4th: locked for 20 s");
      assertEquals(
          "20",
          f.post("/api/login", wrong, null).headers().firstValue("Retry-After").orElseThrow());
      f.clock.advance(Duration.ofSeconds(20));
      assertEquals(401, f.post("/api/login", wrong, null).statusCode(), "5th: 40 s");
      f.clock.advance(Duration.ofSeconds(40));
      assertEquals(401, f.post("/api/login", wrong, null).statusCode(), "6th: 80 s capped at 40 s");
      assertEquals(
          "40",
          f.post("/api/login", right, null).headers().firstValue("Retry-After").orElseThrow());
      f.clock.advance(Duration.ofSeconds(40));
      assertEquals(200, f.post("/api/login", right, null).statusCode(), "the lockout is over");
      assertEquals(
          401, f.post("/api/login", wrong, null).statusCode(), "a success reset the count");
      assertEquals(401, f.post("/api/login", wrong, null).statusCode(), "free again");
    }
  }

  @Test
  void dashboardFilesComeFromTheJarUnderTheStrictCspWithoutInlineScriptStyleOrMarkupInsertion() {
    try (ReviewFixture f = new ReviewFixture(dir)) {
      HttpResponse<String> html = f.get("/dashboard.html", null);
      assertEquals(200, html.statusCode());
      assertEquals(
          ReviewApi.CSP, html.headers().firstValue("Content-Security-Policy").orElseThrow());
      assertTrue(
          html.body().contains("<script src=\"/dashboard.js\" defer></script>"), html.body());
      assertFalse(html.body().contains("style="), "no inline style");
      assertFalse(html.body().contains("<style"), "no style element");
      assertEquals(
          1, html.body().split("<script", -1).length - 1, "one script element, from a file");
      HttpResponse<String> js = f.get("/dashboard.js", null);
      assertEquals(200, js.statusCode());
      assertTrue(
          js.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
      for (String sink :
          new String[] {
            "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("
          }) {
        assertFalse(js.body().contains(sink), "dashboard.js uses " + sink);
      }
      assertTrue(js.body().contains("/api/i18n?lang="), "the strings come from the bundles");
      assertEquals(200, f.get("/dashboard.css", null).statusCode());
    }
  }

  @Test
  void throttleMemoryIsBoundedAndQuietAddressesAreForgotten() {
    ManualClock c = new ManualClock(T0);
    LoginThrottle t =
        new LoginThrottle(
            c, 0, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(1), 3);
    for (int i = 0; i < 10; i++) {
      t.failed("10.0.0." + i);
      assertTrue(t.tracked() <= 3, "tracked " + t.tracked());
    }
    assertTrue(t.retryAfter("10.0.0.9").isPresent());
    assertFalse(t.retryAfter("10.0.0.0").isPresent(), "evicted");
    assertEquals(Duration.ofSeconds(2), t.failed("10.0.0.9"), "second failure: 2 s");
    c.advance(Duration.ofMinutes(2));
    assertEquals(Duration.ofSeconds(1), t.failed("10.0.0.9"), "quiet for a minute: counted afresh");
  }
}
