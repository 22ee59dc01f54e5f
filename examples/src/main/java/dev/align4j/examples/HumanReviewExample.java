package dev.align4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.data.DataFormat;
import dev.align4j.core.data.JsonlDatasetReader;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.data.ReadOptions;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.text.Completion;
import dev.align4j.feedback.judge.JudgeAttributes;
import dev.align4j.feedback.route.HybridRouter;
import dev.align4j.feedback.route.Route;
import dev.align4j.feedback.route.RouterStats;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.review.ReviewApi;
import dev.align4j.review.ReviewServer;
import dev.align4j.review.Reviewer;
import dev.align4j.review.ReviewerRole;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Human review in the browser, feeding the hybrid router: starts a {@link ReviewServer} with two reviewer accounts
 * ("ann" and "bob", overlap 2) and routes a few dozen pairs from the bundled sample through a {@link HybridRouter}
 * whose AI side is a local <b>stand-in judge</b> (a heuristic, no model, no network). At first every pair goes to the
 * reviewers, because the judge's agreement with them is not yet measured; as their answers come in the router measures
 * the judge's Cohen's κ and hands it more of the work, keeping a random audit.
 *
 * <p>Modes: with {@code --demo}, or when there is no console (a test, a CI job, a pipe), the two reviewers are
 * simulated through the same JSON API the page uses (log in, next task, answer with the CSRF token), and the example
 * prints the router's figures and the AI share before and after, then stops the server. Interactively it prints the
 * URL, routes the pairs in the background, and waits for Enter while people answer in the browser.
 *
 * <p>Tokens: read from the environment variables {@code ALIGN4J_REVIEW_TOKEN_ANN} and {@code ALIGN4J_REVIEW_TOKEN_BOB}
 * when set (and then never printed); otherwise two random stand-in tokens are generated for this run and printed once,
 * so that you can log in. Run (from the repository root): {@code mvn -B -ntp -q -pl examples -am package -DskipTests
 * -Pquickstart -Dquickstart.mainClass=dev.align4j.examples.HumanReviewExample}.
 */
public final class HumanReviewExample {
  /** Pairs routed in the demo (a few dozen from the 66 of the bundled sample). */
  static final int ITEMS = 36;

  /** Pairs sent to the router at once; the reviewers answer what reaches them before the next batch. */
  static final int BATCH = 6;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private HumanReviewExample() {}

  /**
   * What the example produced.
   *
   * @param items pairs routed
   * @param aiOnly labels that are the stand-in judge's alone
   * @param byHumans labels given by the two reviewers (routed to them or audited)
   * @param answers answers the reviewers submitted through the API
   * @param completed items the review server completed (two answers each)
   * @param stored labels in the store
   * @param aiShareFirst AI-only share of the first batch
   * @param aiShareLast AI-only share of the last batch
   * @param kappa the judge's κ with the reviewers (NaN before enough answers)
   * @param url the review page's address
   */
  public record Result(
      int items,
      long aiOnly,
      long byHumans,
      int answers,
      int completed,
      int stored,
      double aiShareFirst,
      double aiShareLast,
      double kappa,
      String url) {}

  /** Runs the demo, or the interactive mode when a console is attached and {@code --demo} is not given. */
  public static void main(String[] args) throws Exception {
    boolean demo = Arrays.asList(args).contains("--demo") || System.console() == null;
    Path dir = Files.createTempDirectory("align4j-human-review");
    if (demo) {
      print(run(dir, tokens(System.out), null), System.out);
    } else {
      Result r =
          run(
              dir,
              tokens(System.out),
              () -> {
                System.out.println("Press Enter to stop the review server.");
                try {
                  new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                      .readLine();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      print(r, System.out);
    }
  }

  /** The two reviewers' tokens: from the environment (never printed), or generated stand-ins printed once. */
  static String[] tokens(PrintStream out) {
    String ann = System.getenv("ALIGN4J_REVIEW_TOKEN_ANN");
    String bob = System.getenv("ALIGN4J_REVIEW_TOKEN_BOB");
    if (ann != null && bob != null) {
      out.println("reviewer tokens: from ALIGN4J_REVIEW_TOKEN_ANN / _BOB (not printed)");
      return new String[] {ann, bob};
    }
    SecureRandom random = new SecureRandom();
    String[] t = new String[2];
    for (int i = 0; i < 2; i++) {
      byte[] b = new byte[16];
      random.nextBytes(b);
      t[i] = HexFormat.of().formatHex(b);
    }
    out.println(
        "stand-in reviewer tokens for this run only (set ALIGN4J_REVIEW_TOKEN_ANN / _BOB to choose yours):");
    out.println("  ann: " + t[0]);
    out.println("  bob: " + t[1]);
    return t;
  }

  /**
   * Runs the example in {@code dir}. With {@code waitForPeople} null the two reviewers are simulated through the API;
   * otherwise the pairs are routed in the background and {@code waitForPeople} blocks until the person at the console
   * is done.
   */
  public static Result run(Path dir, String[] tokens, Runnable waitForPeople) throws Exception {
    List<PreferenceExample> sample = readSample();
    ExecutorService handlers = Executors.newFixedThreadPool(4);
    try (FeedbackStore store = FeedbackStore.open(dir.resolve("labels.jsonl"))) {
      ReviewServer server =
          ReviewServer.builder()
              .store(store)
              .executor(handlers)
              .reviewer(Reviewer.of("ann", ReviewerRole.REVIEWER, tokens[0]))
              .reviewer(Reviewer.of("bob", ReviewerRole.REVIEWER, tokens[1]))
              .minSubmitted(2)
              .goldRate(0)
              .random(new SplittableRandom(3))
              .guideline(
                  "Choose the answer a customer would rather get: correct, polite, and with a next step.")
              .build();
      try {
        InetSocketAddress at = server.start();
        String url = "http://" + at.getHostString() + ":" + at.getPort() + "/";
        System.out.println("review page: " + url);
        HybridRouter router =
            HybridRouter.builder()
                .ai(new StandInJudge())
                .humans(server)
                .store(store)
                .auditFraction(0.1)
                .minKappa(0.6)
                .agreement(200, 8)
                .random(new SplittableRandom(5))
                .build();
        Map<String, Integer> chosenIndex = new HashMap<>();
        List<FeedbackRequest> requests = new ArrayList<>();
        for (int i = 0; i < Math.min(ITEMS, sample.size()); i++) {
          PreferenceExample e = sample.get(i);
          boolean chosenFirst = i % 2 == 0;
          requests.add(
              FeedbackRequest.pairwise(
                  "support-" + i,
                  e.prompt(),
                  chosenFirst ? e.chosen() : e.rejected(),
                  chosenFirst ? e.rejected() : e.chosen()));
          chosenIndex.put("support-" + i, chosenFirst ? 0 : 1);
        }
        List<Boolean> aiOnly = Collections.synchronizedList(new ArrayList<>());
        int answers = 0;
        if (waitForPeople != null) {
          // people answer in the browser: batches go to the router one after another, in the
          // background, so
          // that each batch is routed with the agreement measured on the answers before it
          ExecutorService feeder = Executors.newSingleThreadExecutor();
          try {
            feeder.submit(
                () -> {
                  for (int from = 0; from < requests.size(); from += BATCH) {
                    for (CompletableFuture<Feedback> f : route(router, requests, from)) {
                      aiOnly.add(
                          f.get().provenance().kind() == SourceKind.AI); // interruptible wait
                    }
                  }
                  System.out.println("every pair is labelled; press Enter to stop");
                  return null;
                });
            waitForPeople.run();
          } finally {
            feeder.shutdownNow();
          }
        } else {
          SimulatedReviewers people = new SimulatedReviewers(URI.create(url), tokens, chosenIndex);
          for (int from = 0; from < requests.size(); from += BATCH) {
            List<CompletableFuture<Feedback>> batch = route(router, requests, from);
            answers += people.answerUntilDone(batch);
            for (CompletableFuture<Feedback> f : batch) {
              aiOnly.add(f.join().provenance().kind() == SourceKind.AI);
            }
          }
        }
        RouterStats stats = router.stats();
        List<Boolean> flags;
        synchronized (aiOnly) {
          flags = new ArrayList<>(aiOnly); // the interactive feeder may still be stopping
        }
        int n = flags.size();
        return new Result(
            requests.size(),
            stats.byRoute().getOrDefault(Route.AI_ONLY, 0L),
            stats.byRoute().getOrDefault(Route.HUMAN, 0L)
                + stats.byRoute().getOrDefault(Route.BOTH, 0L),
            answers,
            server.completedCount(),
            store.size(),
            n < BATCH ? Double.NaN : share(flags.subList(0, BATCH)),
            n < BATCH ? Double.NaN : share(flags.subList(n - BATCH, n)),
            router.agreement().kappa(HybridRouter.DEFAULT_SLICE).orElse(Double.NaN),
            url);
      } finally {
        server.close();
      }
    } finally {
      handlers.shutdownNow();
    }
  }

  /** Sends one batch of pairs, starting at {@code from}, to the router. */
  private static List<CompletableFuture<Feedback>> route(
      HybridRouter router, List<FeedbackRequest> requests, int from) {
    List<CompletableFuture<Feedback>> batch = new ArrayList<>();
    for (FeedbackRequest r : requests.subList(from, Math.min(requests.size(), from + BATCH))) {
      batch.add(router.request(r).toCompletableFuture());
    }
    return batch;
  }

  private static double share(List<Boolean> flags) {
    return flags.stream().filter(b -> b).count() / (double) flags.size();
  }

  /** Prints the result. */
  public static void print(Result r, PrintStream out) {
    out.println("== align4j human review ==");
    out.printf(
        Locale.ROOT,
        "pairs to route: %d; labelled by the stand-in judge alone: %d; sent to the reviewers: %d%n",
        r.items(),
        r.aiOnly(),
        r.byHumans());
    out.printf(
        Locale.ROOT,
        "reviewer answers through the API: %d; items completed by two reviewers: %d; labels"
            + " stored: %d%n",
        r.answers(),
        r.completed(),
        r.stored());
    if (Double.isNaN(r.aiShareFirst())) {
      out.println("AI-only share: fewer than " + BATCH + " pairs were labelled before the stop");
    } else {
      out.printf(
          Locale.ROOT,
          "AI-only share: first batch of %d %.0f %%, last batch %.0f %%%n",
          BATCH,
          100 * r.aiShareFirst(),
          100 * r.aiShareLast());
    }
    out.printf(
        Locale.ROOT,
        "stand-in judge vs reviewers, Cohen's kappa: %s; the review server has stopped%n",
        Double.isNaN(r.kappa())
            ? "not yet measured"
            : String.format(Locale.ROOT, "%.2f", r.kappa()));
  }

  private static List<PreferenceExample> readSample() {
    try (InputStream in = HumanReviewExample.class.getResourceAsStream(QuickStart.SAMPLE)) {
      if (in == null) {
        throw new IllegalStateException(
            "bundled sample " + QuickStart.SAMPLE + " is missing from the class path");
      }
      List<PreferenceExample> out = new ArrayList<>();
      JsonlDatasetReader.preferences(DataFormat.TRL_PREFERENCE, ReadOptions.lenient())
          .read(in, Path.of("support-preferences.jsonl"), out::add);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A STAND-IN for an AI judge, so that the example runs without a model: it prefers the answer with more words, with
   * a soft label from the cube of the word counts. Replace it with an {@code LlmJudge} (see {@link AiFeedbackExample}).
   */
  static final class StandInJudge implements FeedbackSource {
    private final Clock clock = Clock.systemUTC();

    @Override
    public CompletionStage<Feedback> request(FeedbackRequest r) {
      Completion a = r.candidates().get(0);
      Completion b = r.candidates().get(1);
      // p(A) = wA^3 / (wA^3 + wB^3): twice the words gives 0.89, a clear preference the router
      // counts as confident
      double wa = Math.pow(words(a.text()) + 1, 3);
      double wb = Math.pow(words(b.text()) + 1, 3);
      double pA = wa / (wa + wb);
      Outcome o = pA >= 0.5 ? Outcome.A : Outcome.B;
      return CompletableFuture.completedFuture(
          new PairwiseComparison(
              r.prompt(),
              a,
              b,
              o,
              pA,
              null,
              Presentation.A_FIRST,
              Provenance.ai("stand-in-length-judge", null, clock.instant())
                  // word counts do not depend on the order shown, so the verdict is
                  // order-consistent by design
                  .withAttribute(JudgeAttributes.ORDER_CONSISTENT, "true")));
    }

    private static int words(String s) {
      return s.isBlank() ? 0 : s.trim().split("\\s+").length;
    }
  }

  /**
   * Two simulated reviewers using the review page's JSON API: ann always picks the sample's chosen answer, bob does
   * too except on every seventh item he sees.
   */
  static final class SimulatedReviewers {
    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final Map<String, Integer> chosenIndex;
    private final String[] cookies = new String[2];
    private final String[] csrf = new String[2];
    private int seen;

    SimulatedReviewers(URI base, String[] tokens, Map<String, Integer> chosenIndex)
        throws Exception {
      this.base = base;
      this.chosenIndex = chosenIndex;
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r =
            post("/api/login", "{\"token\":\"" + tokens[i] + "\"}", null, null);
        check(r, 200);
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        cookies[i] = set.substring(0, set.indexOf(';'));
        csrf[i] = JSON.readTree(r.body()).get("csrfToken").asText();
      }
    }

    /** Answers the tasks the reviewers get until every future in {@code batch} is done; returns the answers. */
    int answerUntilDone(List<CompletableFuture<Feedback>> batch) throws Exception {
      int answered = 0;
      while (!batch.stream().allMatch(CompletableFuture::isDone)) {
        boolean any = false;
        for (int who = 0; who < 2; who++) {
          HttpResponse<String> next =
              http.send(
                  HttpRequest.newBuilder(base.resolve("/api/tasks/next"))
                      .header("Cookie", cookies[who])
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (next.statusCode() == 204) {
            continue;
          }
          check(next, 200);
          JsonNode task = JSON.readTree(next.body());
          String id = task.get("taskId").asText();
          int pick = chosenIndex.get(id);
          if (who == 1 && ++seen % 7 == 0) {
            pick = 1 - pick; // bob's occasional slip
          }
          String body =
              "{\"taskId\":"
                  + task.get("taskId")
                  + ",\"order\":"
                  + task.get("order")
                  + ",\"aiSuggestionShown\":false,\"answer\":{\"outcome\":\""
                  + (pick == 0 ? "A" : "B")
                  + "\"}}";
          check(post("/api/submissions", body, cookies[who], csrf[who]), 200);
          answered++;
          any = true;
        }
        if (!any) {
          Thread.sleep(
              2); // the router is still deciding (the judge answers at once, so this is short)
        }
      }
      return answered;
    }

    private HttpResponse<String> post(String path, String body, String cookie, String token)
        throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(base.resolve(path))
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
              .header("Content-Type", "application/json");
      if (cookie != null) {
        b.header("Cookie", cookie).header(ReviewApi.CSRF_HEADER, token);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void check(HttpResponse<String> r, int status) {
      if (r.statusCode() != status) {
        throw new IllegalStateException(
            r.request().uri().getPath() + " answered " + r.statusCode() + ": " + r.body());
      }
    }
  }
}
