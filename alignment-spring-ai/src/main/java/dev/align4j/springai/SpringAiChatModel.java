package dev.align4j.springai;

import dev.align4j.core.check.Require;
import dev.align4j.core.llm.BadResponseException;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.llm.NonRetriableChatModelException;
import dev.align4j.core.llm.TokenLogProb;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * A Spring AI {@link ChatModel} as align4j's {@link dev.align4j.core.llm.ChatModel}, so that
 * {@code LlmJudge}, {@code LlmJudgeReward} and critique–revision run on whatever provider the application configured
 * in Spring AI.
 *
 * <p><b>Request.</b> The provider's default options ({@code getDefaultOptions().mutate()}, so the provider's own
 * options type with the application's model name) with align4j's temperature, token budget and stop sequences; the
 * seed is not passed (Spring AI's portable options have none). System, user and assistant turns map to Spring AI's
 * messages of the same role; a tool turn is refused ({@link IllegalArgumentException}).
 *
 * <p><b>Log-probabilities.</b> When the request asks for them ({@code topLogProbs > 0}), {@link LogProbOptions}
 * switches them on in the provider's options (by default the OpenAI builder convention), and the answer's
 * {@code "logprobs"} generation metadata is read by shape ({@code LogProbsReader}: OpenAI's {@code LogProbs} record,
 * a list of entries, a map). When the provider has no switch or returns none, the answer carries no tokens — the
 * judge then uses its hard verdict (1, 0 or ½) — and the adapter logs this once at WARN (then at DEBUG): never an
 * exception.
 *
 * <p><b>Failures</b> are align4j's typed chat-model exceptions with the provider's exception as the cause (see
 * {@code ProviderFailures}): 401/403 → {@code AuthenticationException}, 429 → {@code RateLimitException}, timeouts →
 * {@code RemoteTimeoutException}, 409/5xx/I/O → retriable, other 4xx → non-retriable. An answer without generations
 * is a {@link BadResponseException} (retriable, as for align4j's HTTP client); one without text (a tool call, a
 * refusal) is non-retriable. The adapter itself never retries: Spring AI's providers retry already.
 *
 * <p>Thread-safe when the Spring AI model is (they are). Messages and logs name the model id, never a key.
 */
public final class SpringAiChatModel implements CoreChatModel {
  private final ChatModel model;
  private final String modelId;
  private final LogProbOptions logProbOptions;
  private final Logger log;
  private final AtomicBoolean warnedNoSwitch = new AtomicBoolean();
  private final AtomicBoolean warnedNoneReturned = new AtomicBoolean();

  private SpringAiChatModel(Builder b) {
    this.model = Require.nonNull("model", b.model);
    this.modelId = b.modelId != null ? b.modelId : defaultModelId(b.model);
    this.logProbOptions = b.logProbOptions;
    this.log = b.logger;
  }

  /** An adapter over {@code model} with the defaults of {@link Builder}. */
  public static SpringAiChatModel of(ChatModel model) {
    return builder(model).build();
  }

  /** A builder over {@code model}. */
  public static Builder builder(ChatModel model) {
    return new Builder(Require.nonNull("model", model));
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Require.nonNull("request", request);
    ChatOptions defaults = model.getDefaultOptions();
    ChatOptions.Builder<?> options = defaults != null ? defaults.mutate() : ChatOptions.builder();
    options.temperature(request.temperature()).maxTokens(request.maxTokens());
    if (!request.stop().isEmpty()) {
      options.stopSequences(request.stop());
    }
    boolean asked = false;
    if (request.wantsLogProbs()) {
      asked = logProbOptions.request(options, request.topLogProbs());
      if (!asked) {
        fallBack(warnedNoSwitch, "the provider's options ({}) have no log-probability switch");
      }
    }
    Prompt prompt = new Prompt(messages(request), options.build());
    Generation generation;
    ChatResponseMetadata responseMetadata;
    try {
      var answer = model.call(prompt); // Spring AI's ChatResponse
      generation = answer == null ? null : answer.getResult();
      responseMetadata = answer == null ? null : answer.getMetadata();
    } catch (RuntimeException e) {
      ChatModelException mapped = ProviderFailures.map(modelId, e);
      log.debug("chat model {}: {}", modelId, mapped.getMessage());
      throw mapped;
    }
    if (generation == null || generation.getOutput() == null) {
      throw new BadResponseException(
          "the Spring AI chat model " + modelId + " answered without a generation", null);
    }
    AssistantMessage output = generation.getOutput();
    ChatGenerationMetadata metadata = generation.getMetadata();
    Object refusal = metadata == null ? null : metadata.get("refusal");
    if (refusal instanceof String && !((String) refusal).isBlank()) {
      throw new NonRetriableChatModelException(
          "the Spring AI chat model " + modelId + " refused to answer", null);
    }
    String text = output.getText();
    if (text == null) {
      throw new NonRetriableChatModelException(
          "the Spring AI chat model "
              + modelId
              + " answered without text"
              + (output.hasToolCalls() ? " (a tool call)" : ""),
          null);
    }
    List<TokenLogProb> tokens = List.of();
    if (asked) {
      tokens = LogProbsReader.read(metadata == null ? null : metadata.get("logprobs"));
      if (tokens.isEmpty()) {
        fallBack(warnedNoneReturned, "the provider ({}) returned no readable log-probabilities");
      }
    }
    String finish = metadata == null ? null : metadata.getFinishReason();
    Usage usage = responseMetadata == null ? null : responseMetadata.getUsage();
    return new ChatResponse(
        text,
        tokens,
        finish == null || finish.isBlank() ? null : finish.toLowerCase(Locale.ROOT),
        count(usage == null ? null : usage.getPromptTokens()),
        count(usage == null ? null : usage.getCompletionTokens()));
  }

  private void fallBack(AtomicBoolean once, String what) {
    String message =
        "chat model "
            + modelId
            + ": log-probabilities were asked for, but "
            + what
            + "; judges use hard labels from the verdict text";
    if (once.compareAndSet(false, true)) {
      log.warn(
          message + " (logged once; see the alignment-spring-ai README)",
          model.getClass().getSimpleName());
    } else {
      log.debug(message, model.getClass().getSimpleName());
    }
  }

  private static int count(@Nullable Integer n) {
    return n == null || n < 0 ? -1 : n;
  }

  private static List<Message> messages(ChatRequest request) {
    var messages = request.messages(); // align4j's messages
    List<Message> out = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      var m = messages.get(i);
      switch (m.role()) {
        case SYSTEM:
          out.add(new SystemMessage(m.content()));
          break;
        case USER:
          out.add(new UserMessage(m.content()));
          break;
        case ASSISTANT:
          out.add(new AssistantMessage(m.content()));
          break;
        default:
          throw new IllegalArgumentException(
              "messages["
                  + i
                  + "] must be a system, user or assistant turn for a "
                  + "Spring AI chat model, was "
                  + m.role());
      }
    }
    return out;
  }

  private static String defaultModelId(ChatModel model) {
    ChatOptions defaults = model.getDefaultOptions();
    String name = defaults == null ? null : defaults.getModel();
    return name != null && !name.isBlank() ? name : model.getClass().getSimpleName();
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public String toString() {
    return "SpringAiChatModel[" + modelId + "]";
  }

  /** Configures a {@link SpringAiChatModel}. */
  public static final class Builder {
    private final ChatModel model;
    private @Nullable String modelId;
    private LogProbOptions logProbOptions = LogProbOptions.builderConvention();
    private Logger logger = LoggerFactory.getLogger(SpringAiChatModel.class);

    private Builder(ChatModel model) {
      this.model = model;
    }

    /**
     * The id for provenance (default: the model name of the provider's default options, else the Spring AI model's
     * class name). Never put a key in it.
     */
    public Builder modelId(String id) {
      this.modelId = Require.nonBlank("modelId", id);
      return this;
    }

    /** How log-probabilities are switched on (default {@link LogProbOptions#builderConvention()}). */
    public Builder logProbOptions(LogProbOptions options) {
      this.logProbOptions = Require.nonNull("logProbOptions", options);
      return this;
    }

    /** Where the adapter logs (default the class's slf4j logger). */
    public Builder logger(Logger l) {
      this.logger = Require.nonNull("logger", l);
      return this;
    }

    /** Builds the adapter. */
    public SpringAiChatModel build() {
      return new SpringAiChatModel(this);
    }
  }
}
