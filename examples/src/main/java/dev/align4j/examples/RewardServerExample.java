package dev.align4j.examples;

import dev.align4j.core.data.DataFormat;
import dev.align4j.core.data.JsonlDatasetReader;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.data.ReadOptions;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.io.RewardModelFiles;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.server.RewardServer;
import dev.align4j.rewards.train.OptimizerSettings;
import dev.align4j.rewards.train.RewardModelTrainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serves a trained reward model over HTTP so that a GPU trainer can call it: trains a Bradley–Terry model on the
 * bundled support preferences, saves it (the file {@code java -jar alignment-rewards-<version>-server.jar --model}
 * serves), starts a {@link RewardServer} on a free loopback port, scores one OpenRLHF-shaped request over HTTP and
 * checks it against the model's own score, prints the URL, the curl command and the OpenRLHF flag, then drains and
 * stops. With {@code --serve} and a console it keeps serving until Enter is pressed. Run it with {@code mvn -B -ntp -q
 * -pl examples -am package -DskipTests -Pquickstart -Dquickstart.mainClass=dev.align4j.examples.RewardServerExample}.
 */
public final class RewardServerExample {
  private RewardServerExample() {}

  /**
   * What the example did.
   *
   * @param trainPairs preference pairs trained on
   * @param url the server's OpenRLHF endpoint
   * @param requestBody the JSON posted
   * @param responseBody the JSON received
   * @param httpReward the reward read from the response
   * @param inProcessReward the same item scored by the model in this JVM
   * @param modelFile where the model was saved (deleted at the end unless serving)
   */
  public record Result(
      int trainPairs,
      URI url,
      String requestBody,
      String responseBody,
      double httpReward,
      double inProcessReward,
      Path modelFile) {}

  /** Runs the example; {@code --serve} keeps the server up until Enter (when a console is attached). */
  public static void main(String[] args) throws Exception {
    boolean serve = Arrays.asList(args).contains("--serve") && System.console() != null;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<PairwiseComparison> pairs = supportPreferences();
      FeatureRewardModel model = train(pairs);
      Path file = Files.createTempFile("support-reward", ".rm");
      RewardModelFiles.save(model, file);
      RewardServer server =
          RewardServer.builder().model(RewardModelFiles.load(file)).executor(pool).port(0).build();
      server.start();
      try {
        Result r = scoreOverHttp(server, model, pairs.size(), file);
        print(r, System.out);
        if (serve) {
          System.out.println("serving until Enter is pressed ...");
          System.console().readLine();
        }
      } finally {
        server.close();
        Files.deleteIfExists(file);
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  static List<PairwiseComparison> supportPreferences() {
    List<PairwiseComparison> pairs = new ArrayList<>();
    Provenance human = Provenance.human("support-team", Instant.parse("2026-01-01T00:00:00Z"));
    try (InputStream in = RewardServerExample.class.getResourceAsStream(QuickStart.SAMPLE)) {
      if (in == null) {
        throw new IllegalStateException(
            "bundled sample " + QuickStart.SAMPLE + " is missing from the class path");
      }
      List<PreferenceExample> read = new ArrayList<>();
      JsonlDatasetReader.preferences(DataFormat.TRL_PREFERENCE, ReadOptions.lenient())
          .read(in, Path.of("support-preferences.jsonl"), read::add);
      read.forEach(p -> pairs.add(p.toComparison(human)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pairs;
  }

  static FeatureRewardModel train(List<PairwiseComparison> pairs) {
    HashedNGramFeaturizer features =
        HashedNGramFeaturizer.builder().dimension(1 << 14).charNgrams(3, 5).build();
    RewardModelTrainer trainer =
        RewardModelTrainer.builder()
            .optimizer(OptimizerSettings.lbfgs())
            .epochs(100)
            .l2(1e-3)
            .centerRewardsCoefficient(0.01)
            .validationFraction(0)
            .build();
    return trainer.train(features, pairs).requireModel();
  }

  static Result scoreOverHttp(RewardServer server, FeatureRewardModel model, int pairs, Path file)
      throws Exception {
    String prompt = "My parcel has not arrived yet, what can I do?";
    String response =
        "Sorry about the delay! Please check the tracking link in your confirmation email; if it has not moved"
            + " for 5 days, reply here and we will send a replacement.";
    // the body OpenRLHF's trainer posts: the decoded prompt + response, the prompt, the
    // dataset label
    String body =
        "{\"query\": [\""
            + prompt
            + response
            + "\"], \"prompts\": [\""
            + prompt
            + "\"], \"labels\": [null]}";
    URI url = server.baseUri().resolve("/get_reward");
    HttpResponse<String> reply =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (reply.statusCode() != 200) {
      throw new IllegalStateException(
          "the reward server answered " + reply.statusCode() + ": " + reply.body());
    }
    String json = reply.body();
    int at = json.indexOf("\"rewards\":[") + "\"rewards\":[".length();
    double http = Double.parseDouble(json.substring(at, json.indexOf(']', at)));
    double local = model.score(Prompt.of(prompt), Completion.of(response));
    return new Result(pairs, url, body, json, http, local, file);
  }

  /** Prints the result, the curl command and the OpenRLHF flag. */
  public static void print(Result r, PrintStream out) {
    out.println("== align4j reward server ==");
    out.println(
        "trained a Bradley-Terry reward model on "
            + r.trainPairs()
            + " bundled support preference pairs; saved to "
            + r.modelFile());
    out.println("serving it at " + r.url());
    out.println("POST " + r.url() + " " + r.requestBody());
    out.println("  -> " + r.responseBody());
    out.printf(
        Locale.ROOT,
        "reward over HTTP %.6f, in-process %.6f: %s%n",
        r.httpReward(),
        r.inProcessReward(),
        r.httpReward() == r.inProcessReward() ? "identical" : "DIFFERENT");
    out.println("try it (while serving):");
    out.println(
        "  curl -s -X POST "
            + r.url()
            + " -H 'Content-Type: application/json' -d '{\"query\": [\"Q? A.\"], \"prompts\": [\"Q? \"]}'");
    out.println(
        "point an OpenRLHF trainer at it: --reward.remote_url "
            + r.url()
            + " (older releases: --remote_rm_url)");
    out.println(
        "serve a saved model without Java code: java -jar alignment-rewards-<version>-server.jar --model model.rm"
            + " --port 8000");
  }
}
