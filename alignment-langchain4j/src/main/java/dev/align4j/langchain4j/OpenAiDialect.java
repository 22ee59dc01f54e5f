package dev.align4j.langchain4j;

import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.TokenLogProb;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.openai.LogProb;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ProviderDialect#openAi()}: OpenAI's {@code seed}, {@code logprobs} and {@code top_logprobs} through
 * {@code langchain4j-open-ai}. Loaded only when used, so the dependency stays optional.
 *
 * <p>Reading: a token whose log-probability is missing makes the whole answer count as without log-probabilities (a
 * partial list would shift the answer-token positions the judges read); a log-probability above 0 (rounding) is read
 * as 0. Behind a {@link BestOfNChatModel} (whose answers carry {@link BestOfNMetadata}) the chosen answer's own
 * metadata is read. The seed: LangChain4j takes an {@code Integer}, so a {@code long} seed outside its range is
 * folded to {@code (int) (seed ^ (seed >>> 32))} — deterministic, and the same fold for the same seed.
 */
final class OpenAiDialect implements ProviderDialect {
  static final OpenAiDialect INSTANCE = new OpenAiDialect();

  private OpenAiDialect() {}

  @Override
  public ChatRequestParameters parameters(ChatRequest request) {
    OpenAiChatRequestParameters.Builder b =
        OpenAiChatRequestParameters.builder()
            .temperature(request.temperature())
            .maxOutputTokens(request.maxTokens());
    if (!request.stop().isEmpty()) {
      b.stopSequences(request.stop());
    }
    Long seed = request.seed();
    if (seed != null) {
      long s = seed;
      b.seed(s == (int) s ? (int) s : (int) (s ^ (s >>> 32)));
    }
    if (request.wantsLogProbs()) {
      b.logprobs(true).topLogprobs(request.topLogProbs());
    }
    return b.build();
  }

  @Override
  public List<TokenLogProb> logProbs(ChatResponse response) {
    ChatResponseMetadata metadata = response.metadata();
    if (metadata instanceof BestOfNMetadata best) {
      // a BestOfNChatModel around an OpenAI model: the chosen answer's own metadata
      metadata = best.chosenMetadata();
    }
    if (!(metadata instanceof OpenAiChatResponseMetadata m) || m.logProbs() == null) {
      return List.of();
    }
    List<TokenLogProb> out = new ArrayList<>(m.logProbs().size());
    for (LogProb p : m.logProbs()) {
      if (p == null || p.token() == null || p.logprob() == null) {
        return List.of();
      }
      List<TokenLogProb.Alternative> alternatives = new ArrayList<>();
      if (p.topLogprobs() != null) {
        for (LogProb a : p.topLogprobs()) {
          if (a != null && a.token() != null && a.logprob() != null) {
            alternatives.add(new TokenLogProb.Alternative(a.token(), Math.min(0.0, a.logprob())));
          }
        }
      }
      out.add(new TokenLogProb(p.token(), Math.min(0.0, p.logprob()), alternatives));
    }
    return out;
  }

  @Override
  public String name() {
    return "openai";
  }
}
