package dev.align4j.jpmscheck.langchain4jonly;

import dev.align4j.core.RewardModel;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.langchain4j.BestOfNChatModel;
import dev.align4j.langchain4j.ChatFeedbackRecorder;
import dev.align4j.langchain4j.LangChain4jChatModel;
import dev.align4j.langchain4j.RewardGuardrail;
import dev.align4j.langchain4j.RewardScoringModel;
import dev.align4j.rewards.feature.Featurizer;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.scoring.ScoringModel;

/** Names types of {@code dev.align4j.langchain4j} and of the modules its API exposes (align4j's and LangChain4j's). */
public final class Uses {
  private Uses() {}

  /**
   * Uses the API.
   *
   * @return a value, so that nothing is dead code
   */
  public static Object use() {
    ChatModel echo = new ChatModel() {
      @Override
      public ChatResponse doChat(ChatRequest request) {
        return ChatResponse.builder().aiMessage(AiMessage.from("ok")).build();
      }
    };
    RewardModel length = (p, c) -> c.text().length();
    ChatModel best = BestOfNChatModel.builder(echo, length).n(2).build();
    OutputGuardrail guardrail = RewardGuardrail.builder(length, 1.0).build();
    ScoringModel scoring = RewardScoringModel.of(length);
    return LangChain4jChatModel.of(best).modelId() + guardrail + scoring + Featurizer.class.getSimpleName()
        + FeedbackStore.class.getSimpleName()
        + ChatFeedbackRecorder.EVENT_ATTRIBUTE;
  }
}
