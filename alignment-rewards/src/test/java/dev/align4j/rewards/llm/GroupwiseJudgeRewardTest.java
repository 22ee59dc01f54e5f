package dev.align4j.rewards.llm;

import static dev.align4j.rewards.llm.RubricJudgeRewardTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.llm.GroupwiseJudgeReward.RewardKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GroupwiseJudgeRewardTest {
  private static final Prompt Q = Prompt.of("Summarise the incident report in one sentence.");
  private static final Pattern SHOWN = Pattern.compile("\\[Answer (\\d+)]\\ncandidate (\\d+)\\b");

  private static List<Completion> candidates(int g) {
    List<Completion> out = new ArrayList<>();
    for (int i = 0; i < g; i++) {
      out.add(Completion.of("candidate " + i + " text"));
    }
    return out;
  }

  /** Which candidate the rendered prompt shows at each position (0-based), read back from the text. */
  private static int[] shownOrder(String prompt) {
    List<Integer> order = new ArrayList<>();
    Matcher m = SHOWN.matcher(prompt);
    while (m.find()) {
      assertEquals(order.size() + 1, Integer.parseInt(m.group(1)));
      order.add(Integer.parseInt(m.group(2)));
    }
    return order.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * A scripted stand-in judge: reads which candidate is at which position and answers one line per position with the
   * score {@code scorer(candidate, position)}.
   */
  private static ChatModel judge(BiFunction<Integer, Integer, Double> scorer) {
    return request -> {
      int[] shown = shownOrder(request.messages().get(0).content());
      StringBuilder sb = new StringBuilder("Comparing the answers.\n");
      for (int p = 0; p < shown.length; p++) {
        sb.append(
            String.format(
                Locale.ROOT, "Answer %d: [[%s]] reason %d%n", p + 1, scorer.apply(shown[p], p), p));
      }
      return ChatResponse.ofText(sb.toString());
    };
  }

  @Test
  void scoresAreMappedBackFromShownPositionsToCandidates() {
    double[] quality = {0.3, 0.9, 0.1};
    GroupwiseJudgeReward r =
        GroupwiseJudgeReward.builder(judge((c, p) -> quality[c])).calls(1).build();
    GroupJudgement j = r.judgeGroup(Q, candidates(3));
    assertArrayEquals(quality, j.rewards(), 1e-15);
    assertArrayEquals(new double[] {2, 1, 3}, j.meanRanks(), 1e-15);
    assertEquals(1, j.calls().size());
    assertTrue(j.calls().get(0).rawAnswer().contains("reason 2"));
    assertArrayEquals(quality, r.scoreAll(Q, candidates(3)), 1e-15);
    // a 0-10 scale is normalised: 7 -> 0.7
    GroupwiseJudgeReward tenPoint =
        GroupwiseJudgeReward.builder(judge((c, p) -> 10 * quality[c]))
            .scale(new RatingScale(0, 10))
            .build();
    assertArrayEquals(quality, tenPoint.scoreAll(Q, candidates(3)), 1e-12);
  }

  @Test
  void theDefaultOrdersAreALatinSquare() {
    for (int g = 2; g <= 7; g++) {
      GroupJudgement j =
          GroupwiseJudgeReward.builder(judge((c, p) -> 0.5))
              .random(new SplittableRandom(g))
              .build()
              .judgeGroup(Q, candidates(g));
      assertEquals(g, j.calls().size());
      int[][] count = new int[g][g];
      for (GroupJudgement.Call call : j.calls()) {
        assertEquals(g, new HashSet<>(call.shownOrder()).size());
        for (int p = 0; p < g; p++) {
          count[call.shownOrder().get(p)][p]++;
        }
      }
      for (int[] row : count) {
        for (int n : row) {
          assertEquals(1, n, "every candidate at every position once, G=" + g);
        }
      }
    }
  }

  @Test
  void aPlantedFirstPositionBonusCancelsExactlyAndTheTrueOrderIsRecovered() {
    // qualities on 0-10; the judge adds 4.5 to whichever candidate it sees first
    double[] q = {1, 4, 5, 3};
    ChatModel biased = judge((c, p) -> q[c] + (p == 0 ? 4.5 : 0));
    GroupJudgement score =
        GroupwiseJudgeReward.builder(biased)
            .scale(new RatingScale(0, 10))
            .build()
            .judgeGroup(Q, candidates(4));
    // by hand: each candidate is first once in four calls, so mean = (q + 4.5/4) / 10
    assertArrayEquals(new double[] {0.2125, 0.5125, 0.6125, 0.4125}, score.rewards(), 1e-12);
    assertEquals(List.of(2, 1, 3, 0), score.order());
    GroupJudgement rank =
        GroupwiseJudgeReward.builder(biased)
            .scale(new RatingScale(0, 10))
            .rewardKind(RewardKind.RANK)
            .build()
            .judgeGroup(Q, candidates(4));
    // by hand: ranks per call with candidate 0/1/2/3 first: c0 1,4,4,4; c1 3,1,2,3; c2 2,2,1,2; c3
    // 4,3,3,1
    assertArrayEquals(new double[] {3.25, 2.25, 1.75, 2.75}, rank.meanRanks(), 1e-12);
    assertArrayEquals(new double[] {0.25, 1.75 / 3, 0.75, 1.25 / 3}, rank.rewards(), 1e-12);
    assertEquals(List.of(2, 1, 3, 0), rank.order());
    Ranking label = rank.toRanking(Provenance.ai("stand-in", null, Instant.EPOCH));
    assertEquals(List.of(2, 1, 3, 0), label.order());
    assertEquals(candidates(4), label.candidates());
    // RULER's single call does not cancel it: for some shuffles the first-shown, not the best,
    // comes out on top
    int wrong = 0;
    for (int seed = 0; seed < 20; seed++) {
      GroupJudgement single =
          GroupwiseJudgeReward.builder(biased)
              .scale(new RatingScale(0, 10))
              .calls(1)
              .random(new SplittableRandom(seed))
              .build()
              .judgeGroup(Q, candidates(4));
      if (!single.order().equals(List.of(2, 1, 3, 0))) {
        wrong++;
      }
    }
    assertTrue(wrong >= 10, "single calls with the wrong order: " + wrong + " of 20");
  }

  /**
   * A judge that, with probability {@code pi}, gives the first-shown candidate the top score whatever its quality,
   * and otherwise scores honestly (qualities 0.1..0.8, distinct).
   */
  private static ChatModel stochasticFirstPositionJudge(double pi, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    return request -> {
      int[] shown = shownOrder(request.messages().get(0).content());
      boolean favour = rnd.nextDouble() < pi;
      StringBuilder sb = new StringBuilder();
      for (int p = 0; p < shown.length; p++) {
        double s = favour && p == 0 ? 1.0 : 0.1 * (shown[p] + 1);
        sb.append(String.format(Locale.ROOT, "Answer %d: [[%.2f]]%n", p + 1, s));
      }
      return ChatResponse.ofText(sb.toString());
    };
  }

  private static PositionBiasEstimate measure(double pi, int groups, int g, long seed) {
    GroupwiseJudgeReward r =
        GroupwiseJudgeReward.builder(stochasticFirstPositionJudge(pi, seed))
            .random(new SplittableRandom(seed))
            .build();
    List<GroupJudgement> js = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      js.add(r.judgeGroup(Q, candidates(g)));
    }
    return PositionBiasEstimate.of(js, 0.05);
  }

  @Test
  void theMeasuredFirstPositionRateCoversThePlantedOne() {
    // planted: pi = 0.4, G = 4; the honest top is shown first in 1/G of the calls, so the rate is
    // 0.4 + 0.6 / 4
    double planted = 0.4 + 0.6 / 4;
    PositionBiasEstimate e = measure(0.4, 50, 4, 7);
    assertEquals(200, e.counted());
    assertEquals(0, e.tiedTop());
    assertEquals(0.25, e.chance(), 1e-15);
    assertTrue(e.lower() <= planted && planted <= e.upper(), e.toString());
    assertTrue(e.biased(), e.toString());
    assertTrue(e.excess() > 0.15, e.toString());
    int covered = 0;
    int seeds = 40;
    for (int seed = 0; seed < seeds; seed++) {
      PositionBiasEstimate s = measure(0.4, 50, 4, 100 + seed);
      if (s.lower() <= planted && planted <= s.upper()) {
        covered++;
      }
    }
    assertTrue(
        covered >= 36, "95% intervals covering the planted rate: " + covered + " of " + seeds);
    // an honest judge: chance is inside the interval
    PositionBiasEstimate honest = measure(0, 50, 4, 7);
    assertEquals(
        0.25,
        honest.rate(),
        1e-15,
        "a Latin square puts the honest top first in exactly 1/G of calls");
    assertFalse(honest.biased(), honest.toString());
  }

  @Test
  void theEstimateCountsByHandAndUsesWilsonsInterval() {
    List<Completion> two = candidates(2);
    List<Completion> three = candidates(3);
    GroupJudgement a =
        new GroupJudgement(
            Q,
            two,
            List.of(
                new GroupJudgement.Call(List.of(0, 1), new double[] {0.9, 0.1}, "x"),
                new GroupJudgement.Call(List.of(1, 0), new double[] {0.9, 0.1}, "x")),
            new double[] {0.9, 0.1},
            new double[] {1, 2},
            new double[] {0.9, 0.1});
    GroupJudgement b =
        new GroupJudgement(
            Q,
            three,
            List.of(
                new GroupJudgement.Call(List.of(2, 0, 1), new double[] {0.1, 0.2, 0.8}, "x"),
                new GroupJudgement.Call(List.of(0, 1, 2), new double[] {0.5, 0.5, 0.1}, "x"),
                new GroupJudgement.Call(List.of(1, 2, 0), new double[] {0.3, 0.9, 0.2}, "x")),
            new double[] {0.3, 0.5, 0.4},
            new double[] {2, 2, 2},
            new double[] {0.3, 0.5, 0.4});
    GroupJudgement one =
        new GroupJudgement(
            Q,
            candidates(1),
            List.of(new GroupJudgement.Call(List.of(0), new double[] {0.7}, "x")),
            new double[] {0.7},
            new double[] {1},
            new double[] {0.7});
    PositionBiasEstimate e = PositionBiasEstimate.of(List.of(a, b, one), 0.05);
    assertEquals(4, e.counted());
    assertEquals(3, e.firstShownTop());
    assertEquals(1, e.tiedTop());
    assertEquals(5.0 / 12.0, e.chance(), 1e-15);
    // scipy/python Wilson score interval, z = norm.ppf(0.975): (0.3006418425824019,
    // 0.9544127391902995)
    assertEquals(0.3006418425824019, e.lower(), 1e-12);
    assertEquals(0.9544127391902995, e.upper(), 1e-12);
    assertEquals(0.95, e.confidence(), 1e-15);
    assertFalse(e.biased());
    assertMessage(() -> PositionBiasEstimate.of(List.of(one), 0.05), "judgements", "unique top");
  }

  @Test
  void midRanksMatchScipyRankdata() {
    // scipy.stats.rankdata(-x): [2.5, 1, 2.5, 4], [2, 2, 2], [4, 2, 2, 2, 5]
    assertArrayEquals(
        new double[] {2.5, 1, 2.5, 4},
        GroupwiseJudgeReward.midRanks(new double[] {0.5, 0.9, 0.5, 0.1}));
    assertArrayEquals(
        new double[] {2, 2, 2}, GroupwiseJudgeReward.midRanks(new double[] {3, 3, 3}));
    assertArrayEquals(
        new double[] {4, 2, 2, 2, 5},
        GroupwiseJudgeReward.midRanks(new double[] {0.2, 0.7, 0.7, 0.7, 0.1}));
  }

  @Test
  void aSeededJudgeIsDeterministic() {
    double[] q = {0.2, 0.4, 0.6, 0.8, 0.5};
    ChatModel honest = judge((c, p) -> q[c]);
    List<List<Integer>> first =
        orders(GroupwiseJudgeReward.builder(honest).random(new SplittableRandom(3)).build());
    List<List<Integer>> again =
        orders(GroupwiseJudgeReward.builder(honest).random(new SplittableRandom(3)).build());
    List<List<Integer>> other =
        orders(GroupwiseJudgeReward.builder(honest).random(new SplittableRandom(4)).build());
    assertEquals(first, again);
    assertNotEquals(first, other);
    PositionBiasEstimate x = measure(0.3, 20, 5, 11);
    PositionBiasEstimate y = measure(0.3, 20, 5, 11);
    assertEquals(x, y);
  }

  private static List<List<Integer>> orders(GroupwiseJudgeReward r) {
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      for (GroupJudgement.Call c : r.judgeGroup(Q, candidates(5)).calls()) {
        out.add(c.shownOrder());
      }
    }
    return out;
  }

  @Test
  void malformedJudgeOutputFailsTheGroupNamingTheCallAndTheAnswer() {
    String[][] cases = {
      {"Answer 1: [[0.5]]\nAnswer 3: [[0.2]]", "call 1 of 3: no line \"Answer 2: [[score]]\""},
      {
        "Answer 1: [[0.5]]\nAnswer 2: [[0.4]]\nAnswer 3: [[0.2]]\nAnswer 7: [[0.9]]",
        "answer number 7 is outside 1..3"
      },
      {
        "Answer 1: [[0.5]]\nAnswer 2: [[1.5]]\nAnswer 3: [[0.2]]",
        "answer 2: rating 1.5 is outside the scale 0..1"
      },
      {"Answer 1: [[0.5]]\nAnswer 2: great\nAnswer 3: [[0.2]]", "answer 2: no rating found"},
      {"I prefer answer 2 over answer 1.", "no line \"Answer 1: [[score]]\""},
    };
    for (String[] c : cases) {
      GroupwiseJudgeReward r =
          GroupwiseJudgeReward.builder(request -> ChatResponse.ofText(c[0])).build();
      UnscorableCompletionException e =
          assertThrows(
              UnscorableCompletionException.class, () -> r.scoreAll(Q, candidates(3)), c[0]);
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
      assertEquals(c[0], e.result().rawAnswer());
    }
    ChatModel down =
        request -> {
          throw new ChatModelException("503", true, null);
        };
    assertThrows(
        ChatModelException.class,
        () -> GroupwiseJudgeReward.builder(down).build().scoreAll(Q, candidates(2)));
  }

  @Test
  void thePromptShowsEveryCandidateOnceWithRulersStandards() {
    List<String> sent = new ArrayList<>();
    AtomicInteger n = new AtomicInteger();
    ChatModel scripted =
        request -> {
          sent.add(request.messages().get(0).content());
          n.incrementAndGet();
          assertEquals(3 * 128, request.maxTokens());
          return judge((c, p) -> 0.5).chat(request);
        };
    GroupwiseJudgeReward.builder(scripted).calls(2).build().scoreAll(Q, candidates(3));
    assertEquals(2, n.get());
    String text = sent.get(0);
    assertTrue(text.contains(Q.text()), text);
    assertTrue(text.contains("score from 0 to 1"), text);
    assertTrue(text.contains("Partial progress towards the goal earns partial credit."), text);
    assertTrue(text.contains("for every answer from 1 to 3"), text);
    Set<Integer> shown = new HashSet<>();
    for (int c : shownOrder(text)) {
      shown.add(c);
    }
    assertEquals(Set.of(0, 1, 2), shown);
    assertTrue(text.contains("[End of answer 3]"), text);
  }

  @Test
  void aGroupOfOneIsAnAbsoluteScoreOrRefused() {
    GroupwiseJudgeReward score = GroupwiseJudgeReward.builder(judge((c, p) -> 0.7)).build();
    assertEquals(0.7, score.score(Q, Completion.of("candidate 0 only")), 1e-15);
    GroupwiseJudgeReward rank =
        GroupwiseJudgeReward.builder(judge((c, p) -> 0.7)).rewardKind(RewardKind.RANK).build();
    assertMessage(
        () -> rank.score(Q, Completion.of("candidate 0 only")),
        "candidates",
        "RewardKind.RANK",
        "1");
  }

  @Test
  void badInputIsRefusedByName() {
    GroupwiseJudgeReward r = GroupwiseJudgeReward.builder(judge((c, p) -> 0.5)).build();
    assertMessage(() -> r.scoreAll(Q, List.of()), "candidates", "at least 1");
    List<Completion> withNull = new ArrayList<>(candidates(2));
    withNull.add(null);
    NullPointerException npe =
        assertThrows(NullPointerException.class, () -> r.scoreAll(Q, withNull));
    assertTrue(npe.getMessage().contains("candidates[2]"), npe.getMessage());
    assertMessage(() -> GroupwiseJudgeReward.builder(judge((c, p) -> 0.5)).calls(0), "calls", "0");
    assertMessage(
        () -> GroupwiseJudgeReward.builder(judge((c, p) -> 0.5)).template("rank {question}"),
        "template",
        "{answers}");
    assertMessage(
        () -> GroupwiseJudgeReward.builder(judge((c, p) -> 0.5)).maxTokensPerCandidate(-1),
        "tokens");
    assertMessage(() -> PositionBiasEstimate.of(List.of(), 1.5), "alpha", "1.5");
  }
}
