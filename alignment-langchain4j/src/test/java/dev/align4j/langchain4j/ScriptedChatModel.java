package dev.align4j.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

/** A LangChain4j chat model for tests: the i-th call (from 0) answers {@code answers.apply(i)}; records requests. */
final class ScriptedChatModel implements ChatModel {
  final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
  private final IntFunction<String> answers;

  ScriptedChatModel(IntFunction<String> answers) {
    this.answers = answers;
  }

  /** Answers the given texts in turn, the last one from then on. */
  static ScriptedChatModel of(String... answers) {
    return new ScriptedChatModel(i -> answers[Math.min(i, answers.length - 1)]);
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    int i;
    synchronized (requests) {
      i = requests.size();
      requests.add(request);
    }
    return ChatResponse.builder()
        .aiMessage(AiMessage.from(answers.apply(i)))
        .id("call-" + i)
        .modelName("scripted")
        .tokenUsage(new TokenUsage(10, i + 1))
        .finishReason(FinishReason.STOP)
        .build();
  }
}
