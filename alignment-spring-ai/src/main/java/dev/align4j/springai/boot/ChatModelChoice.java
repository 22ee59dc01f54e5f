package dev.align4j.springai.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Part of {@link Align4jAutoConfiguration}: says at WARN, once the context's singletons exist, why the starter set up
 * no chat model, judge or router when the application has several Spring AI {@code ChatModel} beans and none is
 * {@code @Primary} (Boot's {@code @ConditionalOnSingleCandidate} then skips {@code align4jChatModel}, which before
 * was visible only in the condition report). It does nothing when the application defines an align4j
 * {@code dev.align4j.core.llm.ChatModel} bean itself, or when one Spring AI chat model (or a primary one) is there.
 */
public final class ChatModelChoice implements SmartInitializingSingleton {
  private static final Logger LOG = LoggerFactory.getLogger(ChatModelChoice.class);
  private static final String SPRING_AI_CHAT_MODEL = "org.springframework.ai.chat.model.ChatModel";
  private static final String ALIGN4J_CHAT_MODEL = "dev.align4j.core.llm.ChatModel";

  private final ConfigurableListableBeanFactory beans;

  /**
   * A check over {@code beans}.
   *
   * @param beans the application's bean factory
   */
  public ChatModelChoice(ConfigurableListableBeanFactory beans) {
    this.beans = beans;
  }

  /**
   * The problem, when there is one: the names of the Spring AI chat model beans and what to do about it.
   *
   * @return the warning's text, or empty when the starter could pick a chat model or was given one
   */
  public Optional<String> problem() {
    if (beans.getBeanNamesForType(type(ALIGN4J_CHAT_MODEL), true, false).length > 0) {
      return Optional.empty();
    }
    String[] names = beans.getBeanNamesForType(type(SPRING_AI_CHAT_MODEL), true, false);
    if (names.length < 2) {
      return Optional.empty();
    }
    List<String> listed = new ArrayList<>();
    for (String name : names) {
      if (beans.containsBeanDefinition(name) && beans.getBeanDefinition(name).isPrimary()) {
        return Optional.empty();
      }
      listed.add(name);
    }
    return Optional.of(
        "align4j: "
            + names.length
            + " Spring AI ChatModel beans "
            + listed
            + " and none is @Primary, so the starter configured no align4j chat model, judge or hybrid"
            + " router; mark the judge's model @Primary or define a dev.align4j.core.llm.ChatModel bean");
  }

  @Override
  public void afterSingletonsInstantiated() {
    problem().ifPresent(LOG::warn);
  }

  private Class<?> type(String name) {
    try {
      return Class.forName(name, false, beans.getBeanClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "the class path lacks " + name + ", which the starter needs", e);
    }
  }
}
