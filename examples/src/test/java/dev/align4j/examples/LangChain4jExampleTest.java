package dev.align4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LangChain4jExampleTest {

  private static String print(LangChain4jExample.Result r) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    LangChain4jExample.print(r, new PrintStream(buf, true, StandardCharsets.UTF_8));
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theOfflineStandInRunsEveryStepAndSaysItIsAStandIn() {
    LangChain4jExample.Result r = LangChain4jExample.run(Map.of());
    assertTrue(r.standIn());
    // the stand-in judge prefers the apologising answer in both orders: hard verdicts, p = 1
    assertEquals(List.of(1.0, 1.0), r.judgeProbabilityA());
    assertEquals(List.of("verdict", "verdict"), r.softLabelSource());
    assertEquals(
        4, r.logProbFallbacks(), "2 pairs x 2 orders, no log-probabilities from the stand-in");
    // best-of-4 over the four canned answers returns a helpful one, the highest reward
    assertEquals(4, r.bestOfNScores().size());
    double max = r.bestOfNScores().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    assertEquals(max, r.bestOfNScores().get(r.bestOfNChosen()));
    assertTrue(r.bestOfNAnswer().contains("refunded"), r.bestOfNAnswer());
    assertTrue(r.guardedAnswer().contains("refunded"), r.guardedAnswer());
    assertTrue(
        r.guardrailFailure().contains("support-reward scored")
            && r.guardrailFailure().contains("1000.0000"),
        r.guardrailFailure());
    assertTrue(print(r).contains("OFFLINE STAND-IN"));
  }

  /**
   * With {@code ALIGN4J_OPENAI_BASE_URL} set, the example talks to that endpoint through LangChain4j's
   * {@code OpenAiChatModel}: here an OpenAI-compatible server on 127.0.0.1 that judges with log-probabilities
   * (p = 0.9 for the apologising answer) and answers questions with four canned answers in turn.
   */
  @Test
  void withAnEndpointTheExampleUsesItAndNeverPrintsTheKey() throws Exception {
    String key = "sk-example-secret-0123456789";
    ObjectMapper json = new ObjectMapper();
    AtomicInteger turn = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext(
        "/v1/chat/completions",
        ex -> {
          try (ex) {
            JsonNode req = json.readTree(ex.getRequestBody().readAllBytes());
            JsonNode messages = req.get("messages");
            String user = messages.get(messages.size() - 1).get("content").asText();
            ObjectNode root =
                json.createObjectNode()
                    .put("id", "x")
                    .put("object", "chat.completion")
                    .put("created", 1)
                    .put("model", "served-model");
            ObjectNode choice =
                root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
            if (user.contains("[[RESPONSE 1 #")) {
              int open = user.indexOf("]]\n", user.indexOf("[[RESPONSE 1 #")) + 3;
              String first =
                  user.substring(open, user.indexOf("\n[[END RESPONSE 1 #", open))
                      .toLowerCase(Locale.ROOT);
              String v = first.contains("sorry") || first.contains("apolog") ? "1" : "2";
              String loser = v.equals("1") ? "2" : "1";
              choice.putObject("message").put("role", "assistant").put("content", "Verdict: " + v);
              ArrayNode content = choice.putObject("logprobs").putArray("content");
              content
                  .addObject()
                  .put("token", "Verdict: ")
                  .put("logprob", -0.01)
                  .putArray("top_logprobs");
              ArrayNode top =
                  content
                      .addObject()
                      .put("token", v)
                      .put("logprob", Math.log(0.9))
                      .putArray("top_logprobs");
              top.addObject().put("token", v).put("logprob", Math.log(0.9));
              top.addObject().put("token", loser).put("logprob", Math.log(0.09));
            } else {
              String[] answers = {
                "Sorry for the delay; it arrives tomorrow and I refunded the shipping fee.",
                "Check the website.",
                "I apologise: I refunded the delivery cost and escalated it.",
                "Wait."
              };
              choice
                  .putObject("message")
                  .put("role", "assistant")
                  .put("content", answers[turn.getAndIncrement() % answers.length]);
              choice.putNull("logprobs");
            }
            byte[] body = root.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
      LangChain4jExample.Result r =
          LangChain4jExample.run(
              Map.of(
                  "ALIGN4J_OPENAI_BASE_URL",
                  url,
                  "ALIGN4J_OPENAI_API_KEY",
                  key,
                  "ALIGN4J_OPENAI_MODEL",
                  "served-model"));
      assertFalse(r.standIn());
      assertEquals("served-model", r.model());
      assertEquals(List.of("logprobs", "logprobs"), r.softLabelSource());
      assertEquals(
          0.9 / 0.99, r.judgeProbabilityA().get(0), 1e-12, "normalised over the two answer tokens");
      assertEquals(0, r.logProbFallbacks());
      assertTrue(r.bestOfNAnswer().contains("refunded"), r.bestOfNAnswer());
      String printed = print(r);
      assertTrue(
          printed.contains("served-model")
              && !printed.contains(key)
              && !printed.contains("STAND-IN"),
          printed);
    } finally {
      server.stop(0);
    }
  }
}
