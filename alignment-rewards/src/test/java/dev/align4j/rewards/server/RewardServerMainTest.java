package dev.align4j.rewards.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.io.RewardModelFiles;
import dev.align4j.rewards.model.FeatureRewardModel;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line: flag errors (in-process, exit code 2 with the usage), a missing model file (exit 1), and the real
 * thing as a subprocess — {@code java -cp <test class path> RewardServerMain --model <saved file> --port 0}, as the
 * runnable jar's {@code Main-Class} runs it — scoring a request with the token from the environment and draining on
 * SIGTERM.
 */
class RewardServerMainTest {

  @Test
  void badFlagsNameTheFlag() {
    assertUsage("unknown option --modle", "--modle", "m.rm");
    assertUsage("option --model is required", "--port", "8000");
    assertUsage(
        "option --port needs an integer, got \"eighty\"", "--model", "m.rm", "--port", "eighty");
    assertUsage(
        "option --port must be between 0 and 65535, got 70000",
        "--model",
        "m.rm",
        "--port",
        "70000");
    assertUsage("option --model needs a value", "--model");
    assertUsage("option --workers must be positive, got 0", "--model", "m.rm", "--workers", "0");
    assertUsage(
        "must not exceed --queue-capacity",
        "--model",
        "m.rm",
        "--max-items",
        "10",
        "--queue-capacity",
        "5");
    assertUsage("option --port is given twice", "--model", "m.rm", "--port", "1", "--port=2");
  }

  private static void assertUsage(String fragment, String... args) {
    RewardServerMain.UsageException e =
        assertThrows(RewardServerMain.UsageException.class, () -> RewardServerMain.parse(args));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void runExitsWith2AndTheUsageOnABadCommandLineAnd0OnHelp() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        RewardServerMain.run(
            new String[] {"--port", "x"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            ps(err));
    assertEquals(2, code);
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.startsWith("error: option --model is required"), e);
    assertTrue(e.contains("usage: java -jar"), e);
    ByteArrayOutputStream help = new ByteArrayOutputStream();
    assertEquals(0, RewardServerMain.run(new String[] {"--help"}, ps(help), ps(err)));
    assertTrue(help.toString(StandardCharsets.UTF_8).contains("--model <file>"));
  }

  @Test
  void aMissingModelFileExitsWith1(@TempDir Path dir) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        RewardServerMain.run(
            new String[] {"--model", dir.resolve("none.rm").toString(), "--port", "0"},
            ps(new ByteArrayOutputStream()),
            ps(err));
    assertEquals(1, code);
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("does not exist"),
        err.toString(StandardCharsets.UTF_8));
  }

  private static PrintStream ps(ByteArrayOutputStream b) {
    return new PrintStream(b, true, StandardCharsets.UTF_8);
  }

  @Test
  @Timeout(60)
  void servesASavedModelAsASubprocessAndDrainsOnSigterm(@TempDir Path dir) throws Exception {
    FeatureRewardModel trained = TestModels.hashedLinear(5);
    Path file = dir.resolve("support.rm");
    RewardModelFiles.save(trained, file);
    FeatureRewardModel loaded = RewardModelFiles.load(file);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            RewardServerMain.class.getName(),
            "--model",
            file.toString(),
            "--port",
            "0",
            "--max-wait-ms",
            "0"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put(RewardServerMain.TOKEN_ENV, "subprocess-token");
    Process p = pb.start();
    try {
      BufferedReader stdout =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = stdout.readLine();
      assertTrue(first != null, "the server printed nothing");
      Matcher m = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+)$").matcher(first);
      assertTrue(m.find(), first);
      String second = stdout.readLine();
      assertTrue(second.contains("--reward.remote_url " + m.group(1) + "/get_reward"), second);
      HttpClient client = HttpClient.newHttpClient();
      String body =
          "{\"query\": [\"Q: refund? A: sorry, refunded\"], \"prompts\": [\"Q: refund? \"], \"labels\": [\"\"]}";
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(m.group(1) + "/get_reward"))
              .timeout(Duration.ofSeconds(20))
              .POST(HttpRequest.BodyPublishers.ofString(body));
      assertEquals(
          401, client.send(req.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
      HttpResponse<String> r =
          client.send(
              req.header("Authorization", "Bearer subprocess-token").build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      JsonNode rewards = ServerFixture.JSON.readTree(r.body()).get("rewards");
      double expected = loaded.score(Prompt.of("Q: refund? "), Completion.of("A: sorry, refunded"));
      assertEquals(
          trained.score(Prompt.of("Q: refund? "), Completion.of("A: sorry, refunded")), expected);
      assertEquals(expected, rewards.get(0).doubleValue(), 0.0);
      p.destroy(); // SIGTERM: the shutdown hook drains and stops
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
    } finally {
      p.destroyForcibly();
    }
  }
}
