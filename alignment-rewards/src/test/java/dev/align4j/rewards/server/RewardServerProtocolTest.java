package dev.align4j.rewards.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.RewardModel;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * OpenRLHF protocol conformance: the request bodies are the shapes OpenRLHF's trainer posts (its
 * {@code SingleTurnAgentExecutor._fetch_rewards_via_http}: {@code {"query": [...], "prompts": [...], "labels":
 * [...]}} serialised by aiohttp's {@code json=}, i.e. Python's {@code json.dumps}; the older
 * {@code remote_rm_fn}: {@code {"query": [...]}}); the response must carry {@code rewards}, {@code scores} and
 * {@code extra_logs} as its client reads them. Expected scores are computed by hand from the test model's formula.
 */
@Timeout(60)
class RewardServerProtocolTest {
  /** Completion length in chars plus prompt length / 1000: every expected value below is computed from this. */
  static final RewardModel LENGTH = (p, c) -> c.text().length() + p.text().length() / 1000.0;

  static ServerFixture fx;

  @BeforeAll
  static void start() {
    fx = new ServerFixture(LENGTH, b -> b.maxWait(java.time.Duration.ZERO));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    fx.close();
  }

  static Set<String> keys(JsonNode n) {
    Set<String> out = new TreeSet<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  static List<Double> doubles(JsonNode array) {
    List<Double> out = new ArrayList<>();
    array.forEach(v -> out.add(v.doubleValue()));
    return out;
  }

  @Test
  void singleTurnPayloadOfOpenRlhfsTrainerGetsRewardsScoresAndExtraLogs() throws Exception {
    // prompt (chat template applied): 12 + 4 + 1 + 12 + 10 + 1 + 12 + 9 + 1 = 62 chars;
    // response "4<|im_end|>": 11 chars
    String pinned =
        "{\"query\": [\"<|im_start|>user\\nWhat is 2+2?<|im_end|>\\n<|im_start|>assistant\\n4<|im_end|>\"],"
            + " \"prompts\": [\"<|im_start|>user\\nWhat is 2+2?<|im_end|>\\n<|im_start|>assistant\\n\"],"
            + " \"labels\": [\"4\"]}";
    ServerFixture.Reply r = fx.post("/get_reward", pinned);
    assertEquals(200, r.status(), r.raw().body());
    assertEquals("application/json", r.header("Content-Type"));
    JsonNode body = r.json();
    assertEquals(Set.of("extra_logs", "rewards", "scores"), keys(body));
    assertEquals(List.of(11 + 62 / 1000.0), doubles(body.get("rewards")));
    assertEquals(doubles(body.get("rewards")), doubles(body.get("scores")));
    assertTrue(body.get("rewards").get(0).isFloatingPointNumber());
    assertTrue(body.get("extra_logs").isObject());
    assertEquals(0, body.get("extra_logs").size());
  }

  @Test
  void batchOfSeveralQueriesAnswersOneRewardPerQueryInOrder() throws Exception {
    String body =
        "{\"query\": [\"Q1 abc\", \"Q22 de\", \"xyz\"], \"prompts\": [\"Q1 \", \"Q22 \", \"Q3\"],"
            + " \"labels\": [\"a\", null, 3]}";
    JsonNode r = fx.post("/get_reward", body).json();
    // "abc" + prompt 3 chars; "de" + 4; "Q3" not in "xyz": whole query, prompt "Q3" (2 chars)
    assertEquals(List.of(3.003, 2.004, 3.002), doubles(r.get("rewards")));
  }

  @Test
  void legacyQueryOnlyPayloadScoresTheWholeQuery() throws Exception {
    JsonNode r = fx.post("/get_reward", "{\"query\": [\"hello world\"]}").json();
    assertEquals(List.of(11.0), doubles(r.get("rewards")));
  }

  @Test
  void emptyShardOfAMultiEndpointTrainerGetsEmptyLists() throws Exception {
    // with several --reward.remote_url endpoints and one sample, OpenRLHF posts empty lists
    // to the other endpoints
    ServerFixture.Reply r =
        fx.post("/get_reward", "{\"query\": [], \"prompts\": [], \"labels\": []}");
    assertEquals(200, r.status());
    assertEquals(0, r.json().get("rewards").size());
    assertEquals(0, r.json().get("scores").size());
  }

  @Test
  void align4jScoreEndpoint() throws Exception {
    ServerFixture.Reply r =
        fx.post(
            "/v1/score",
            "{\"items\": [{\"prompt\": \"ab\", \"response\": \"12345\"}, {\"prompt\": \"\", \"response\": \"\"}]}");
    assertEquals(200, r.status());
    assertEquals(Set.of("scores"), keys(r.json()));
    assertEquals(List.of(5.002, 0.0), doubles(r.json().get("scores")));
  }

  @Test
  void healthAndMetrics() throws Exception {
    ServerFixture.Reply h = fx.get("/health");
    assertEquals(200, h.status());
    assertEquals("ok", h.json().get("status").asText());
    fx.post("/get_reward", "{\"query\": [\"a\", \"b\"]}");
    JsonNode m = fx.get("/metrics").json();
    assertTrue(m.get("scoring_requests").asLong() >= 1);
    assertTrue(m.get("items_scored").asLong() >= 2);
    assertTrue(m.get("responses_by_status").get("200").asLong() >= 2);
    for (String k :
        List.of(
            "latency_p50_ms", "latency_p99_ms", "queued_items", "mean_batch_items", "batches")) {
      assertNotNull(m.get(k), k);
    }
  }

  @Test
  void malformedPayloadsAre400sNamingTheField() throws Exception {
    assertError("/get_reward", "{not json", 400, "not valid JSON");
    assertError("/get_reward", "", 400, "empty");
    assertError("/get_reward", "[1, 2]", 400, "JSON object, got array");
    assertError("/get_reward", "{\"prompts\": [\"a\"]}", 400, "\"query\" is missing");
    assertError(
        "/get_reward", "{\"query\": \"one string\"}", 400, "\"query\" must be a list, got string");
    assertError(
        "/get_reward", "{\"query\": [\"a\", 7]}", 400, "query[1] must be a string, got number");
    assertError(
        "/get_reward",
        "{\"query\": [\"a\"], \"prompts\": [\"a\", \"b\"]}",
        400,
        "\"prompts\" has 2");
    assertError(
        "/get_reward",
        "{\"query\": [\"a\"], \"prompts\": [3]}",
        400,
        "prompts[0] must be a string");
    assertError(
        "/get_reward", "{\"query\": [\"a\"], \"labels\": {}}", 400, "\"labels\" must be a list");
    assertError(
        "/get_reward", "{\"query\": [\"a\"], \"query\": [\"b\"]}", 400, "Duplicate field 'query'");
    assertError("/get_reward", "{\"query\": [\"a\"]} trailing", 400, "not valid JSON");
    assertError(
        "/v1/score", "{\"items\": [{\"prompt\": \"p\"}]}", 400, "items[0].response is missing");
    assertError("/v1/score", "{\"items\": [\"x\"]}", 400, "items[0] must be an object");
    assertError("/v1/score", "{}", 400, "\"items\" is missing");
  }

  @Test
  void wrongMethodAndUnknownPath() throws Exception {
    ServerFixture.Reply r = fx.get("/get_reward");
    assertEquals(405, r.status());
    assertEquals("POST", r.header("Allow"));
    assertEquals(404, fx.post("/nope", "{}").status());
    assertTrue(fx.post("/nope", "{}").json().get("error").asText().contains("/get_reward"));
  }

  @Test
  void bodyOverTheLimitIs413() throws Exception {
    try (ServerFixture small =
        new ServerFixture(LENGTH, b -> b.maxBodyBytes(100).maxItemsPerRequest(3))) {
      String big = "{\"query\": [\"" + "x".repeat(200) + "\"]}";
      ServerFixture.Reply r = small.post("/get_reward", big);
      assertEquals(413, r.status());
      assertTrue(r.json().get("error").asText().contains("limit is 100 bytes"), r.raw().body());
      // chunked upload (no Content-Length): refused while reading
      HttpRequest chunked =
          small
              .request("/get_reward")
              .POST(
                  HttpRequest.BodyPublishers.ofInputStream(
                      () ->
                          new java.io.ByteArrayInputStream(
                              big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
              .build();
      assertEquals(413, small.send(chunked).status());
      ServerFixture.Reply many =
          small.post("/get_reward", "{\"query\": [\"a\", \"b\", \"c\", \"d\"]}");
      assertEquals(413, many.status());
      assertTrue(many.json().get("error").asText().contains("4 items; the limit is 3"));
      assertEquals(200, small.post("/get_reward", "{\"query\": [\"a\"]}").status());
    }
  }

  @Test
  void bearerTokenIsRequiredAndNeverEchoed() throws Exception {
    String token = "s3cret-token-value";
    try (ServerFixture secured = new ServerFixture(LENGTH, b -> b.bearerToken(token))) {
      String body = "{\"query\": [\"abc\"]}";
      ServerFixture.Reply none = secured.post("/get_reward", body);
      assertEquals(401, none.status());
      assertTrue(none.header("WWW-Authenticate").startsWith("Bearer"));
      ServerFixture.Reply wrong =
          secured.post("/get_reward", body, "Authorization", "Bearer s3cret-token-valuX");
      assertEquals(401, wrong.status());
      assertFalse(wrong.raw().body().contains("s3cret"), wrong.raw().body());
      assertEquals(
          401,
          secured.post("/get_reward", body, "Authorization", "Bearer " + token + "x").status());
      assertEquals(
          401, secured.post("/get_reward", body, "Authorization", "Basic " + token).status());
      assertEquals(
          200, secured.post("/get_reward", body, "Authorization", "Bearer " + token).status());
      assertEquals(
          200, secured.post("/get_reward", body, "Authorization", "bearer " + token).status());
      assertEquals(200, secured.post("/get_reward", body, "X-Api-Key", token).status());
      assertEquals(401, secured.get("/metrics").status());
      assertEquals(200, secured.get("/metrics", "Authorization", "Bearer " + token).status());
      assertEquals(200, secured.get("/health").status());
      assertFalse(secured.server.toString().contains(token), secured.server.toString());
      assertTrue(secured.server.toString().contains("bearer-token"));
    }
  }

  private static void assertError(String path, String body, int status, String fragment)
      throws Exception {
    ServerFixture.Reply r = fx.post(path, body);
    assertEquals(status, r.status(), body + " -> " + r.raw().body());
    String msg = r.json().get("error").asText();
    assertTrue(msg.contains(fragment), body + " -> " + msg);
  }
}
