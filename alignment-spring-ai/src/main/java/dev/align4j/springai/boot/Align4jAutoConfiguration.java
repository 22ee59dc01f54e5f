package dev.align4j.springai.boot;

import dev.align4j.core.RolloutStage;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.feedback.judge.LlmJudge;
import dev.align4j.feedback.route.FileReviewQueue;
import dev.align4j.feedback.route.HumanReviewQueue;
import dev.align4j.feedback.route.HybridRouter;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.StagedRolloutGate;
import dev.align4j.rollout.audit.AuditLog;
import dev.align4j.rollout.guardrail.Guardrails;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import dev.align4j.rollout.traffic.InMemoryTrafficController;
import dev.align4j.rollout.traffic.TrafficController;
import dev.align4j.springai.JudgeEvaluator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * The align4j Spring Boot starter: from the {@code align4j.*} properties ({@link Align4jProperties}) it creates
 *
 * <ul>
 *   <li>{@code align4jChatModel} — the application's Spring AI chat model as align4j's ({@code SpringAiChatModel},
 *       see {@link SpringAiChatModelConfiguration});
 *   <li>{@code align4jJudge} — an {@link LlmJudge} on it, and {@code align4jJudgeEvaluator} — the judge as a Spring AI
 *       {@code Evaluator} ({@link JudgeEvaluator#binary});
 *   <li>{@code align4jFeedbackStore} — the durable {@link FeedbackStore}
 *       {@code <align4j.feedback.directory>/feedback.jsonl};
 *   <li>{@code align4jReviewQueue} — a {@link FileReviewQueue} {@code <directory>/review-queue.jsonl} (the human side);
 *   <li>{@code align4jRouterObserver} and {@code align4jRouter} — the {@link HybridRouter} over the judge (measured by
 *       {@link MeteredFeedbackSource}), the queue and the store, observed by {@link RouterObserver};
 *   <li>{@code align4jGateConfig}, {@code align4jTrafficController}, {@code align4jRolloutGate} and
 *       {@code align4jGateMonitor} — a {@link StagedRolloutGate} with a file audit log, and the {@link GateMonitor}
 *       through which the application should call it (unless {@code align4j.rollout.enabled=false});
 *   <li>{@code align4jMetrics} (Micrometer, {@link Align4jMetricsConfiguration}) and {@code align4jEndpoint} (Actuator,
 *       {@link Align4jEndpointConfiguration}) when those are on the class path.
 * </ul>
 *
 * <p>Every bean is {@code @ConditionalOnMissingBean}: an application bean of the same type replaces it (its own
 * {@code GateConfig}, a real {@code TrafficController}, an {@code alignment-review} queue, another judge). The judge
 * exists only when an align4j or a (single or primary) Spring AI chat model does, the router only when the judge does.
 * A {@link Clock} bean, if the application has exactly one, is the time source; otherwise the UTC system clock.
 * {@code align4j.enabled=false} switches the whole starter off.
 *
 * <p>Ordered last among auto-configurations ({@code @AutoConfigureOrder(LOWEST_PRECEDENCE)}): a bean condition sees
 * only the beans registered before it, and the Spring AI chat model usually comes from a provider starter's
 * auto-configuration (default order, and {@code org.springframework.ai...} sorts after {@code dev.align4j...} by
 * name), so without it the starter would find no chat model and create no judge and no router.
 */
@AutoConfiguration
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
@ConditionalOnProperty(
    prefix = "align4j",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(Align4jProperties.class)
@Import({
  SpringAiChatModelConfiguration.class,
  Align4jMetricsConfiguration.class,
  Align4jEndpointConfiguration.class
})
public class Align4jAutoConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(Align4jAutoConfiguration.class);

  /** Creates the configuration (Spring calls this). */
  public Align4jAutoConfiguration() {}

  /** {@code align4jJudge}: an {@link LlmJudge} on the align4j chat model, configured by {@code align4j.judge.*}. */
  @Bean
  @ConditionalOnBean(type = "dev.align4j.core.llm.ChatModel")
  @ConditionalOnMissingBean(LlmJudge.class)
  public LlmJudge align4jJudge(
      ChatModel model, Align4jProperties properties, ObjectProvider<Clock> clock) {
    Align4jProperties.Judge p = properties.getJudge();
    LlmJudge.Builder b =
        LlmJudge.builder()
            .model(model)
            .topLogProbs(p.getTopLogProbs())
            .combination(p.getCombination())
            .random(new SplittableRandom(p.getSeed()))
            .clock(clock(clock));
    if (p.getMaxTokens() > 0) {
      b.maxTokens(p.getMaxTokens());
    }
    if (p.getVersion() != null) {
      b.version(p.getVersion());
    }
    return b.build();
  }

  /**
   * {@code align4jJudgeEvaluator}: the judge as a Spring AI {@code Evaluator} (binary: pass = "acceptable", score =
   * p(yes)), measured like the router's judge calls.
   */
  @Bean
  @ConditionalOnBean(LlmJudge.class)
  @ConditionalOnMissingBean(JudgeEvaluator.class)
  public JudgeEvaluator align4jJudgeEvaluator(
      LlmJudge judge, ObjectProvider<Align4jMetrics> metrics) {
    return JudgeEvaluator.binary(
        new MeteredFeedbackSource(
            judge, metrics.getIfAvailable(() -> Align4jMetrics.NONE), System::nanoTime));
  }

  /** {@code align4jFeedbackStore}: {@code <align4j.feedback.directory>/feedback.jsonl}, opened (and locked). */
  @Bean
  @ConditionalOnMissingBean(FeedbackStore.class)
  public FeedbackStore align4jFeedbackStore(
      Align4jProperties properties, ObjectProvider<Clock> clock) {
    Path dir =
        directory(
            properties,
            "align4j.feedback.directory",
            "the durable feedback store (feedback.jsonl)");
    return FeedbackStore.open(
        dir.resolve("feedback.jsonl"), properties.getFeedback().getFsync(), clock(clock));
  }

  /** {@code align4jReviewQueue}: the human side, {@code <align4j.feedback.directory>/review-queue.jsonl}. */
  @Bean
  @ConditionalOnMissingBean(HumanReviewQueue.class)
  public FileReviewQueue align4jReviewQueue(
      Align4jProperties properties, ObjectProvider<Clock> clock) {
    Path dir =
        directory(
            properties,
            "align4j.feedback.directory",
            "the human review queue (review-queue.jsonl)");
    return FileReviewQueue.open(dir.resolve("review-queue.jsonl"), clock(clock));
  }

  /** {@code align4jRouterObserver}: the router's metrics listener and slice-recording slicer. */
  @Bean
  @ConditionalOnMissingBean(RouterObserver.class)
  public RouterObserver align4jRouterObserver(
      Align4jProperties properties, ObjectProvider<Align4jMetrics> metrics) {
    return new RouterObserver(
        properties.getRouter().getCategoryKey(), metrics.getIfAvailable(() -> Align4jMetrics.NONE));
  }

  /** {@code align4jRouter}: the {@link HybridRouter} configured by {@code align4j.router.*}. */
  @Bean
  @ConditionalOnBean(LlmJudge.class)
  @ConditionalOnMissingBean(HybridRouter.class)
  public HybridRouter align4jRouter(
      LlmJudge judge,
      HumanReviewQueue queue,
      FeedbackStore store,
      RouterObserver observer,
      Align4jProperties properties,
      ObjectProvider<Align4jMetrics> metrics,
      ObjectProvider<Clock> clock) {
    Align4jProperties.Router p = properties.getRouter();
    HybridRouter.Builder b =
        HybridRouter.builder()
            .ai(
                new MeteredFeedbackSource(
                    judge, metrics.getIfAvailable(() -> Align4jMetrics.NONE), System::nanoTime))
            .humans(queue)
            .store(store)
            .listener(observer)
            .categoryKey(p.getCategoryKey())
            .slicer(observer.slicer())
            .confidenceThreshold(p.getConfidenceThreshold())
            .minKappa(p.getMinKappa())
            .auditFraction(p.getAuditFraction())
            .humanCategories(p.getHumanCategories())
            .agreement(p.getAgreementWindow(), p.getMinAgreementSamples())
            .showAiSuggestion(p.isShowAiSuggestion())
            .random(new SplittableRandom(p.getSeed()))
            .clock(clock(clock));
    if (p.getHumanBudget() != null) {
      b.humanBudget(p.getHumanBudget());
    }
    return b.build();
  }

  /**
   * {@code align4jGateConfig}: the plan OFFLINE_EVAL (unless {@code offline=false}) → SHADOW (unless
   * {@code shadow-percent=0}) → CANARY at each of {@code canary-percents} → FULL, every step with
   * {@code min-sample-per-arm} (the shadow and canary steps also with {@code min-duration} / {@code max-duration}),
   * and two guardrails: {@code unsafe_rate} (critical, anytime-valid, at most {@code unsafe-rate-limit}) and
   * {@code win_rate} (offline and shadow, at least 1/2 − {@code win-rate-margin}, mSPRT τ = 0.05).
   */
  @Bean
  @ConditionalOnProperty(
      prefix = "align4j.rollout",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  @ConditionalOnMissingBean(GateConfig.class)
  public GateConfig align4jGateConfig(Align4jProperties properties) {
    Align4jProperties.Rollout p = properties.getRollout();
    StageLimits limits =
        StageLimits.minSample(p.getMinSamplePerArm())
            .withDurations(p.getMinDuration(), p.getMaxDuration());
    StagePlan.Builder plan = StagePlan.builder();
    List<RolloutStage> judged = new ArrayList<>();
    if (p.isOffline()) {
      plan.offline(StageLimits.minSample(p.getMinSamplePerArm()));
      judged.add(RolloutStage.OFFLINE_EVAL);
    }
    if (p.getShadowPercent() > 0) {
      plan.shadowPercent(p.getShadowPercent(), limits);
      judged.add(RolloutStage.SHADOW);
    }
    plan.canaryPercent(
        limits, p.getCanaryPercents().stream().mapToDouble(Double::doubleValue).toArray());
    GateConfig.Builder config =
        GateConfig.builder(plan.build())
            .metric(Guardrails.unsafeRate("unsafe_rate", p.getUnsafeRateLimit()).build());
    if (!judged.isEmpty()) {
      config.metric(
          Guardrails.winRate("win_rate", p.getWinRateMargin(), 0.05)
              .stages(judged.get(0), judged.subList(1, judged.size()).toArray(new RolloutStage[0]))
              .build());
    }
    return config.build();
  }

  /** {@code align4jTrafficController}: an in-memory controller (replace it with one that moves real traffic). */
  @Bean
  @ConditionalOnProperty(
      prefix = "align4j.rollout",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  @ConditionalOnMissingBean(TrafficController.class)
  public InMemoryTrafficController align4jTrafficController() {
    LOG.info(
        "align4j rollout: no TrafficController bean, the gate moves traffic in memory only (define a "
            + "TrafficController bean to act on your router)");
    return new InMemoryTrafficController();
  }

  /** {@code align4jRolloutGate}: the gate over the configuration, with its hash-chained audit log. */
  @Bean
  @ConditionalOnProperty(
      prefix = "align4j.rollout",
      name = "enabled",
      havingValue = "true",
      matchIfMissing = true)
  @ConditionalOnMissingBean(StagedRolloutGate.class)
  public StagedRolloutGate align4jRolloutGate(
      GateConfig config,
      TrafficController traffic,
      Align4jProperties properties,
      ObjectProvider<Clock> clock) {
    Align4jProperties.Rollout p = properties.getRollout();
    Path audit = p.getAuditLog();
    if (audit == null) {
      audit =
          directory(
                  properties,
                  "align4j.rollout.audit-log",
                  "the rollout gate's audit log (set it, or align4j.feedback.directory for "
                      + "<directory>/rollout-audit.jsonl)")
              .resolve("rollout-audit.jsonl");
    } else {
      createDirectories(audit.toAbsolutePath().getParent());
    }
    StagedRolloutGate.Builder b =
        StagedRolloutGate.builder(config)
            .clock(clock(clock))
            .traffic(traffic)
            .auditLog(AuditLog.jsonl(audit));
    if (p.getCandidateModel() != null) {
      b.model("candidate", p.getCandidateModel());
    }
    if (p.getIncumbentModel() != null) {
      b.model("incumbent", p.getIncumbentModel());
    }
    return b.build();
  }

  /** {@code align4jGateMonitor}: the thread-safe, observed handle on the gate. */
  @Bean
  @ConditionalOnBean(StagedRolloutGate.class)
  @ConditionalOnMissingBean(GateMonitor.class)
  public GateMonitor align4jGateMonitor(
      StagedRolloutGate gate,
      Align4jProperties properties,
      ObjectProvider<Align4jMetrics> metrics) {
    return new GateMonitor(
        gate,
        metrics.getIfAvailable(() -> Align4jMetrics.NONE),
        properties.getRollout().getRecentDecisions());
  }

  private static Clock clock(ObjectProvider<Clock> clock) {
    return clock.getIfUnique(Clock::systemUTC);
  }

  /** The feedback directory, created if missing; a clear start-up failure when it is not set. */
  private static Path directory(Align4jProperties properties, String property, String forWhat) {
    Path dir = properties.getFeedback().getDirectory();
    if (dir == null) {
      throw new InvalidConfigurationPropertyValueException(
          property,
          null,
          "no value: align4j.feedback.directory (a directory) is required for " + forWhat);
    }
    createDirectories(dir);
    return dir;
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the align4j directory " + dir, e);
    }
  }
}
