package dev.align4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions, CSRF, limits, validation, headers and escaping, over real sockets. */
class ReviewSecurityTest {
  @TempDir Path dir;

  ReviewFixture f;

  @BeforeEach
  void start() {
    f = new ReviewFixture(dir, b -> b.maxBodyBytes(1024));
    f.server.enqueue(f.task(ReviewFixture.pair("q1", "Which is kinder?", "Yes.", "No.")));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void loginSetsAStrictHttpOnlyCookieAndLogoutEndsTheSession() {
    ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
    assertTrue(ann.setCookie().contains("HttpOnly"), ann.setCookie());
    assertTrue(ann.setCookie().contains("SameSite=Strict"), ann.setCookie());
    assertTrue(ann.setCookie().contains("Path=/"), ann.setCookie());
    String id = ann.cookie().substring(ann.cookie().indexOf('=') + 1);
    assertEquals(32, Base64.getUrlDecoder().decode(id).length, "a 256-bit session id");

    JsonNode s = ReviewFixture.json(f.get("/api/session", ann));
    assertEquals("ann", s.get("reviewer").asText());
    assertEquals("REVIEWER", s.get("role").asText());
    assertEquals(ann.csrf(), s.get("csrfToken").asText());

    HttpResponse<String> out = f.post("/api/logout", "{}", ann);
    assertEquals(204, out.statusCode(), out.body());
    assertTrue(out.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
    assertEquals(401, f.get("/api/session", ann).statusCode(), "the session is gone after logout");
  }

  @Test
  void aSessionEndsAfterThirtyIdleMinutes() {
    ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
    f.clock.advance(Duration.ofMinutes(29));
    assertEquals(200, f.get("/api/session", ann).statusCode(), "used within the idle timeout");
    f.clock.advance(Duration.ofMinutes(29));
    assertEquals(200, f.get("/api/session", ann).statusCode(), "each use restarts the idle clock");
    f.clock.advance(Duration.ofMinutes(31));
    assertEquals(401, f.get("/api/session", ann).statusCode());
  }

  @Test
  void aWrongTokenIsRefusedWithoutEchoingIt() {
    HttpResponse<String> r =
        f.post("/api/login", "{\"token\":\"not-a-token-but-long-enough\"}", null);
    assertEquals(401, r.statusCode());
    assertFalse(r.body().contains("not-a-token"), r.body());
    assertTrue(r.headers().firstValue("Set-Cookie").isEmpty());
  }

  @Test
  void writesNeedASessionAndTheCsrfTokenAndARefusedWriteStoresNothing() {
    ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
    JsonNode task = f.next(ann);
    String answer = ReviewFixture.pairwiseAnswer(task, "A");

    HttpResponse<String> noSession = f.post("/api/submissions", answer, null, ann.csrf());
    assertEquals(401, noSession.statusCode(), noSession.body());
    HttpResponse<String> noCsrf = f.post("/api/submissions", answer, ann, null);
    assertEquals(403, noCsrf.statusCode(), noCsrf.body());
    HttpResponse<String> wrongCsrf = f.post("/api/submissions", answer, ann, ann.csrf() + "x");
    assertEquals(403, wrongCsrf.statusCode(), wrongCsrf.body());
    ReviewFixture.Login bob = f.login(ReviewFixture.BOB_TOKEN);
    HttpResponse<String> otherSessionsCsrf = f.post("/api/submissions", answer, ann, bob.csrf());
    assertEquals(403, otherSessionsCsrf.statusCode(), "a CSRF token is bound to its session");

    assertEquals(0, f.store.size());
    assertEquals(1, f.server.pendingCount());
    assertEquals(
        0,
        ReviewFixture.json(f.get("/api/progress", ann)).get("doneToday").asInt(),
        "nothing stored");

    HttpResponse<String> ok = f.post("/api/submissions", answer, ann);
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(1, f.store.size());
  }

  @Test
  void aBodyOverTheLimitIs413AndNotJsonIs415() {
    ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
    String big = "{\"taskId\":\"q1\",\"pad\":\"" + "x".repeat(2000) + "\"}";
    HttpResponse<String> r = f.post("/api/submissions", big, ann);
    assertEquals(413, r.statusCode(), r.body());
    HttpRequest form =
        HttpRequest.newBuilder(f.base.resolve("/api/submissions"))
            .POST(HttpRequest.BodyPublishers.ofString("taskId=q1"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", ann.cookie())
            .header(ReviewApi.CSRF_HEADER, ann.csrf())
            .build();
    assertEquals(415, f.send(form).statusCode());
    assertEquals(0, f.store.size());
  }

  @Test
  void malformedOrInvalidJsonIs400NamingTheField() {
    ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
    JsonNode task = f.next(ann);

    HttpResponse<String> broken = f.post("/api/submissions", "{\"taskId\": \"q1\", ", ann);
    assertEquals(400, broken.statusCode());
    assertEquals("body", ReviewFixture.json(broken).get("field").asText());

    HttpResponse<String> badOutcome =
        f.post(
            "/api/submissions",
            "{\"taskId\":\"q1\",\"order\":"
                + task.get("order")
                + ",\"answer\":{\"outcome\":\"C\"}}",
            ann);
    assertEquals(400, badOutcome.statusCode());
    assertEquals("answer.outcome", ReviewFixture.json(badOutcome).get("field").asText());

    HttpResponse<String> badOrder =
        f.post(
            "/api/submissions",
            "{\"taskId\":\"q1\",\"order\":[0,0]," + "\"answer\":{\"outcome\":\"A\"}}",
            ann);
    assertEquals(400, badOrder.statusCode());
    assertEquals("order", ReviewFixture.json(badOrder).get("field").asText());

    String reversed = "[" + task.get("order").get(1) + "," + task.get("order").get(0) + "]";
    HttpResponse<String> notAsShown =
        f.post(
            "/api/submissions",
            "{\"taskId\":\"q1\",\"order\":" + reversed + ",\"answer\":{\"outcome\":\"A\"}}",
            ann);
    assertEquals(400, notAsShown.statusCode());
    assertEquals("order", ReviewFixture.json(notAsShown).get("field").asText());

    HttpResponse<String> unknown =
        f.post(
            "/api/submissions",
            "{\"taskId\":\"q1\",\"order\":[0,1],\"answer\":" + "{\"outcome\":\"A\"},\"score\":3}",
            ann);
    assertEquals(400, unknown.statusCode());
    assertEquals("score", ReviewFixture.json(unknown).get("field").asText());

    HttpResponse<String> noLogin = f.post("/api/login", "{\"tok\":\"x\"}", null);
    assertEquals(400, noLogin.statusCode());
    assertEquals("token", ReviewFixture.json(noLogin).get("field").asText());
    assertEquals(0, f.store.size());
  }

  @Test
  void unknownPathsAre404WrongMethods405AndReviewersCannotReadLeadEndpoints() {
    ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
    assertEquals(404, f.get("/api/nothing", ann).statusCode());
    assertEquals(404, f.get("/etc/passwd", ann).statusCode());
    assertEquals(404, f.get("/../pom.xml", ann).statusCode());
    HttpResponse<String> wrong = f.get("/api/submissions", ann);
    assertEquals(405, wrong.statusCode());
    assertEquals("POST", wrong.headers().firstValue("Allow").orElseThrow());
    assertEquals(405, f.post("/api/tasks/next", "{}", ann).statusCode());
    assertEquals(403, f.get("/api/lead/stats", ann).statusCode());
    assertEquals(403, f.get("/api/lead/export", ann).statusCode());
    assertEquals(401, f.get("/api/lead/stats", null).statusCode());
    ReviewFixture.Login lea = f.login(ReviewFixture.LEA_TOKEN);
    assertEquals(200, f.get("/api/lead/stats", lea).statusCode());
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() {
    ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
    for (HttpResponse<String> r :
        new HttpResponse[] {
          f.get("/api/tasks/next", ann), f.get("/api/nothing", null), f.get("/", null)
        }) {
      String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertTrue(csp.contains("default-src 'self'"), csp);
      assertFalse(csp.contains("unsafe-inline"), csp);
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElseThrow());
      assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElseThrow());
    }
    HttpResponse<String> api = f.get("/api/tasks/next", ann);
    assertEquals("no-store", api.headers().firstValue("Cache-Control").orElseThrow());
    assertTrue(
        api.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    HttpResponse<String> page = f.get("/", null);
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    assertFalse(page.body().contains("<script>"), "the page has no inline script");
    HttpResponse<String> css = f.get("/review.css", null);
    assertTrue(css.headers().firstValue("Content-Type").orElseThrow().startsWith("text/css"));
  }

  @Test
  void anXssPayloadRoundTripsAsDataAndIsNeverMarkupInAResponse() {
    String payload = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    f.server.enqueue(f.task(ReviewFixture.pair("q0-xss", "Say " + payload, payload, "plain")));
    // q1 is older: answer it first so that the XSS item is next
    ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
    JsonNode first = f.next(ann);
    assertEquals(
        200,
        f.post("/api/submissions", ReviewFixture.pairwiseAnswer(first, "B"), ann).statusCode());
    HttpResponse<String> r = f.get("/api/tasks/next", ann);
    assertEquals(200, r.statusCode());
    assertFalse(r.body().contains("<script>"), "the raw body holds no markup: " + r.body());
    assertFalse(r.body().contains("<img"), r.body());
    assertTrue(r.body().contains("\\u003Cscript\\u003E"), r.body());
    JsonNode task = ReviewFixture.json(r);
    assertEquals("q0-xss", task.get("taskId").asText());
    assertEquals("user", task.get("prompt").get(0).get("role").asText());
    assertEquals(
        "Say " + payload,
        task.get("prompt").get(0).get("content").asText(),
        "decoded, it is the data");
    boolean found = false;
    for (JsonNode c : task.get("candidates")) {
      found |= c.get("text").asText().equals(payload);
    }
    assertTrue(found);

    // an unknown path with markup in it is not reflected as markup either
    HttpResponse<String> nf = f.get("/%3Cscript%3Ealert(1)%3C/script%3E", null);
    assertEquals(404, nf.statusCode());
    assertFalse(nf.body().contains("<script>"), nf.body());
  }
}
