package dev.align4j.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A small OpenAI-compatible chat-completions server on 127.0.0.1 (an ephemeral port) for tests: each POST to
 * {@code /v1/chat/completions} is answered by {@code handler}, which sees the parsed request body. Records every
 * request body and {@code Authorization} header. Closing stops it at once.
 */
final class FakeOpenAiServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One answer: an HTTP status and a body. */
  record Reply(int status, String body) {}

  private final HttpServer server;
  final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  FakeOpenAiServer(Function<JsonNode, Reply> handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/v1/chat/completions", ex -> handle(ex, handler));
    server.start();
  }

  private void handle(HttpExchange ex, Function<JsonNode, Reply> handler) throws IOException {
    try (ex) {
      JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
      requests.add(body);
      authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      Reply r = handler.apply(body);
      byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(r.status(), bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The base URL to give {@code OpenAiChatModel.builder().baseUrl(...)}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** The content of the last user message of a request body. */
  static String lastUserContent(JsonNode request) {
    String out = "";
    for (JsonNode m : request.get("messages")) {
      if ("user".equals(m.get("role").asText())) {
        out = m.get("content").asText();
      }
    }
    return out;
  }

  /**
   * A chat-completion body answering {@code content}; with {@code logProbs} (token → [logprob, then alternating
   * alternative token and logprob...]) a {@code logprobs.content} array too.
   */
  static Reply completion(String content, Map<String, Object[]> logProbs, List<String> tokenOrder) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-test")
        .put("object", "chat.completion")
        .put("created", 1_700_000_000L)
        .put("model", "judge-test");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", content);
    if (!tokenOrder.isEmpty()) {
      ArrayNode tokens = choice.putObject("logprobs").putArray("content");
      for (String t : tokenOrder) {
        Object[] spec = logProbs.get(t);
        ObjectNode tok = tokens.addObject().put("token", t).put("logprob", (Double) spec[0]);
        tok.putNull("bytes");
        ArrayNode top = tok.putArray("top_logprobs");
        for (int i = 1; i + 1 < spec.length; i += 2) {
          top.addObject()
              .put("token", (String) spec[i])
              .put("logprob", (Double) spec[i + 1])
              .putNull("bytes");
        }
      }
    } else {
      choice.putNull("logprobs");
    }
    root.putObject("usage")
        .put("prompt_tokens", 50)
        .put("completion_tokens", 3)
        .put("total_tokens", 53);
    return new Reply(200, root.toString());
  }

  /** An OpenAI-style error body with {@code status}. */
  static Reply error(int status, String type, String message) {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("error")
        .put("message", message)
        .put("type", type)
        .putNull("param")
        .put("code", type);
    return new Reply(status, root.toString());
  }
}
