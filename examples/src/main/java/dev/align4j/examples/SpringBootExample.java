package dev.align4j.examples;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.GateDecision;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.route.FileReviewQueue;
import dev.align4j.feedback.route.HybridRouter;
import dev.align4j.feedback.route.RouterStats;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.rollout.input.HumanOverride;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.springai.JudgeEvaluator;
import dev.align4j.springai.boot.Align4jEndpoint;
import dev.align4j.springai.boot.GateMonitor;
import dev.align4j.springai.boot.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.evaluation.EvaluationRequest;
import org.springframework.ai.evaluation.EvaluationResponse;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The align4j Spring Boot starter in a minimal application: the application defines a Spring AI {@code ChatModel}
 * bean (here an <b>offline stand-in</b>, a word-overlap heuristic, not an LLM — replace it with any Spring AI provider
 * starter) and a {@code MeterRegistry}; the starter creates the judge, the feedback store, the hybrid router and the
 * rollout gate from {@code align4j.*} properties. The example judges five pairs (two labelled by a scripted human
 * stand-in while the judge's agreement is measured, two then by the judge alone, one "medical" pair always by the
 * human), evaluates one answer through the judge as a Spring AI {@code Evaluator}, lets the gate decide once and a
 * person promote it, prints the meters and the {@code align4j} Actuator endpoint's JSON, and stops.
 *
 * <p>Run: {@code mvn -B -ntp -q -pl examples -am package -DskipTests -Pquickstart
 * -Dquickstart.mainClass=dev.align4j.examples.SpringBootExample}. The application runs on the class path, like every
 * Spring Boot application; it uses no Spring Boot starter (so no second logging binding and no web server), and Spring
 * Boot's logging system is switched off ({@code org.springframework.boot.logging.LoggingSystem=none}) so that the
 * examples' slf4j-simple binding stays in charge.
 */
public final class SpringBootExample {
  private SpringBootExample() {}

  /** One demo pair: the question, a good answer and a weak one (the human stand-in prefers the good one). */
  private record Item(String id, String question, String good, String weak, String category) {}

  private static final List<Item> ITEMS =
      List.of(
          new Item(
              "q1",
              "How do I reset my router to factory settings?",
              "Hold the reset button on the back of the router for ten seconds until the lights blink.",
              "Try turning it off and on.",
              null),
          new Item(
              "q2",
              "What does the warranty cover for a damaged screen?",
              "The warranty covers a damaged screen only when the damage comes from a manufacturing defect.",
              "Please read the documents.",
              null),
          new Item(
              "q3",
              "Can I return shoes that I already wore outside?",
              "Shoes that were worn outside can be returned only when they are unused and clean, within 30 days.",
              "Maybe, it depends.",
              null),
          new Item(
              "q4",
              "How long does shipping to Canada take?",
              "Shipping to Canada takes five to eight business days after the order ships.",
              "A while.",
              null),
          new Item(
              "q5",
              "Which dose of ibuprofen is safe for my child?",
              "Ask your pediatrician or pharmacist: the safe dose of ibuprofen depends on your child's weight.",
              "Two tablets.",
              "medical"));

  /**
   * What the run showed.
   *
   * @param routes each item's id and route ({@code AI_ONLY}, {@code HUMAN}) in order
   * @param stats the router's statistics at the end
   * @param stored labels in the feedback store
   * @param evaluation the Spring AI evaluation of one answer
   * @param automatic the gate's automatic decision
   * @param stageAfterPromotion the gate's stage after the person promoted it
   * @param judgeCalls judge requests counted by the meter
   * @param endpointJson the {@code align4j} endpoint's document as JSON
   */
  public record Report(
      Map<String, String> routes,
      RouterStats stats,
      int stored,
      EvaluationResponse evaluation,
      GateDecision automatic,
      String stageAfterPromotion,
      long judgeCalls,
      String endpointJson) {}

  public static void main(String[] args) throws Exception {
    print(run(Files.createTempDirectory("align4j-spring-boot")), System.out);
  }

  /** Starts the application with its files in {@code dir}, runs the demo, stops the application. */
  public static Report run(Path dir) throws Exception {
    if (System.getProperty("org.springframework.boot.logging.LoggingSystem") == null) {
      System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    }
    SpringApplication app = new SpringApplication(ExampleApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setBannerMode(Banner.Mode.OFF);
    app.setLogStartupInfo(false);
    try (ConfigurableApplicationContext ctx =
        app.run(
            "--align4j.feedback.directory=" + dir,
            "--align4j.judge.version=stand-in-1",
            "--align4j.router.audit-fraction=0",
            // two agreeing (judge, human) pairs make the judge trusted, so that the demo shows both
            // routes; the
            // default, 30, is the one to keep in production
            "--align4j.router.min-agreement-samples=2",
            "--align4j.router.human-categories=medical",
            "--align4j.rollout.candidate-model=support-bot-v7",
            "--align4j.rollout.incumbent-model=support-bot-v6")) {
      HybridRouter router = ctx.getBean(HybridRouter.class);
      FileReviewQueue humans = ctx.getBean(FileReviewQueue.class);
      Map<String, String> routes = new LinkedHashMap<>();
      for (Item item : ITEMS) {
        FeedbackRequest request =
            FeedbackRequest.pairwise(
                item.id(),
                Prompt.of(item.question()),
                Completion.of(item.weak()),
                Completion.of(item.good()));
        if (item.category() != null) {
          request = request.withMetadata("category", item.category());
        }
        CompletableFuture<Feedback> label = router.request(request).toCompletableFuture();
        String route = "AI_ONLY";
        if (!label.isDone()) {
          // the human stand-in (a script, not a person) answers the review task: the good answer
          // wins
          route = "HUMAN";
          humans.submit(
              item.id(),
              PairwiseComparison.preferring(
                  request.prompt(),
                  Completion.of(item.good()),
                  Completion.of(item.weak()),
                  Provenance.human("human-stand-in", Instant.now())));
        }
        label.join();
        routes.put(item.id(), route);
      }
      EvaluationResponse evaluation =
          ctx.getBean(JudgeEvaluator.class)
              .evaluate(new EvaluationRequest(ITEMS.get(3).question(), ITEMS.get(3).good()));

      GateMonitor gate = ctx.getBean(GateMonitor.class);
      // what an offline evaluation pipeline would feed: 2 unsafe answers in 600, and 300 judged
      // comparisons with the
      // incumbent (win = 1), fewer than the offline step's minimum sample of 500
      gate.recordRate("unsafe_rate", Arm.CANDIDATE, 2, 600);
      for (int i = 0; i < 300; i++) {
        gate.record("win_rate", Arm.CANDIDATE, i % 10 < 6 ? 1 : 0);
      }
      GateDecision automatic = gate.evaluate();
      gate.override(
          new HumanOverride(
              HumanOverride.Action.PROMOTE, "release-manager", "offline review signed off"));

      MeterRegistry meters = ctx.getBean(MeterRegistry.class);
      long judgeCalls =
          meters.find(MicrometerMetrics.JUDGE_CALLS).timers().stream()
              .mapToLong(t -> t.count())
              .sum();
      String json =
          JsonMapper.builder()
              .build()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(ctx.getBean(Align4jEndpoint.class).report());
      return new Report(
          routes,
          router.stats(),
          ctx.getBean(FeedbackStore.class).size(),
          evaluation,
          automatic,
          gate.stage().name(),
          judgeCalls,
          json);
    }
  }

  public static void print(Report r, PrintStream out) {
    out.println(
        "align4j Spring Boot starter (judge on an OFFLINE STAND-IN chat model: a word-overlap heuristic, "
            + "not an LLM)");
    r.routes()
        .forEach(
            (id, route) ->
                out.println(
                    "  "
                        + id
                        + " labelled by "
                        + (route.equals("AI_ONLY") ? "the judge alone" : "the human stand-in")
                        + " ("
                        + route
                        + ")"));
    out.printf(
        Locale.ROOT,
        "router: AI share %.2f, AI failures %d, labels stored %d%n",
        r.stats().aiShare(),
        r.stats().aiFailures(),
        r.stored());
    out.printf(
        Locale.ROOT,
        "Spring AI evaluation of one answer: pass=%s score=%.2f (%s)%n",
        r.evaluation().isPass(),
        r.evaluation().getScore(),
        r.evaluation().getFeedback());
    out.println(
        "gate: automatic decision "
            + r.automatic().kind()
            + " ("
            + r.automatic().reasons().stream()
                .map(x -> x.check() + " " + x.code())
                .collect(Collectors.joining(", "))
            + "), then a person promoted it: stage "
            + r.stageAfterPromotion());
    out.println(
        "meter " + MicrometerMetrics.JUDGE_CALLS + ": " + r.judgeCalls() + " judge requests");
    out.println("GET /actuator/align4j:");
    out.println(r.endpointJson());
  }

  /** The application: a Spring AI chat model (the stand-in) and a meter registry; the starter does the rest. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  public static class ExampleApplication {
    /** Creates the configuration (Spring calls this). */
    public ExampleApplication() {}

    /** OFFLINE STAND-IN for a Spring AI provider (not an LLM): see {@link OfflineStandInChatModel}. */
    @Bean
    public ChatModel offlineStandInChatModel() {
      return new OfflineStandInChatModel();
    }

    /** A registry for the align4j meters (an application with Actuator's metrics gets one from Boot). */
    @Bean
    public MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }
}
