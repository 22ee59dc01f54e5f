package dev.align4j.springai;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.document.Document;
import org.springframework.ai.evaluation.EvaluationRequest;

/**
 * The align4j prompt and completion of a Spring AI {@link EvaluationRequest}: the user text is the prompt; retrieved
 * documents, when the request has any, come before it as numbered context (what the judge and the reward model should
 * take into account); the response content is the completion. A missing user text or response is empty text.
 */
final class EvaluationPrompts {
  private EvaluationPrompts() {}

  static Prompt prompt(EvaluationRequest request) {
    String user = request.getUserText() == null ? "" : request.getUserText();
    List<Document> documents = request.getDataList() == null ? List.of() : request.getDataList();
    List<String> context = new ArrayList<>();
    for (Document d : documents) {
      if (d != null && d.getText() != null && !d.getText().isBlank()) {
        context.add(d.getText().strip());
      }
    }
    if (context.isEmpty()) {
      return Prompt.of(user);
    }
    StringBuilder sb = new StringBuilder("Context:\n");
    for (int i = 0; i < context.size(); i++) {
      sb.append('[').append(i + 1).append("] ").append(context.get(i)).append('\n');
    }
    sb.append("\nQuestion:\n").append(user);
    return Prompt.of(sb.toString());
  }

  static Completion completion(EvaluationRequest request) {
    return Completion.of(request.getResponseContent() == null ? "" : request.getResponseContent());
  }
}
