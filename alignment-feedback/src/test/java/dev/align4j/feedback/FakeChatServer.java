package dev.align4j.feedback;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local chat-completions server on 127.0.0.1 (real sockets) whose answers a test scripts: delays, status codes with
 * {@code Retry-After}, dropped connections, malformed JSON, refusals, verdict texts and log-probs.
 */
public final class FakeChatServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to do with one request. */
  public interface Behaviour {
    Reply reply(int callNumber, JsonNode body, HttpExchange exchange) throws Exception;
  }

  /** A scripted reply. */
  public static final class Reply {
    final int status;
    final String body;
    final Map<String, String> headers;
    final long delayMillis;
    final boolean drop;

    private Reply(int status, String body, Map<String, String> headers, long delayMillis, boolean drop) {
      this.status = status;
      this.body = body;
      this.headers = headers;
      this.delayMillis = delayMillis;
      this.drop = drop;
    }

    public static Reply json(String body) {
      return new Reply(200, body, Map.of(), 0, false);
    }

    public static Reply status(int status, String body) {
      return new Reply(status, body, Map.of(), 0, false);
    }

    public static Reply status(int status, String body, Map<String, String> headers) {
      return new Reply(status, body, headers, 0, false);
    }

    public static Reply drop() {
      return new Reply(0, "", Map.of(), 0, true);
    }

    public Reply after(long millis) {
      return new Reply(status, body, headers, millis, drop);
    }
  }

  private final HttpServer server;
  private final ExecutorService pool;
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  public final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
  public final List<String> authorizations = new CopyOnWriteArrayList<>();
  public final List<Long> arrivalNanos = new CopyOnWriteArrayList<>();
  private volatile Behaviour behaviour;

  public FakeChatServer(Behaviour behaviour) throws IOException {
    this(behaviour, 16);
  }

  public FakeChatServer(Behaviour behaviour, int threads) throws IOException {
    this.behaviour = behaviour;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    this.pool = Executors.newFixedThreadPool(threads);
    server.setExecutor(pool);
    server.createContext("/v1/chat/completions", this::handle);
    server.start();
  }

  public void behaviour(Behaviour b) {
    this.behaviour = b;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public int calls() {
    return calls.get();
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      arrivalNanos.add(System.nanoTime());
      int n = calls.incrementAndGet();
      byte[] in = ex.getRequestBody().readAllBytes();
      JsonNode body = JSON.readTree(in);
      bodies.add(body);
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth == null ? "" : auth);
      Reply r;
      try {
        r = behaviour.reply(n, body, ex);
      } catch (Exception e) {
        r = Reply.status(500, "{\"error\":\"test behaviour failed: " + e + "\"}");
      }
      if (r.delayMillis > 0) {
        try {
          Thread.sleep(r.delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (r.drop) {
        ex.getRequestBody().close();
        ex.close();
        return;
      }
      byte[] out = r.body.getBytes(StandardCharsets.UTF_8);
      r.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(r.status, out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
      ex.close();
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** A chat-completions answer with {@code text} and no log-probs. */
  public static String answer(String text) {
    return answer(text, null);
  }

  /**
   * An answer whose content is {@code text}; when {@code logprobs} is given, the content is one token per entry of
   * {@code tokens} with the top alternatives {@code logprobs[i]} (token → log-prob), the chosen token first.
   */
  public static String answer(String text, List<Map.Entry<String, Map<String, Double>>> logprobs) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-test");
    root.put("object", "chat.completion");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode msg = choice.putObject("message");
    msg.put("role", "assistant");
    msg.put("content", text);
    choice.put("finish_reason", "stop");
    if (logprobs != null) {
      ArrayNode content = choice.putObject("logprobs").putArray("content");
      for (Map.Entry<String, Map<String, Double>> t : logprobs) {
        ObjectNode tok = content.addObject();
        tok.put("token", t.getKey());
        tok.put("logprob", t.getValue().get(t.getKey()));
        ArrayNode top = tok.putArray("top_logprobs");
        t.getValue().forEach((k, v) -> top.addObject().put("token", k).put("logprob", v));
      }
    }
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", 10);
    usage.put("completion_tokens", 3);
    return root.toString();
  }

  /** A refusal answer (OpenAI structured refusal). */
  public static String refusal(String why) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode msg = root.putArray("choices").addObject().putObject("message");
    msg.put("role", "assistant");
    msg.putNull("content");
    msg.put("refusal", why);
    return root.toString();
  }

  /** The last user message of a request body. */
  public static String lastUser(JsonNode body) {
    JsonNode msgs = body.path("messages");
    for (int i = msgs.size() - 1; i >= 0; i--) {
      if (msgs.get(i).path("role").asText().equals("user")) {
        return msgs.get(i).path("content").asText();
      }
    }
    return "";
  }

  /** The text of block {@code name} (e.g. "RESPONSE 1") in a judge prompt. */
  public static String block(String prompt, String name) {
    int start = prompt.indexOf("[[" + name + " #");
    if (start < 0) {
      return "";
    }
    int open = prompt.indexOf("]]\n", start) + 3;
    int end = prompt.indexOf("\n[[END " + name + " #", open);
    return end < 0 ? "" : prompt.substring(open, end);
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
