package dev.align4j.rewards.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.RewardModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A started reward server on 127.0.0.1 with a free port, its executor and an HTTP client; closes all three. */
final class ServerFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final ExecutorService pool;
  final RewardServer server;
  final URI base;
  final HttpClient client;

  ServerFixture(RewardModel model, UnaryOperator<RewardServer.Builder> settings) {
    this(model, settings, 16);
  }

  ServerFixture(RewardModel model, UnaryOperator<RewardServer.Builder> settings, int threads) {
    pool = Executors.newFixedThreadPool(threads);
    server = settings.apply(RewardServer.builder().model(model).executor(pool).port(0)).build();
    server.start();
    base = server.baseUri();
    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A response: status, a header, the body parsed as JSON. */
  record Reply(int status, HttpResponse<String> raw) {
    JsonNode json() throws IOException {
      return JSON.readTree(raw.body());
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
  }

  Reply post(String path, String body, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  Reply get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = request(path).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  Reply send(HttpRequest r) throws IOException, InterruptedException {
    HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
    return new Reply(resp.statusCode(), resp);
  }

  @Override
  public void close() throws InterruptedException {
    server.close();
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }
}
