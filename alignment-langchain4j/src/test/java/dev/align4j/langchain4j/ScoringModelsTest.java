package dev.align4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.scoring.ScoringModel;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.aggregator.ReRankingContentAggregator;
import dev.langchain4j.rag.query.Query;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Scoring models both ways; the align4j side reranks through LangChain4j's {@code ReRankingContentAggregator}. */
class ScoringModelsTest {

  @Test
  void aRewardModelReranksRagCandidatesInLangChain4jsAggregator() {
    // reward: how many words of the query the candidate shares, minus a length penalty (a stand-in
    // trained model)
    RewardModel overlap =
        (p, c) -> {
          double shared = 0;
          for (String w : p.lastUserText().toLowerCase().split("\\W+")) {
            if (!w.isEmpty() && c.text().toLowerCase().contains(w)) {
              shared++;
            }
          }
          return shared - c.text().length() / 1000.0;
        };
    ReRankingContentAggregator aggregator =
        ReRankingContentAggregator.builder()
            .scoringModel(RewardScoringModel.of(overlap))
            .minScore(1.0)
            .build();
    Query q = Query.from("refund policy for damaged items");
    List<Content> candidates =
        List.of(
            Content.from("Shipping takes five days."),
            Content.from("Damaged items qualify for a full refund under our policy."),
            Content.from("Our refund policy: thirty days."));
    Map<Query, Collection<List<Content>>> in = Map.of(q, List.of(candidates));
    List<Content> out = aggregator.aggregate(in);
    assertEquals(
        List.of(
            "Damaged items qualify for a full refund under our policy.",
            "Our refund policy: thirty days."),
        out.stream().map(c -> c.textSegment().text()).toList(),
        "reranked by reward, below minScore dropped");
  }

  @Test
  void theSigmoidVariantMapsRewardsIntoZeroOne() {
    RewardModel r = (p, c) -> c.text().equals("a") ? 2.0 : -1.0;
    Response<List<Double>> out =
        RewardScoringModel.of(r)
            .withSigmoid()
            .scoreAll(List.of(TextSegment.from("a"), TextSegment.from("b")), "q");
    assertEquals(1 / (1 + Math.exp(-2.0)), out.content().get(0), 1e-15);
    assertEquals(1 / (1 + Math.exp(1.0)), out.content().get(1), 1e-15);
  }

  @Test
  void aScoringModelIsARewardModelWithOneCallPerGroup() {
    AtomicInteger calls = new AtomicInteger();
    List<String> queries = new ArrayList<>();
    ScoringModel reranker =
        (segments, query) -> {
          calls.incrementAndGet();
          queries.add(query);
          List<Double> s = new ArrayList<>();
          for (TextSegment t : segments) {
            s.add((double) t.text().length());
          }
          return Response.from(s);
        };
    LangChain4jRewardModel reward = LangChain4jRewardModel.of(reranker);
    Prompt conversation =
        Prompt.of(
            Message.system("sys"),
            Message.user("first"),
            Message.assistant("x"),
            Message.user("the question"));
    double[] s = reward.scoreAll(conversation, List.of(Completion.of("ab"), Completion.of("abcd")));
    assertEquals(2.0, s[0]);
    assertEquals(4.0, s[1]);
    assertEquals(1, calls.get(), "one scoreAll call for the group");
    assertEquals("the question", queries.get(0), "the default query is the last user message");
    assertEquals(2.0, reward.score(conversation, Completion.of("ab")));
    LangChain4jRewardModel whole = LangChain4jRewardModel.of(reranker, Prompt::text);
    whole.score(conversation, Completion.of("x"));
    assertEquals(conversation.text(), queries.get(queries.size() - 1));
  }

  @Test
  void aNanOrMissingScoreIsRefused() {
    ScoringModel nan = (segments, query) -> Response.from(List.of(Double.NaN));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> LangChain4jRewardModel.of(nan).score(Prompt.of("q"), Completion.of("a")));
    assertTrue(
        e.getMessage().contains("NaN") && e.getMessage().contains("completion 0"), e.getMessage());
    ScoringModel short1 = (segments, query) -> Response.from(List.of(1.0));
    e =
        assertThrows(
            IllegalStateException.class,
            () ->
                LangChain4jRewardModel.of(short1)
                    .scoreAll(Prompt.of("q"), List.of(Completion.of("a"), Completion.of("b"))));
    assertTrue(e.getMessage().contains("1 scores for 2 completions"), e.getMessage());
  }

  @Test
  void aNanRewardFailsTheRerankingInsteadOfRankingFirst() {
    // LangChain4j's aggregator sorts by score (NaN compares above every number) and keeps every
    // candidate without a minScore: unchecked, the NaN candidate would be returned first
    RewardModel broken = (p, c) -> c.text().startsWith("broken") ? Double.NaN : 1.0;
    ReRankingContentAggregator aggregator =
        ReRankingContentAggregator.builder().scoringModel(RewardScoringModel.of(broken)).build();
    Map<Query, Collection<List<Content>>> in =
        Map.of(
            Query.from("q"),
            List.of(List.of(Content.from("fine answer"), Content.from("broken answer"))));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> aggregator.aggregate(in));
    assertTrue(
        e.getMessage().contains("returned NaN for segment 1"),
        "names the segment: " + e.getMessage());
  }

  @Test
  void aRewardModelReturningTheWrongNumberOfScoresIsRefused() {
    RewardModel oneScore =
        new RewardModel() {
          @Override
          public double score(Prompt prompt, Completion completion) {
            return 1.0;
          }

          @Override
          public double[] scoreAll(Prompt prompt, List<Completion> completions) {
            return new double[] {1.0};
          }
        };
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                RewardScoringModel.of(oneScore)
                    .scoreAll(List.of(TextSegment.from("a"), TextSegment.from("b")), "q"));
    assertTrue(e.getMessage().contains("1 scores for 2 segments"), e.getMessage());
  }
}
