package dev.align4j.springai.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.RolloutStage;
import dev.align4j.feedback.judge.LlmJudge;
import dev.align4j.feedback.route.FileReviewQueue;
import dev.align4j.feedback.route.HybridRouter;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.StagedRolloutGate;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import dev.align4j.rollout.traffic.InMemoryTrafficController;
import dev.align4j.rollout.traffic.TrafficController;
import dev.align4j.springai.SpringAiChatModel;
import dev.align4j.springai.StubSpringAiModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;

@ExtendWith(OutputCaptureExtension.class)
class Align4jAutoConfigurationTest {
  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(Align4jAutoConfiguration.class))
        .withBean(
            ChatModel.class,
            () ->
                StubSpringAiModel.portable(p -> StubSpringAiModel.answer("Verdict: 1", Map.of())));
  }

  /** The failure and all its causes, one message per line. */
  private static String chain(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }

  @Test
  void createsTheJudgeStoreRouterAndGateFromProperties() {
    runner()
        .withPropertyValues(
            "align4j.feedback.directory=" + dir,
            "align4j.judge.version=2026-05",
            "align4j.router.audit-fraction=0.25",
            "align4j.rollout.canary-percents=2,10")
        .run(
            ctx -> {
              assertFalse(ctx.getStartupFailure() != null, () -> chain(ctx.getStartupFailure()));
              SpringAiChatModel model = ctx.getBean(SpringAiChatModel.class);
              assertEquals("stub-portable", model.modelId());
              assertEquals("stub-portable", ctx.getBean(LlmJudge.class).modelId());
              FeedbackStore store = ctx.getBean(FeedbackStore.class);
              assertEquals(dir.resolve("feedback.jsonl"), store.file());
              assertNotNull(ctx.getBean(FileReviewQueue.class));
              assertTrue(ctx.getBean(HybridRouter.class).toString().contains("auditFraction=0.25"));
              StagedRolloutGate gate = ctx.getBean(StagedRolloutGate.class);
              assertEquals(RolloutStage.OFFLINE_EVAL, gate.stage());
              // offline, shadow 10 %, canary 2 % and 10 %, then FULL
              assertEquals(5, gate.config().plan().size());
              assertEquals(2.0, gate.config().plan().step(2).weightPercent());
              assertEquals(dir.resolve("rollout-audit.jsonl"), gate.auditLog().file());
              assertNotNull(ctx.getBean(GateMonitor.class));
              assertNotNull(ctx.getBean(Align4jEndpoint.class));
              assertNotNull(ctx.getBean(MicrometerMetrics.class));
              assertTrue(Files.exists(dir.resolve("review-queue.jsonl")) || Files.exists(dir));
            });
  }

  @Test
  void applicationBeansReplaceTheStartersOwn() {
    GateConfig own =
        GateConfig.builder(StagePlan.builder().canaryPercent(StageLimits.minSample(1), 50).build())
            .build();
    InMemoryTrafficController traffic = new InMemoryTrafficController();
    runner()
        .withPropertyValues("align4j.feedback.directory=" + dir)
        .withBean(GateConfig.class, () -> own)
        .withBean(TrafficController.class, () -> traffic)
        .run(
            ctx -> {
              assertSame(own, ctx.getBean(StagedRolloutGate.class).config());
              assertSame(traffic, ctx.getBean(TrafficController.class));
              assertEquals(RolloutStage.CANARY, ctx.getBean(StagedRolloutGate.class).stage());
              assertEquals(
                  50.0, traffic.weightPercent(), "the gate actuated the application's controller");
            });
  }

  @Test
  void withoutAChatModelThereIsNoJudgeNorRouterButTheStoreAndGateExist() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(Align4jAutoConfiguration.class))
        .withPropertyValues("align4j.feedback.directory=" + dir)
        .run(
            ctx -> {
              assertFalse(ctx.getStartupFailure() != null, () -> chain(ctx.getStartupFailure()));
              assertTrue(ctx.getBeansOfType(LlmJudge.class).isEmpty());
              assertTrue(ctx.getBeansOfType(HybridRouter.class).isEmpty());
              assertNotNull(ctx.getBean(FeedbackStore.class));
              assertNotNull(ctx.getBean(GateMonitor.class));
            });
  }

  @Test
  void switchedOffItCreatesNothing() {
    runner()
        .withPropertyValues("align4j.enabled=false", "align4j.router.audit-fraction=7")
        .run(
            ctx -> {
              assertFalse(ctx.getStartupFailure() != null, () -> chain(ctx.getStartupFailure()));
              assertTrue(ctx.getBeansOfType(LlmJudge.class).isEmpty());
              assertTrue(ctx.getBeansOfType(FeedbackStore.class).isEmpty());
              assertTrue(ctx.getBeansOfType(Align4jProperties.class).isEmpty());
            });
    runner()
        .withPropertyValues("align4j.feedback.directory=" + dir, "align4j.rollout.enabled=false")
        .run(
            ctx -> {
              assertTrue(ctx.getBeansOfType(StagedRolloutGate.class).isEmpty());
              assertTrue(ctx.getBeansOfType(GateMonitor.class).isEmpty());
              assertNotNull(ctx.getBean(HybridRouter.class));
            });
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "align4j.router.audit-fraction|1.5|a probability in [0, 1]",
        "align4j.router.confidence-threshold|0.7|a number in [0, 0.5]",
        "align4j.router.min-kappa|-2|a Cohen's kappa in [-1, 1]",
        "align4j.router.min-agreement-samples|900|[1, align4j.router.agreement-window = 500]",
        "align4j.judge.top-log-probs|30|an integer in [0, 20]",
        "align4j.rollout.canary-percents|'20,5'|strictly increasing list of percentages in (0, 100)",
        "align4j.rollout.unsafe-rate-limit|0|a rate in (0, 1)",
        "align4j.rollout.max-duration|10m|a duration >= align4j.rollout.min-duration = PT1H",
        "align4j.rollout.recent-decisions|0|an integer in [1, 1000]"
      })
  void anInvalidPropertyFailsTheStartNamingPropertyValueAndExpectation(
      String property, String value, String expected) {
    runner()
        .withPropertyValues("align4j.feedback.directory=" + dir, property + "=" + value)
        .run(
            ctx -> {
              Throwable failure = ctx.getStartupFailure();
              assertNotNull(failure, "the context must not start with " + property + "=" + value);
              String text = chain(failure);
              assertTrue(
                  text.contains(property + " must be ")
                      && text.contains(expected)
                      && text.contains(
                          ", was " + value.replace("20,5", "[20.0, 5.0]").replace("10m", "PT10M")),
                  text);
            });
  }

  @Test
  void aMissingDirectoryFailsTheStartNamingTheProperty() {
    runner()
        .run(
            ctx -> {
              Throwable failure = ctx.getStartupFailure();
              assertNotNull(failure);
              String text = chain(failure);
              assertTrue(
                  text.contains("align4j.feedback.directory") && text.contains("is required for"),
                  text);
            });
  }

  @Test
  void aRealApplicationPrintsBootsReportWithPropertyValueOriginAndReason(CapturedOutput output) {
    SpringApplication app = new SpringApplication(BadApp.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    Throwable failure = null;
    try {
      app.run(
          "--align4j.feedback.directory=" + dir,
          "--align4j.router.audit-fraction=1.5",
          "--spring.main.banner-mode=off");
    } catch (RuntimeException e) {
      failure = e;
    }
    assertNotNull(failure, "the application must not start");
    String report = output.getAll();
    assertTrue(report.contains("APPLICATION FAILED TO START"), report);
    assertTrue(report.contains("Property: align4j.router.auditFraction"), report);
    assertTrue(report.contains("Value: \"1.5\""), report);
    assertTrue(
        report.contains(
            "Reason: align4j.router.audit-fraction must be a probability in [0, 1], was 1.5"),
        report);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class BadApp {
    @Bean
    ChatModel chatModel() {
      return StubSpringAiModel.portable(p -> StubSpringAiModel.answer("Verdict: 1", Map.of()));
    }
  }
}
