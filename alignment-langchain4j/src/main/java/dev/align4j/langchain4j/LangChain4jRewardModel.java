package dev.align4j.langchain4j;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.scoring.ScoringModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Any LangChain4j {@link ScoringModel} (a cross-encoder reranker: Cohere, Jina, Voyage, an in-process ONNX model) as an
 * align4j {@link RewardModel}: {@code score(prompt, completion) = scoringModel.score(completion.text(), query)} with
 * {@code query = queryOf(prompt)}, by default {@link Prompt#lastUserText()} (rerankers are trained on a short query,
 * not on a whole conversation; the function is configurable). {@link #scoreAll} is one {@code scoreAll} call of the
 * scoring model, so a best-of-n group costs one round trip.
 *
 * <p>The reward is the scoring model's own scale (a relevance logit or probability): higher is better, which is what
 * align4j needs; it is not a Bradley–Terry log-odds. A NaN or missing score is refused with an
 * {@link IllegalStateException} naming the model and the position (align4j reward models never return NaN); provider
 * failures propagate as LangChain4j threw them (its own {@code RetriableException} / {@code NonRetriableException}
 * split; align4j's typed exceptions are chat-model exceptions). Thread-safe when the scoring model is.
 */
public final class LangChain4jRewardModel implements RewardModel {
  private final ScoringModel model;
  private final Function<Prompt, String> queryOf;
  private final String name;

  private LangChain4jRewardModel(
      ScoringModel model, Function<Prompt, String> queryOf, String name) {
    this.model = model;
    this.queryOf = queryOf;
    this.name = name;
  }

  /** The query is the prompt's last user message. */
  public static LangChain4jRewardModel of(ScoringModel model) {
    Require.nonNull("model", model);
    return new LangChain4jRewardModel(
        model, Prompt::lastUserText, model.getClass().getSimpleName());
  }

  /** The query is {@code queryOf(prompt)} (e.g. {@code Prompt::text} for the whole conversation). */
  public static LangChain4jRewardModel of(ScoringModel model, Function<Prompt, String> queryOf) {
    return new LangChain4jRewardModel(
        Require.nonNull("model", model),
        Require.nonNull("queryOf", queryOf),
        model.getClass().getSimpleName());
  }

  @Override
  public double score(Prompt prompt, Completion completion) {
    return scoreAll(prompt, List.of(Require.nonNull("completion", completion)))[0];
  }

  @Override
  public double[] scoreAll(Prompt prompt, List<Completion> completions) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completions", completions);
    if (completions.isEmpty()) {
      return new double[0];
    }
    List<TextSegment> segments = new ArrayList<>(completions.size());
    for (Completion c : completions) {
      segments.add(TextSegment.from(c.text()));
    }
    Response<List<Double>> r = model.scoreAll(segments, queryOf.apply(prompt));
    List<Double> scores = r == null ? null : r.content();
    if (scores == null || scores.size() != completions.size()) {
      throw new IllegalStateException(
          "scoring model "
              + name
              + " returned "
              + (scores == null ? "no" : scores.size())
              + " scores for "
              + completions.size()
              + " completions");
    }
    double[] out = new double[scores.size()];
    for (int i = 0; i < out.length; i++) {
      Double s = scores.get(i);
      if (s == null || s.isNaN()) {
        throw new IllegalStateException(
            "scoring model " + name + " returned " + s + " for completion " + i);
      }
      out[i] = s;
    }
    return out;
  }

  @Override
  public String toString() {
    return "LangChain4jRewardModel[" + name + "]";
  }
}
