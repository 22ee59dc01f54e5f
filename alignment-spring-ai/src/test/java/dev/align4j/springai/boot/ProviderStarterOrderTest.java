package dev.align4j.springai.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.feedback.judge.LlmJudge;
import dev.align4j.feedback.route.HybridRouter;
import dev.align4j.springai.SpringAiChatModel;
import dev.align4j.springai.StubSpringAiModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;

/**
 * The Spring AI chat model coming from a provider starter's auto-configuration (as {@code spring-ai-starter-model-*}
 * provides it), not from an application bean. Boot evaluates auto-configurations in its sorted order (class name,
 * then {@code @AutoConfigureOrder}, then before/after) and a bean condition sees only what was registered before it:
 * a provider's auto-configuration of default order, named after {@code dev.align4j...} (Spring AI's are
 * {@code org.springframework.ai...}), must still be seen by the starter.
 */
class ProviderStarterOrderTest {
  @TempDir Path dir;

  /** Stands in for a provider starter's auto-configuration (default order, sorted after align4j's by name). */
  @AutoConfiguration
  static class ProviderChatModelAutoConfiguration {
    @Bean
    ChatModel providerChatModel() {
      return StubSpringAiModel.portable(p -> StubSpringAiModel.answer("Verdict: 1", Map.of()));
    }
  }

  @Test
  void theStarterSeesAChatModelFromAProviderAutoConfiguration() {
    AutoConfigurations configs =
        AutoConfigurations.of(
            Align4jAutoConfiguration.class, ProviderChatModelAutoConfiguration.class);
    // the provider's class sorts after align4j's by name: without an explicit order the starter
    // would be evaluated first
    assertTrue(
        ProviderChatModelAutoConfiguration.class
                .getName()
                .compareTo(Align4jAutoConfiguration.class.getName())
            > 0);
    new ApplicationContextRunner()
        .withConfiguration(configs)
        .withPropertyValues("align4j.feedback.directory=" + dir)
        .run(
            ctx -> {
              assertNull(ctx.getStartupFailure());
              assertEquals(
                  List.of("align4jChatModel"),
                  List.of(ctx.getBeanNamesForType(SpringAiChatModel.class)),
                  "the provider's chat model as align4j's");
              assertEquals("stub-portable", ctx.getBean(LlmJudge.class).modelId());
              assertEquals(1, ctx.getBeanNamesForType(HybridRouter.class).length);
            });
  }
}
