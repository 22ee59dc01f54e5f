package dev.align4j.rewards.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes, authenticates, parses and answers the reward server's requests. A scoring request is queued on the
 * {@link ScoringBatcher}; its response is written by the thread that scored it, as soon as its scores exist.
 */
final class RewardHttpHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RewardHttpHandler.class);
  private static final JsonFactory FACTORY = new JsonFactory();

  static final String OPENRLHF_PATH = "/get_reward";
  static final String SCORE_PATH = "/v1/score";
  static final String HEALTH_PATH = "/health";
  static final String METRICS_PATH = "/metrics";

  private final RewardServer server;
  private final ScoringBatcher batcher;
  private final MetricsRecorder metrics;
  private final byte @Nullable [] tokenDigest;
  private final int maxBodyBytes;
  private final ScoringRequestReader reader;

  RewardHttpHandler(
      RewardServer server,
      ScoringBatcher batcher,
      MetricsRecorder metrics,
      byte @Nullable [] tokenDigest,
      int maxBodyBytes,
      int maxItems,
      QuerySplitter splitter) {
    this.server = server;
    this.batcher = batcher;
    this.metrics = metrics;
    this.tokenDigest = tokenDigest == null ? null : tokenDigest.clone();
    this.maxBodyBytes = maxBodyBytes;
    this.reader = new ScoringRequestReader(maxItems, splitter);
  }

  String authDescription() {
    return tokenDigest == null ? "no authentication" : "bearer-token authentication";
  }

  @Override
  public void handle(HttpExchange ex) {
    server.requestStarted();
    long t0 = System.nanoTime();
    try {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      switch (path == null ? "" : path) {
        case HEALTH_PATH -> {
          requireMethod(method, "GET");
          boolean draining = server.refusing();
          respond(
              ex,
              draining ? 503 : 200,
              json(g -> g.writeStringField("status", draining ? "draining" : "ok")));
        }
        case METRICS_PATH -> {
          requireMethod(method, "GET");
          authenticate(ex);
          respond(ex, 200, metricsJson(server.metrics()));
        }
        case OPENRLHF_PATH, SCORE_PATH -> {
          requireMethod(method, "POST");
          if (server.refusing()) {
            throw new HttpRefusal(503, "the reward server is shutting down", 1, null);
          }
          authenticate(ex);
          byte[] body = readBody(ex);
          boolean openRlhf = path.equals(OPENRLHF_PATH);
          List<RewardInput> items = openRlhf ? reader.openRlhf(body) : reader.scoreItems(body);
          batcher.submit(items, (s, err) -> answer(ex, t0, openRlhf, s, err));
          return; // answered when the scores arrive, by whichever thread scored them
        }
        default ->
            throw new HttpRefusal(
                404,
                "no endpoint at "
                    + path
                    + "; the reward server serves POST "
                    + OPENRLHF_PATH
                    + ", POST "
                    + SCORE_PATH
                    + ", GET "
                    + HEALTH_PATH
                    + " and GET "
                    + METRICS_PATH);
      }
      finish(ex);
    } catch (HttpRefusal r) {
      refuse(ex, r);
      finish(ex);
    } catch (RuntimeException | IOException e) {
      LOG.error(
          "reward server: unexpected failure handling {} {}",
          ex.getRequestMethod(),
          ex.getRequestURI(),
          e);
      refuse(ex, new HttpRefusal(500, "internal error: " + e.getClass().getSimpleName(), 0, e));
      finish(ex);
    }
  }

  private void answer(
      HttpExchange ex, long t0, boolean openRlhf, double @Nullable [] s, @Nullable Throwable err) {
    try {
      if (err != null) {
        Throwable cause =
            err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        refuse(
            ex,
            cause instanceof HttpRefusal
                ? (HttpRefusal) cause
                : new HttpRefusal(
                    500, "scoring failed: " + cause.getClass().getSimpleName(), 0, cause));
      } else {
        double[] scores = s == null ? new double[0] : s;
        respond(ex, 200, openRlhf ? openRlhfJson(scores) : scoresJson(scores));
        metrics.latency(System.nanoTime() - t0);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("reward server: could not write a scoring response", e);
    } finally {
      finish(ex);
    }
  }

  private void finish(HttpExchange ex) {
    ex.close();
    server.requestFinished();
  }

  // ---- requests

  private static void requireMethod(String method, String allowed) {
    if (!method.equalsIgnoreCase(allowed)) {
      throw new HttpRefusal(405, "method " + method + " is not allowed here; use " + allowed);
    }
  }

  private void authenticate(HttpExchange ex) {
    if (tokenDigest == null) {
      return;
    }
    String presented = null;
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      presented = auth.substring(7).trim();
    }
    if (presented == null || presented.isEmpty()) {
      presented = ex.getRequestHeaders().getFirst("X-Api-Key");
    }
    if (presented == null
        || presented.isEmpty()
        || !MessageDigest.isEqual(tokenDigest, RewardServer.sha256(presented))) {
      throw new HttpRefusal(
          401,
          presented == null || presented.isEmpty()
              ? "authentication required: send Authorization: Bearer <token>"
              : "the bearer token is not valid");
    }
  }

  /**
   * The request body as one array: of the declared {@code Content-Length} when there is one (read straight into an
   * array of that size), else read up to {@code maxBodyBytes}; 413 beyond, 400 when empty.
   */
  private byte[] readBody(HttpExchange ex) throws IOException {
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    long length = declared == null ? -1 : parseLength(declared);
    if (length > maxBodyBytes) {
      throw tooLarge(length + " bytes");
    }
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      if (length >= 0) {
        body = new byte[(int) length];
        for (int at = 0; at < body.length; ) {
          int n = in.read(body, at, body.length - at);
          if (n < 0) {
            throw new HttpRefusal(
                400,
                "the request body ended after "
                    + at
                    + " of the "
                    + length
                    + " bytes its Content-Length declares");
          }
          at += n;
        }
      } else {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(8192);
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) > 0) {
          if (buf.size() + n > maxBodyBytes) {
            throw tooLarge("more than " + maxBodyBytes + " bytes");
          }
          buf.write(chunk, 0, n);
        }
        body = buf.toByteArray();
      }
    }
    if (body.length == 0) {
      throw new HttpRefusal(400, "the request body is empty; send a JSON object");
    }
    return body;
  }

  private HttpRefusal tooLarge(String size) {
    return new HttpRefusal(
        413, "the request body is " + size + "; the limit is " + maxBodyBytes + " bytes");
  }

  private static long parseLength(String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  // ---- responses

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] json(Body body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      body.write(g);
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  /**
   * {@code {"rewards":[...],"scores":[...],"extra_logs":{}}}, built as text and encoded once into an array of the
   * exact length. Each score is written as {@link Double#toString(double)} (the text Jackson's generator writes, which
   * reads back to the same double); scores are finite (checked by the batcher), so every one is a JSON number.
   */
  static byte[] openRlhfJson(double[] scores) {
    StringBuilder sb = new StringBuilder(48 + 48 * scores.length);
    sb.append("{\"rewards\":");
    appendArray(sb, scores);
    sb.append(",\"scores\":");
    appendArray(sb, scores);
    sb.append(",\"extra_logs\":{}}");
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code {"scores":[...]}}, as {@link #openRlhfJson}. */
  static byte[] scoresJson(double[] scores) {
    StringBuilder sb = new StringBuilder(16 + 24 * scores.length);
    sb.append("{\"scores\":");
    appendArray(sb, scores);
    sb.append('}');
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void appendArray(StringBuilder sb, double[] values) {
    sb.append('[');
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(values[i]);
    }
    sb.append(']');
  }

  static byte[] metricsJson(RewardServerMetrics m) throws IOException {
    return json(
        g -> {
          g.writeObjectFieldStart("responses_by_status");
          for (Map.Entry<Integer, Long> e : m.responsesByStatus().entrySet()) {
            g.writeNumberField(Integer.toString(e.getKey()), e.getValue());
          }
          g.writeEndObject();
          g.writeNumberField("scoring_requests", m.scoringRequests());
          g.writeNumberField("items_scored", m.itemsScored());
          g.writeNumberField("batches", m.batches());
          g.writeNumberField("mean_batch_items", m.meanBatchItems());
          g.writeNumberField("max_batch_items", m.maxBatchItems());
          g.writeNumberField("model_failures", m.modelFailures());
          g.writeNumberField("queued_requests", m.queuedRequests());
          g.writeNumberField("queued_items", m.queuedItems());
          g.writeNumberField("in_flight_requests", m.inFlightRequests());
          g.writeNumberField("latency_p50_ms", m.latencyP50Millis());
          g.writeNumberField("latency_p90_ms", m.latencyP90Millis());
          g.writeNumberField("latency_p99_ms", m.latencyP99Millis());
          g.writeNumberField("latency_max_ms", m.latencyMaxMillis());
          g.writeBooleanField("draining", m.draining());
        });
  }

  private void respond(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
    metrics.response(status);
  }

  private void refuse(HttpExchange ex, HttpRefusal r) {
    try {
      if (r.retryAfterSeconds() > 0) {
        ex.getResponseHeaders().set("Retry-After", Long.toString(r.retryAfterSeconds()));
      }
      if (r.status() == 401) {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"align4j-reward-server\"");
      }
      if (r.status() == 405) {
        String path = ex.getRequestURI().getPath();
        boolean read = HEALTH_PATH.equals(path) || METRICS_PATH.equals(path);
        ex.getResponseHeaders().set("Allow", read ? "GET" : "POST");
      }
      if (r.status() == 413 || r.status() == 503) {
        ex.getResponseHeaders().set("Connection", "close"); // an unread body is not drained
      }
      respond(ex, r.status(), json(g -> g.writeStringField("error", r.getMessage())));
    } catch (IOException | RuntimeException e) {
      LOG.debug("reward server: could not send a {} response", r.status(), e);
    }
  }
}
