package dev.align4j.springai.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.route.FileReviewQueue;
import dev.align4j.feedback.route.HybridRouter;
import dev.align4j.springai.StubSpringAiModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A provider that rejects the key: the item goes to a human, the judge-failure meters count it, and the endpoint shows
 * the typed failure without the provider's message (which quotes the key).
 */
class FailureObservabilityTest {
  @TempDir Path dir;

  @Test
  void aFailingProviderIsCountedAndReportedWithoutItsMessage() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(Align4jAutoConfiguration.class))
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(
            ChatModel.class,
            () ->
                StubSpringAiModel.portable(
                    p -> {
                      throw new NonTransientAiException("401 - invalid key sk-secret-123");
                    }))
        .withPropertyValues("align4j.feedback.directory=" + dir)
        .run(
            ctx -> {
              HybridRouter router = ctx.getBean(HybridRouter.class);
              FeedbackRequest r =
                  FeedbackRequest.pairwise(
                      "f1", Prompt.of("Which is better?"), Completion.of("a"), Completion.of("b"));
              CompletableFuture<?> label = router.request(r).toCompletableFuture();
              FileReviewQueue queue = ctx.getBean(FileReviewQueue.class);
              assertEquals(1, queue.pendingCount(), "the item went to a human");
              queue.submit(
                  "f1",
                  PairwiseComparison.preferring(
                      r.prompt(),
                      Completion.of("a"),
                      Completion.of("b"),
                      Provenance.human("bob", Instant.now())));
              label.get(10, TimeUnit.SECONDS);

              MeterRegistry meters = ctx.getBean(MeterRegistry.class);
              assertEquals(
                  1,
                  meters
                      .find(MicrometerMetrics.JUDGE_CALLS)
                      .tags("kind", "pairwise", "outcome", "failure")
                      .timer()
                      .count());
              assertEquals(
                  1.0,
                  meters
                      .find(MicrometerMetrics.JUDGE_FAILURES)
                      .tags("exception", "AuthenticationException")
                      .counter()
                      .count());
              assertEquals(
                  1.0,
                  meters
                      .find(MicrometerMetrics.ROUTER_TO_HUMAN)
                      .tags("reason", "AI_FAILED")
                      .counter()
                      .count());

              @SuppressWarnings("unchecked")
              Map<String, Object> routerJson =
                  (Map<String, Object>) ctx.getBean(Align4jEndpoint.class).report().get("router");
              assertEquals(1L, routerJson.get("aiFailures"));
              assertEquals(true, routerJson.get("aiDown"));
              String last = (String) routerJson.get("lastAiFailure");
              assertTrue(
                  last.startsWith("AuthenticationException: the Spring AI chat model"), last);
              assertTrue(last.contains("HTTP 401"), last);
              assertFalse(
                  ctx.getBean(Align4jEndpoint.class).report().toString().contains("sk-secret"),
                  "the key quoted by the provider's message is not in the endpoint");
            });
  }
}
