package dev.align4j.springai;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/** A scripted Spring AI chat model for tests: answers each prompt with {@code script}, and keeps the prompts. */
public final class StubSpringAiModel implements ChatModel {
  public final List<Prompt> prompts = new CopyOnWriteArrayList<>();
  private final Function<Prompt, ChatResponse> script;
  private final ChatOptions defaults;

  public StubSpringAiModel(ChatOptions defaults, Function<Prompt, ChatResponse> script) {
    this.defaults = defaults;
    this.script = script;
  }

  /** A model with Spring AI's portable default options (no log-probability switch). */
  public static StubSpringAiModel portable(Function<Prompt, ChatResponse> script) {
    return new StubSpringAiModel(ChatOptions.builder().model("stub-portable").build(), script);
  }

  /** A model whose options follow the OpenAI builder convention (log-probabilities can be switched on). */
  public static StubSpringAiModel openAiLike(Function<Prompt, ChatResponse> script) {
    return new StubSpringAiModel(OpenAiLikeOptions.builder().model("stub-openai").build(), script);
  }

  @Override
  public ChatResponse call(Prompt prompt) {
    prompts.add(prompt);
    return script.apply(prompt);
  }

  @Override
  public ChatOptions getDefaultOptions() {
    return defaults;
  }

  /** An answer with {@code text}, finish reason STOP, usage 11/3 and the given generation metadata. */
  public static ChatResponse answer(String text, Map<String, Object> metadata) {
    ChatGenerationMetadata.Builder m = ChatGenerationMetadata.builder().finishReason("STOP");
    m.metadata(metadata);
    return new ChatResponse(
        List.of(new Generation(new AssistantMessage(text), m.build())),
        ChatResponseMetadata.builder().usage(new DefaultUsage(11, 3)).build());
  }

  /** The text of the first user message of {@code prompt}. */
  public static String userText(Prompt prompt) {
    return prompt.getUserMessage().getText();
  }
}
