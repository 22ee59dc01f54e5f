package dev.align4j.springai.boot;

import dev.align4j.springai.SpringAiChatModel;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Part of {@link Align4jAutoConfiguration}: the application's Spring AI {@link ChatModel} (one, or the primary one)
 * as align4j's chat model, unless the application defines an align4j {@code ChatModel} bean itself. In a file of its
 * own because the two {@code ChatModel} types cannot both be imported in one source file.
 */
@Configuration(proxyBeanMethods = false)
public class SpringAiChatModelConfiguration {

  /** Creates the configuration (Spring calls this). */
  public SpringAiChatModelConfiguration() {}

  /** {@code align4jChatModel}: a {@link SpringAiChatModel} over the application's Spring AI chat model. */
  @Bean
  @ConditionalOnSingleCandidate(ChatModel.class)
  @ConditionalOnMissingBean(type = "dev.align4j.core.llm.ChatModel")
  public SpringAiChatModel align4jChatModel(ChatModel chatModel, Align4jProperties properties) {
    SpringAiChatModel.Builder b = SpringAiChatModel.builder(chatModel);
    String id = properties.getJudge().getModelId();
    if (id != null) {
      b.modelId(id);
    }
    return b.build();
  }

  /** {@code align4jChatModelChoice}: warns when several Spring AI chat models and no primary leave align4j none. */
  @Bean
  public static ChatModelChoice align4jChatModelChoice(ConfigurableListableBeanFactory beans) {
    return new ChatModelChoice(beans);
  }
}
