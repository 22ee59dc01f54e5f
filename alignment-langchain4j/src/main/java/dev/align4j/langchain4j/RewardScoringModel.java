package dev.align4j.langchain4j;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.scoring.ScoringModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Any align4j {@link RewardModel} as a LangChain4j {@link ScoringModel}: a trained reward model reranking RAG
 * candidates (LangChain4j's {@code ReRankingContentAggregator}) or any other scoring use. The query becomes a
 * single-turn prompt ({@code Prompt.of(query)}), each segment's text a completion, and
 * {@code scoreAll(segments, query)} is one {@link RewardModel#scoreAll} call.
 *
 * <p>Scores are the reward model's own scale (a Bradley–Terry model's log-odds, unbounded), so a {@code minScore}
 * given to {@code ReRankingContentAggregator} is a reward threshold on that scale; {@link #withSigmoid()} maps each
 * score through {@code σ(r) = 1 / (1 + e^(−r))} into (0, 1) for code that expects a probability-like relevance.
 *
 * <p>A reward model that returns NaN for a segment, or not one score per segment, is an
 * {@link IllegalStateException} naming the model and the segment: a NaN would reach LangChain4j's reranker, which
 * sorts and filters by score and does not expect one. Thread-safe when the reward model is.
 */
public final class RewardScoringModel implements ScoringModel {
  private final RewardModel reward;
  private final boolean sigmoid;

  private RewardScoringModel(RewardModel reward, boolean sigmoid) {
    this.reward = reward;
    this.sigmoid = sigmoid;
  }

  /** Raw rewards as scores. */
  public static RewardScoringModel of(RewardModel reward) {
    return new RewardScoringModel(Require.nonNull("reward", reward), false);
  }

  /** A copy whose scores are {@code σ(reward)}. */
  public RewardScoringModel withSigmoid() {
    return new RewardScoringModel(reward, true);
  }

  @Override
  public Response<List<Double>> scoreAll(List<TextSegment> segments, String query) {
    Require.nonNull("segments", segments);
    Require.nonNull("query", query);
    List<Completion> completions = new ArrayList<>(segments.size());
    for (int i = 0; i < segments.size(); i++) {
      completions.add(
          Completion.of(Require.nonNull("segments[" + i + "]", segments.get(i)).text()));
    }
    double[] r = reward.scoreAll(Prompt.of(query), completions);
    if (r.length != completions.size()) {
      throw new IllegalStateException(
          "reward model "
              + reward
              + " returned "
              + r.length
              + " scores for "
              + completions.size()
              + " segments");
    }
    List<Double> out = new ArrayList<>(r.length);
    for (int i = 0; i < r.length; i++) {
      double v = r[i];
      if (Double.isNaN(v)) {
        // a NaN would reach LangChain4j's reranker, whose sort and minScore filter do not expect it
        throw new IllegalStateException(
            "reward model " + reward + " returned NaN for segment " + i);
      }
      out.add(sigmoid ? StableMath.sigmoid(v) : v);
    }
    return Response.from(out);
  }

  @Override
  public String toString() {
    return "RewardScoringModel[" + reward + (sigmoid ? ", sigmoid" : "") + "]";
  }
}
