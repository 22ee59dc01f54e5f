package dev.align4j.benchmarks.feedback;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A chat-completions endpoint on 127.0.0.1 that answers every call after a fixed latency with a pairwise verdict
 * ("Verdict: 1" with log-probs), standing in for a remote judge.
 */
final class LocalJudgeEndpoint implements AutoCloseable {
  private static final byte[] ANSWER = ("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"Verdict: 1\"},\"finish_reason\":\"stop\","
      + "\"logprobs\":{\"content\":[{\"token\":\"Verdict\",\"logprob\":-0.01,\"top_logprobs\":[]},"
      + "{\"token\":\":\",\"logprob\":-0.01,\"top_logprobs\":[]},{\"token\":\" 1\",\"logprob\":-0.2,"
      + "\"top_logprobs\":[{\"token\":\" 1\",\"logprob\":-0.2},{\"token\":\" 2\",\"logprob\":-1.8}]}]}}],"
      + "\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":3}}").getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService pool;
  private final long latencyMillis;
  final AtomicLong calls = new AtomicLong();

  LocalJudgeEndpoint(long latencyMillis, int threads) throws IOException {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and the client's
    // delayed ACK add up to 40 ms to a call — an artefact of this stand-in server, not of real endpoints.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.latencyMillis = latencyMillis;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    this.pool = Executors.newFixedThreadPool(threads);
    server.setExecutor(pool);
    server.createContext("/v1/chat/completions", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  private void handle(HttpExchange ex) throws IOException {
    ex.getRequestBody().readAllBytes();
    calls.incrementAndGet();
    try {
      Thread.sleep(latencyMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, ANSWER.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(ANSWER);
    }
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
