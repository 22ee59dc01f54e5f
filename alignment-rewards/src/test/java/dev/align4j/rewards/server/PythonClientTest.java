package dev.align4j.rewards.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.model.FeatureRewardModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client in another language: {@code openrlhf_client.py} (Python standard library only, {@code urllib}) posts
 * OpenRLHF-shaped payloads to a live server and checks the response shape; this test compares the rewards it got with
 * the model's in-process scores. Skipped, with a message, when {@code python3} is not on the PATH.
 */
class PythonClientTest {
  static final String PROMPT =
      "<|im_start|>user\nHow do I reset my password?<|im_end|>\n<|im_start|>assistant\n";

  static boolean python3Available() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  @Timeout(60)
  void pythonUrllibClientGetsTheModelsScores(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(
        python3Available(),
        "python3 is not on the PATH: the Python (urllib) client test of the reward server is skipped");
    Path script = dir.resolve("openrlhf_client.py");
    try (InputStream in = PythonClientTest.class.getResourceAsStream("openrlhf_client.py")) {
      Files.write(script, in.readAllBytes());
    }
    FeatureRewardModel model = TestModels.hashedLinear(11);
    String token = "python-client-token";
    try (ServerFixture fx = new ServerFixture(model, b -> b.bearerToken(token))) {
      Process p =
          new ProcessBuilder("python3", script.toString(), fx.base.toString(), token)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      assertTrue(p.waitFor(45, TimeUnit.SECONDS), "the Python client did not finish");
      String stdout = new String(out, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), "the Python client found a protocol violation:\n" + stdout);
      JsonNode got = ServerFixture.JSON.readTree(stdout);
      String response = "Open Settings, choose Security, then Reset password.<|im_end|>";
      assertEquals(List.of(score(model, response)), doubles(got.get("single")));
      assertEquals(
          List.of(
              score(model, "Try turning it off and on."),
              score(model, "I cannot help."),
              score(model, response)),
          doubles(got.get("batch")));
      assertEquals(0, got.get("empty").size());
    }
  }

  private static double score(FeatureRewardModel m, String response) {
    return m.score(Prompt.of(PROMPT), Completion.of(response));
  }

  private static List<Double> doubles(JsonNode a) {
    return RewardServerProtocolTest.doubles(a);
  }
}
