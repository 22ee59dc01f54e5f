package dev.align4j.springai.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.feedback.judge.LlmJudge;
import dev.align4j.springai.SpringAiChatModel;
import dev.align4j.springai.StubSpringAiModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * With several Spring AI chat models and no primary one the starter configures no judge; {@link ChatModelChoice} says
 * why (naming the beans) instead of leaving it to the condition report, and stays quiet when there is a choice.
 */
class ChatModelChoiceTest {
  @TempDir Path dir;

  private static ChatModel stub() {
    return StubSpringAiModel.portable(p -> StubSpringAiModel.answer("Verdict: 1", Map.of()));
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoModels {
    @Bean
    ChatModel fastModel() {
      return stub();
    }

    @Bean
    ChatModel carefulModel() {
      return stub();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TwoModelsOnePrimary {
    @Bean
    ChatModel fastModel() {
      return stub();
    }

    @Bean
    @Primary
    ChatModel carefulModel() {
      return stub();
    }
  }

  private ApplicationContextRunner runner(Class<?> user) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(Align4jAutoConfiguration.class))
        .withUserConfiguration(user)
        .withPropertyValues("align4j.feedback.directory=" + dir);
  }

  @Test
  void severalModelsWithoutAPrimaryAreNamedInTheWarning() {
    runner(TwoModels.class)
        .run(
            ctx -> {
              assertNull(ctx.getStartupFailure());
              assertEquals(0, ctx.getBeanNamesForType(LlmJudge.class).length, "no judge");
              Optional<String> problem = ctx.getBean(ChatModelChoice.class).problem();
              assertTrue(problem.isPresent(), "a warning");
              String text = problem.get();
              assertTrue(text.contains("fastModel") && text.contains("carefulModel"), text);
              assertTrue(text.contains("@Primary"), text);
            });
  }

  @Test
  void aPrimaryModelIsChosenAndNothingIsSaid() {
    runner(TwoModelsOnePrimary.class)
        .run(
            ctx -> {
              assertEquals(1, ctx.getBeanNamesForType(SpringAiChatModel.class).length);
              assertEquals(1, ctx.getBeanNamesForType(LlmJudge.class).length);
              assertEquals(Optional.empty(), ctx.getBean(ChatModelChoice.class).problem());
            });
  }
}
