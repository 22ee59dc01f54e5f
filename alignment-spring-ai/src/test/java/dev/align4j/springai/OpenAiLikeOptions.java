package dev.align4j.springai;

import java.util.List;
import org.springframework.ai.chat.prompt.ChatOptions;

/**
 * Options of a provider that follows Spring AI's OpenAI builder convention ({@code logprobs(Boolean)},
 * {@code topLogprobs(Integer)}), as a test stand-in for {@code OpenAiChatOptions}.
 */
public final class OpenAiLikeOptions implements ChatOptions {
  final String model;
  final Double temperature;
  final Integer maxTokens;
  final List<String> stop;
  final Boolean logprobs;
  final Integer topLogprobs;

  OpenAiLikeOptions(Builder b) {
    this.model = b.model;
    this.temperature = b.temperature;
    this.maxTokens = b.maxTokens;
    this.stop = b.stop;
    this.logprobs = b.logprobs;
    this.topLogprobs = b.topLogprobs;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String getModel() {
    return model;
  }

  @Override
  public Double getFrequencyPenalty() {
    return null;
  }

  @Override
  public Integer getMaxTokens() {
    return maxTokens;
  }

  @Override
  public Double getPresencePenalty() {
    return null;
  }

  @Override
  public List<String> getStopSequences() {
    return stop;
  }

  @Override
  public Double getTemperature() {
    return temperature;
  }

  @Override
  public Integer getTopK() {
    return null;
  }

  @Override
  public Double getTopP() {
    return null;
  }

  @Override
  public Builder mutate() {
    Builder b = new Builder();
    b.model = model;
    b.temperature = temperature;
    b.maxTokens = maxTokens;
    b.stop = stop;
    b.logprobs = logprobs;
    b.topLogprobs = topLogprobs;
    return b;
  }

  public static final class Builder implements ChatOptions.Builder<Builder> {
    String model;
    Double temperature;
    Integer maxTokens;
    List<String> stop;
    Boolean logprobs;
    Integer topLogprobs;

    @Override
    public Builder clone() {
      return build().mutate();
    }

    @Override
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    @Override
    public Builder frequencyPenalty(Double p) {
      return this;
    }

    @Override
    public Builder maxTokens(Integer maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    @Override
    public Builder presencePenalty(Double p) {
      return this;
    }

    @Override
    public Builder stopSequences(List<String> stop) {
      this.stop = stop;
      return this;
    }

    @Override
    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    @Override
    public Builder topK(Integer topK) {
      return this;
    }

    @Override
    public Builder topP(Double topP) {
      return this;
    }

    public Builder logprobs(Boolean on) {
      this.logprobs = on;
      return this;
    }

    public Builder topLogprobs(Integer k) {
      this.topLogprobs = k;
      return this;
    }

    @Override
    public OpenAiLikeOptions build() {
      return new OpenAiLikeOptions(this);
    }

    @Override
    public Builder combineWith(ChatOptions.Builder<?> other) {
      return this;
    }
  }
}
