package dev.align4j.rewards.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.io.RewardModelFiles;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.train.OptimizerSettings;
import dev.align4j.rewards.train.RewardModelTrainer;
import dev.align4j.rewards.train.TrainingSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runnable jar ({@code alignment-rewards-<version>-server.jar}, classifier {@code server}) run exactly as
 * the README says: {@code java -jar <jar> --model <saved model> --port 0} as a subprocess. Run by the failsafe plugin
 * after {@code package} ({@code integration-test}/{@code verify}), which passes the jar's path as the system property
 * {@value #JAR_PROPERTY}. It trains and saves a small model, waits for {@code /health}, posts an OpenRLHF-shaped
 * {@code /get_reward} request, compares the rewards with the reloaded model's in-process scores (exactly: the JSON
 * carries every double's shortest round-trip form), checks that the server listens on the loopback address only, then
 * stops it with SIGTERM and checks the graceful exit: the drain logged and the JVM's exit status for a SIGTERM that ran
 * its shutdown hooks (143 = 128 + 15). Also the jar's documented exit codes: 0 after {@code --help}, 2 for a bad
 * command line, 1 for a missing model file. Every wait is bounded; the processes are killed in any case.
 */
class RewardServerJarIT {
  /** The system property holding the path of the runnable jar (set by the failsafe plugin in the module's pom). */
  static final String JAR_PROPERTY = "align4j.rewards.serverJar";

  private static final Prompt Q = Prompt.of("Q: where is my parcel? ");

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void theRunnableJarServesASavedModelOverOpenRlhfAndStopsGracefullyOnSigterm(@TempDir Path dir)
      throws Exception {
    assumeFalse(
        System.getProperty("os.name", "").startsWith("Windows"),
        "SIGTERM and its exit status 143 are POSIX; Process.destroy() on Windows terminates at once");
    Path jar = jar();

    FeatureRewardModel trained = trainSmallModel();
    Path file = dir.resolve("support.rm");
    RewardModelFiles.save(trained, file);
    FeatureRewardModel loaded = RewardModelFiles.load(file);

    Path log = dir.resolve("server.stderr");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--model",
                file.toString(),
                "--port",
                "0")
            .redirectError(log.toFile())
            .start();
    try {
      URI base = awaitAnnouncedUri(p, log);
      assertEquals("127.0.0.1", base.getHost(), "the default bind address is loopback: " + base);
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      awaitHealthy(client, base, p, log);
      assertLoopbackOnly(base.getPort());

      List<String> responses =
          List.of(
              "Sorry for the wait! Here is your tracking link.",
              "Not my problem.",
              "Thanks for asking, your parcel arrives tomorrow.",
              "go away");
      ObjectNode body = ServerFixture.JSON.createObjectNode();
      ArrayNode query = body.putArray("query");
      ArrayNode prompts = body.putArray("prompts");
      ArrayNode labels = body.putArray("labels");
      for (String r : responses) {
        query.add(Q.text() + r);
        prompts.add(Q.text());
        labels.addNull();
      }
      HttpResponse<String> reply =
          client.send(
              HttpRequest.newBuilder(base.resolve("/get_reward"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, reply.statusCode(), reply.body());
      JsonNode json = ServerFixture.JSON.readTree(reply.body());
      List<Completion> completions = responses.stream().map(Completion::of).toList();
      double[] inProcess = loaded.scoreAll(Q, completions);
      double[] original = trained.scoreAll(Q, completions);
      assertEquals(responses.size(), json.get("rewards").size(), reply.body());
      assertEquals(responses.size(), json.get("scores").size(), reply.body());
      assertTrue(json.get("extra_logs").isObject(), reply.body());
      for (int i = 0; i < responses.size(); i++) {
        assertEquals(original[i], inProcess[i], 0.0, "save and load changed item " + i);
        assertEquals(
            inProcess[i], json.get("rewards").get(i).doubleValue(), 0.0, "rewards[" + i + "]");
        assertEquals(
            inProcess[i], json.get("scores").get(i).doubleValue(), 0.0, "scores[" + i + "]");
      }
      // the model was trained, so the server's ranking is the trained one
      assertTrue(inProcess[0] > inProcess[1] && inProcess[2] > inProcess[3], reply.body());

      p.destroy(); // SIGTERM on Unix: the shutdown hook drains the server
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server did not stop within 30 s of SIGTERM");
      assertEquals(143, p.exitValue(), "exit status after SIGTERM; stderr:\n" + read(log));
      String stderr = read(log);
      assertTrue(stderr.contains("reward server stopped after draining"), stderr);
      assertTrue(!stderr.contains("Exception"), stderr);
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theJarPrintsItsUsageAndExitsWithTheDocumentedCodes(@TempDir Path dir) throws Exception {
    Path jar = jar();
    Result help = runToEnd(dir, jar.toString(), "--help");
    assertEquals(0, help.exit(), help.toString());
    assertTrue(help.stdout().contains("--model <file>"), help.toString());
    Result bad = runToEnd(dir, jar.toString(), "--port", "eighty");
    assertEquals(2, bad.exit(), bad.toString());
    assertTrue(bad.stderr().startsWith("error: option --model is required"), bad.toString());
    Result missing =
        runToEnd(dir, jar.toString(), "--model", dir.resolve("none.rm").toString(), "--port", "0");
    assertEquals(1, missing.exit(), missing.toString());
    assertTrue(missing.stderr().contains("does not exist"), missing.toString());
  }

  /** What a process that ran to its end printed, and its exit status. */
  private record Result(int exit, String stdout, String stderr) {}

  private static Result runToEnd(Path dir, String jar, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar);
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not exit within 60 s: " + cmd);
      return new Result(p.exitValue(), read(out), read(err));
    } finally {
      p.destroyForcibly();
    }
  }

  private static Path jar() {
    String jarPath = System.getProperty(JAR_PROPERTY);
    assertNotNull(
        jarPath, "system property " + JAR_PROPERTY + " is not set: run this test with failsafe");
    Path jar = Path.of(jarPath);
    assertTrue(Files.isRegularFile(jar), "no runnable jar at " + jar + ": run it after package");
    return jar;
  }

  /** A hashed n-gram model trained on a small, seeded preference set (polite answers over rude ones). */
  private static FeatureRewardModel trainSmallModel() {
    Provenance who = Provenance.human("jar-it", Instant.EPOCH);
    List<PairwiseComparison> data = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      data.add(
          PairwiseComparison.preferring(
              Q,
              Completion.of("thanks for asking, here is your tracking link " + i),
              Completion.of("go away, not my problem " + i),
              who));
    }
    HashedNGramFeaturizer f =
        HashedNGramFeaturizer.builder().dimension(1024).wordNgrams(1, 2).charNgrams(3, 4).build();
    RewardModelTrainer trainer =
        RewardModelTrainer.builder()
            .optimizer(OptimizerSettings.adamW().withLearningRate(0.1))
            .epochs(5)
            .seed(7)
            .build();
    return trainer.train(TrainingSet.builder(f).addAll(data).build()).requireModel();
  }

  /** The base URI from the server's first line on standard output ({@code ... at http://127.0.0.1:<port>}). */
  private static URI awaitAnnouncedUri(Process p, Path log) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> readLine(out));
    String line;
    try {
      line = first.get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "the server announced no address within 60 s; stderr:\n" + read(log), e);
    }
    assertNotNull(line, "the server exited before announcing its address; stderr:\n" + read(log));
    Matcher m = Pattern.compile(" at (http://[^ ]+)$").matcher(line);
    assertTrue(m.find(), line);
    // keep draining standard output so the server never blocks on a full pipe
    CompletableFuture.runAsync(
        () -> {
          while (readLine(out) != null) {
            // discard
          }
        });
    return URI.create(m.group(1));
  }

  private static String readLine(BufferedReader r) {
    try {
      return r.readLine();
    } catch (IOException e) {
      return null;
    }
  }

  private static void awaitHealthy(HttpClient client, URI base, Process p, Path log)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    HttpRequest health =
        HttpRequest.newBuilder(base.resolve("/health"))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    while (true) {
      assertTrue(p.isAlive(), "the server exited; stderr:\n" + read(log));
      try {
        HttpResponse<String> r = client.send(health, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      assertTrue(System.nanoTime() < deadline, "/health did not answer 200 within 30 s");
      Thread.sleep(100);
    }
  }

  /** A connection to the port on a non-loopback address of this machine is refused (when it has one). */
  private static void assertLoopbackOnly(int port) throws IOException {
    Optional<InetAddress> external = nonLoopbackAddress();
    if (external.isEmpty()) {
      System.err.println(
          "RewardServerJarIT: no non-loopback IPv4 address; loopback-only check skipped");
      return;
    }
    // refused (ConnectException) or dropped by a firewall (SocketTimeoutException): either way not
    // accepted
    assertThrows(
        IOException.class,
        () -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(external.get(), port), 5_000);
          }
        },
        "the server accepted a connection on " + external.get() + ":" + port);
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!n.isUp() || n.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(n.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(could not read " + log + ": " + e + ")";
    }
  }
}
