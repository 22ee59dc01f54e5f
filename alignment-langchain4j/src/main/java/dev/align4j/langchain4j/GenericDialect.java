package dev.align4j.langchain4j;

import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.TokenLogProb;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;

/** {@link ProviderDialect#generic()}: the core parameters; no log-probabilities. */
final class GenericDialect implements ProviderDialect {
  static final GenericDialect INSTANCE = new GenericDialect();

  private GenericDialect() {}

  @Override
  public ChatRequestParameters parameters(ChatRequest request) {
    return ProviderDialect.coreParameters(request).build();
  }

  @Override
  public List<TokenLogProb> logProbs(ChatResponse response) {
    return List.of();
  }

  @Override
  public String name() {
    return "generic";
  }
}
