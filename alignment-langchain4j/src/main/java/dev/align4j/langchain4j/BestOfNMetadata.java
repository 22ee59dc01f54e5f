package dev.align4j.langchain4j;

import dev.align4j.core.check.Require;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The metadata of a {@link BestOfNChatModel} answer: LangChain4j's {@link ChatResponseMetadata} (its only extension
 * point: a subclass, as LangChain4j's provider modules do; {@code ChatResponse} has no free-form map) with the reward
 * of every sampled candidate, in sampling order, and the index of the one returned.
 *
 * <p>{@code id()}, {@code modelName()} and {@code finishReason()} are the chosen candidate's; {@code tokenUsage()} is
 * the sum over all n candidates (what the n calls cost). {@link #chosenMetadata()} is the chosen candidate's own
 * metadata (e.g. {@code OpenAiChatResponseMetadata} with its log-probabilities). A candidate that could not be scored
 * (an answer without text, such as a tool call) has a NaN score.
 */
public final class BestOfNMetadata extends ChatResponseMetadata {
  private final List<Double> scores;
  private final int chosenIndex;
  private final @Nullable ChatResponseMetadata chosenMetadata;

  private BestOfNMetadata(Builder b) {
    super(b);
    this.scores =
        Collections.unmodifiableList(new ArrayList<>(Require.nonEmpty("scores", b.scores)));
    this.chosenIndex = Require.inClosedRange("chosenIndex", b.chosenIndex, 0, scores.size() - 1);
    this.chosenMetadata = b.chosenMetadata;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The reward of each candidate, in sampling order (NaN for a candidate without text). */
  public List<Double> scores() {
    return scores;
  }

  /** How many candidates were sampled. */
  public int n() {
    return scores.size();
  }

  /** The index of the returned candidate in {@link #scores()}. */
  public int chosenIndex() {
    return chosenIndex;
  }

  /** The reward of the returned candidate. */
  public double chosenScore() {
    return scores.get(chosenIndex);
  }

  /** The returned candidate's own metadata, or null when its model returned none. */
  public @Nullable ChatResponseMetadata chosenMetadata() {
    return chosenMetadata;
  }

  @Override
  public Builder toBuilder() {
    return builder()
        .id(id())
        .modelName(modelName())
        .tokenUsage(tokenUsage())
        .finishReason(finishReason())
        .scores(scores)
        .chosenIndex(chosenIndex)
        .chosenMetadata(chosenMetadata);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof BestOfNMetadata m
        && super.equals(o)
        && scores.equals(m.scores)
        && chosenIndex == m.chosenIndex
        && Objects.equals(chosenMetadata, m.chosenMetadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), scores, chosenIndex, chosenMetadata);
  }

  @Override
  public String toString() {
    return "BestOfNMetadata{id="
        + id()
        + ", modelName="
        + modelName()
        + ", tokenUsage="
        + tokenUsage()
        + ", finishReason="
        + finishReason()
        + ", scores="
        + scores
        + ", chosenIndex="
        + chosenIndex
        + "}";
  }

  /** Builds {@link BestOfNMetadata}; scores and the chosen index are required. */
  public static final class Builder extends ChatResponseMetadata.Builder<Builder> {
    private List<Double> scores = List.of();
    private int chosenIndex = -1;
    private @Nullable ChatResponseMetadata chosenMetadata;

    private Builder() {}

    /** The reward of each candidate, in sampling order. */
    public Builder scores(List<Double> scores) {
      this.scores = Require.nonNull("scores", scores);
      return this;
    }

    /** The index of the returned candidate. */
    public Builder chosenIndex(int index) {
      this.chosenIndex = index;
      return this;
    }

    /** The returned candidate's own metadata. */
    public Builder chosenMetadata(@Nullable ChatResponseMetadata metadata) {
      this.chosenMetadata = metadata;
      return this;
    }

    @Override
    public BestOfNMetadata build() {
      return new BestOfNMetadata(this);
    }
  }
}
