package dev.align4j.examples;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.data.DataFormat;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.agreement.PositionBiasReport;
import dev.align4j.feedback.constitution.Constitution;
import dev.align4j.feedback.event.FeedbackEvent;
import dev.align4j.feedback.export.ExportSummary;
import dev.align4j.feedback.export.PreferenceExporter;
import dev.align4j.feedback.http.OpenAiChatModel;
import dev.align4j.feedback.judge.LlmJudge;
import dev.align4j.feedback.route.HybridRouter;
import dev.align4j.feedback.route.InMemoryReviewQueue;
import dev.align4j.feedback.route.ReviewTask;
import dev.align4j.feedback.route.Route;
import dev.align4j.feedback.route.RouterStats;
import dev.align4j.feedback.route.RoutingReason;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.feedback.store.StoredFeedback;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGeneratorFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AI feedback with a human in the loop, as you would start a proof of concept: label pairs of customer-support answers
 * with an LLM judge, let humans check it, and hand the AI more of the work only as it proves itself.
 *
 * <ol>
 *   <li>an {@link OpenAiChatModel} talks to an OpenAI-compatible endpoint — here a stand-in judge served on
 *       127.0.0.1 by this example, so it runs without network or keys; point {@code baseUrl} at OpenAI, vLLM, Ollama
 *       or llama.cpp's server instead;
 *   <li>an {@link LlmJudge} asks for each pair in both orders, reads soft labels from the answer-token
 *       log-probabilities and samples a Constitutional-AI principle per comparison;
 *   <li>a {@link HybridRouter} decides per pair: billing disputes always go to humans, 10 % of the rest are audited,
 *       and the AI's verdict stands alone only when it is order-consistent, confident and the judge's measured
 *       agreement with humans (Cohen's κ) is high enough — so the AI share grows as agreement is shown;
 *   <li>humans answer through a {@link InMemoryReviewQueue} (a review page would sit on the same SPI);
 *   <li>every final label goes to a durable {@link FeedbackStore}, which is exported to TRL preference JSONL.
 * </ol>
 *
 * <p>Both sides are stand-ins so that the example runs anywhere: the judge is a heuristic behind a real HTTP endpoint,
 * the humans are a simulated reviewer answering the review queue. They follow different rules on purpose, so the
 * printed κ is a measurement. Run (from the repository root): {@code mvn -B -ntp -q -pl examples -am package
 * -DskipTests -Pquickstart -Dquickstart.mainClass=dev.align4j.examples.AiFeedbackExample}.
 */
public final class AiFeedbackExample {
  /** The judge–human κ a slice needs before AI labels stand alone there (the router's default, stated explicitly). */
  static final double MIN_KAPPA = 0.6;

  private AiFeedbackExample() {}

  /**
   * What the example produced.
   *
   * @param requests pairs labelled
   * @param aiOnly labels that are the AI's alone
   * @param human labels given by a human (routed or audited)
   * @param audits of those, random audits
   * @param aiShareFirstBatch AI-only share of the first 10 pairs (before agreement is measured)
   * @param aiShareLastBatch AI-only share of the last 10 pairs
   * @param kappa the judge's κ with humans on the general slice
   * @param stored records in the store
   * @param exported rows written to the TRL file
   * @param judgeFirstPositionRate how often the judge's single-order verdicts favoured the first position
   * @param exportFile the TRL file
   */
  public record Result(int requests, long aiOnly, long human, long audits, double aiShareFirstBatch,
      double aiShareLastBatch, double kappa, int stored, long exported, double judgeFirstPositionRate,
      Path exportFile) {}

  private static final String[][] QUESTIONS = {
    {"My order arrived damaged.", "general"},
    {"I was charged twice this month.", "billing-dispute"},
    {"How do I reset my password?", "general"},
    {"Can I change my delivery address?", "general"},
    {"The app crashes when I open settings.", "general"},
    {"I want my money back for last month.", "billing-dispute"},
  };

  /** Runs the example and prints what it found. */
  public static void main(String[] args) throws Exception {
    print(run(Files.createTempDirectory("align4j-ai-feedback")), System.out);
  }

  /** Runs the example, keeping its files in {@code workDir}. */
  public static Result run(Path workDir) throws Exception {
    ExecutorService judgeCalls = Executors.newFixedThreadPool(4);
    try (StandInJudge endpoint = StandInJudge.start();
        FeedbackStore store = FeedbackStore.open(workDir.resolve("labels.jsonl"))) {
      // 1. the chat model: any OpenAI-compatible endpoint
      OpenAiChatModel model = OpenAiChatModel.builder()
          .baseUrl(endpoint.baseUrl()) // e.g. "https://api.openai.com/v1" or "http://localhost:11434/v1"
          .model("support-judge")
          .noApiKey() // or .apiKeyFromEnvironment("OPENAI_API_KEY")
          .maxConcurrency(4)
          .build();

      // 2. the AI judge: both orders, soft labels, a principle per comparison
      LlmJudge judge = LlmJudge.builder()
          .model(model)
          .constitution(Constitution.harmlessAndHelpful())
          .random(RandomGeneratorFactory.of("SplittableRandom").create(1))
          .executor(judgeCalls)
          .version("2026-01")
          .build();

      // 3. the router: humans for billing disputes, audits, trust earned per slice
      InMemoryReviewQueue humans = new InMemoryReviewQueue();
      AtomicInteger routedToHuman = new AtomicInteger();
      HybridRouter router = HybridRouter.builder()
          .ai(judge)
          .humans(humans)
          .humanCategories(Set.of("billing-dispute"))
          .auditFraction(0.1)
          .minKappa(MIN_KAPPA)
          .agreement(200, 10)
          .store(store)
          .random(RandomGeneratorFactory.of("SplittableRandom").create(2))
          .listener(e -> {
            if (e instanceof FeedbackEvent.RoutedToHuman) {
              routedToHuman.incrementAndGet();
            }
          })
          .build();

      // 4. label 60 pairs in batches of 10; the "review page" answers what reaches humans after each batch
      List<Boolean> aiOnly = new ArrayList<>();
      List<PairwiseComparison> aiLabels = new ArrayList<>();
      int n = 60;
      for (int batch = 0; batch < n / 10; batch++) {
        List<CompletableFuture<Feedback>> futures = new ArrayList<>();
        for (int i = batch * 10; i < batch * 10 + 10; i++) {
          futures.add(router.request(pair(i)).toCompletableFuture());
        }
        while (!futures.stream().allMatch(CompletableFuture::isDone)) {
          for (ReviewTask task : humans.pending()) {
            humans.submit(task.id(), reviewer(task.request()));
          }
          Thread.sleep(2);
        }
        for (CompletableFuture<Feedback> f : futures) {
          Feedback label = f.join();
          aiOnly.add(label.provenance().kind() == SourceKind.AI);
          if (label.provenance().kind() == SourceKind.AI) {
            aiLabels.add((PairwiseComparison) label);
          }
        }
      }

      // 5. export the store for training, and check the judge for position bias
      Path trl = workDir.resolve("preferences.trl.jsonl");
      List<StoredFeedback> stored = store.readAll();
      ExportSummary summary = PreferenceExporter.standard().exportStored(stored, trl, DataFormat.TRL_PREFERENCE);
      PositionBiasReport bias = PositionBiasReport.of(model.modelId(), aiLabels);
      RouterStats stats = router.stats();
      return new Result(n, stats.byRoute().getOrDefault(Route.AI_ONLY, 0L), routedToHuman.get(),
          stats.byReason().getOrDefault(RoutingReason.AUDIT, 0L), share(aiOnly.subList(0, 10)),
          share(aiOnly.subList(n - 10, n)), router.agreement().kappa("general").orElse(Double.NaN), stored.size(),
          summary.written(), bias.firstPositionRate(), trl);
    } finally {
      judgeCalls.shutdownNow();
    }
  }

  /** Prints the result. */
  public static void print(Result r, PrintStream out) {
    out.printf(Locale.ROOT, "pairs labelled: %d (AI alone %d, humans %d of which %d audits)%n", r.requests(),
        r.aiOnly(), r.human(), r.audits());
    out.printf(Locale.ROOT, "AI-only share: first 10 pairs %.0f %%, last 10 pairs %.0f %%%n",
        100 * r.aiShareFirstBatch(), 100 * r.aiShareLastBatch());
    out.printf(Locale.ROOT, "judge-human agreement (Cohen's kappa, general slice): %.2f; AI labels stand alone only"
        + " where kappa >= %.2f%n", r.kappa(), MIN_KAPPA);
    out.println("  (stand-in judge: an apology heuristic served on 127.0.0.1, not an LLM; humans: a simulated reviewer"
        + " who prefers a committed next step)");
    out.printf(Locale.ROOT, "judge first-position win rate: %.2f (0.5 = no position bias)%n",
        r.judgeFirstPositionRate());
    out.printf(Locale.ROOT, "stored labels: %d; TRL rows written to %s: %d%n", r.stored(), r.exportFile(),
        r.exported());
  }

  private static double share(List<Boolean> xs) {
    return xs.stream().filter(x -> x).count() / (double) xs.size();
  }

  /**
   * Pair {@code i}, in an order that alternates. Most pairs set a careful answer (an apology and a committed next step)
   * against a curt one; every seventh pair sets a long apology that commits to nothing against a short answer that
   * opens a case. The simulated reviewers prefer the committed next step; the stand-in judge prefers the apology, so
   * the two disagree on those pairs and the measured agreement is below 1, as it is with a real judge.
   */
  static FeedbackRequest pair(int i) {
    String[] q = QUESTIONS[i % QUESTIONS.length];
    Completion better;
    Completion worse;
    if (i % 7 == 3) {
      better = Completion.of("Case #" + (1000 + i) + " is open; you will get an update within 24 hours.");
      worse = Completion.of("Sorry, we are so sorry for the trouble. We value you as a customer, these things happen"
          + " sometimes, and we thank you for your patience and understanding.");
    } else {
      better = Completion.of("Sorry about that. I have opened case #" + (1000 + i)
          + " and you will get an update within 24 hours.");
      worse = Completion.of("Check the FAQ.");
    }
    boolean betterFirst = (i * 7) % 3 != 0;
    FeedbackRequest r = FeedbackRequest.pairwise("ticket-" + i, Prompt.of(q[0]), betterFirst ? better : worse,
        betterFirst ? worse : better);
    return r.withMetadata("category", q[1]);
  }

  /** The simulated reviewer (a stand-in for people): prefers the answer that commits to a next step (opens a case). */
  static Feedback reviewer(FeedbackRequest r) {
    Completion a = r.candidates().get(0);
    Completion b = r.candidates().get(1);
    Outcome o = commitsToNextStep(a.text()) ? Outcome.A : Outcome.B;
    return new PairwiseComparison(r.prompt(), a, b, o, null, null, Presentation.A_FIRST,
        Provenance.human("support-lead", REVIEW_TIME));
  }

  private static final Instant REVIEW_TIME = Instant.parse("2026-01-05T10:00:00Z");

  static boolean commitsToNextStep(String answer) {
    return answer.toLowerCase(Locale.ROOT).contains("case #");
  }

  /**
   * A stand-in OpenAI-compatible judge on 127.0.0.1 (a heuristic, not an LLM): reads the two marked responses from the
   * judge prompt, prefers the one that apologises, and returns the verdict with top log-probabilities like a real
   * endpoint. It is deliberately not the reviewers' rule, so its agreement with them is measured, not built in.
   */
  static final class StandInJudge implements AutoCloseable {
    private static final Pattern BLOCK =
        Pattern.compile("\\[\\[RESPONSE (\\d) #(\\w+)]]\\n(.*?)\\n\\[\\[END RESPONSE \\1 #\\2]]", Pattern.DOTALL);
    private final HttpServer server;
    private final ExecutorService pool;

    private StandInJudge(HttpServer server, ExecutorService pool) {
      this.server = server;
      this.pool = pool;
    }

    static StandInJudge start() throws IOException {
      HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      s.setExecutor(pool);
      s.createContext("/v1/chat/completions", StandInJudge::answer);
      s.start();
      return new StandInJudge(s, pool);
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private static void answer(HttpExchange ex) throws IOException {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String prompt = JsonMapper.builder().build().readTree(body)
          .path("messages").path(1).path("content").asText();
      Matcher m = BLOCK.matcher(prompt);
      String first = m.find() ? m.group(3) : "";
      String second = m.find() ? m.group(3) : "";
      String verdict = first.startsWith("Sorry") == second.startsWith("Sorry") ? "tie"
          : first.startsWith("Sorry") ? "1" : "2";
      String other = verdict.equals("1") ? "2" : "1";
      String json = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Verdict: " + verdict
          + "\"},\"finish_reason\":\"stop\",\"logprobs\":{\"content\":[{\"token\":\"Verdict\",\"logprob\":-0.01,"
          + "\"top_logprobs\":[]},{\"token\":\":\",\"logprob\":-0.01,\"top_logprobs\":[]},{\"token\":\" " + verdict
          + "\",\"logprob\":-0.105,\"top_logprobs\":[{\"token\":\" " + verdict + "\",\"logprob\":-0.105},"
          + "{\"token\":\" " + other + "\",\"logprob\":-2.4}]}]}}]}";
      byte[] out = json.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      pool.shutdownNow();
    }
  }
}
