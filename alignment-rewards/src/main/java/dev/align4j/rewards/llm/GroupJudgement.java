package dev.align4j.rewards.llm;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a {@link GroupwiseJudgeReward} made of one group of G candidates for one prompt: every judge call (the order
 * the candidates were shown in and the score each got), and the position-bias-cancelled result (means over the calls,
 * by candidate, so that each candidate's shown positions average out).
 *
 * @param prompt the prompt
 * @param candidates the G candidates, in the caller's order (indices below refer to this order)
 * @param calls the judge calls, in the order they were made
 * @param meanScores per candidate, the mean over the calls of its score normalised to [0, 1] by the judge's scale
 * @param meanRanks per candidate, the mean over the calls of its rank (1 = best; tied scores share their mid-rank)
 * @param rewards per candidate, the reward handed to the policy gradient (the mean score, or the rank reward
 *     {@code (G − meanRank) / (G − 1)}, per {@link GroupwiseJudgeReward.RewardKind})
 */
public record GroupJudgement(
    Prompt prompt,
    List<Completion> candidates,
    List<Call> calls,
    double[] meanScores,
    double[] meanRanks,
    double[] rewards) {

  /** Validates and copies. */
  public GroupJudgement {
    Require.nonNull("prompt", prompt);
    candidates = List.copyOf(Require.nonEmpty("candidates", candidates));
    calls = List.copyOf(Require.nonEmpty("calls", calls));
    int g = candidates.size();
    Require.sameLength("candidates", g, "meanScores", meanScores.length);
    Require.sameLength("candidates", g, "meanRanks", meanRanks.length);
    Require.sameLength("candidates", g, "rewards", rewards.length);
    meanScores = Require.allFinite("meanScores", meanScores).clone();
    meanRanks = Require.allFinite("meanRanks", meanRanks).clone();
    rewards = Require.allFinite("rewards", rewards).clone();
  }

  /** One judge call: the order the candidates were shown in, the scores read, the judge's answer. */
  public record Call(List<Integer> shownOrder, double[] scores, String rawAnswer) {
    /**
     * Validates and copies.
     *
     * @param shownOrder {@code shownOrder.get(p)} is the candidate shown at position {@code p} (0 = first)
     * @param scores per candidate (caller's order), the score normalised to [0, 1]
     * @param rawAnswer the judge's answer, kept whole (its explanations per candidate)
     */
    public Call {
      shownOrder = List.copyOf(Require.nonEmpty("shownOrder", shownOrder));
      Require.sameLength("shownOrder", shownOrder.size(), "scores", scores.length);
      scores = Require.allFinite("scores", scores).clone();
      Require.nonNull("rawAnswer", rawAnswer);
    }

    /** The candidate shown first. */
    public int shownFirst() {
      return shownOrder.get(0);
    }

    /** The candidate with the strictly highest score, or -1 when the highest score is shared. */
    public int uniqueTop() {
      int best = 0;
      boolean tied = false;
      for (int i = 1; i < scores.length; i++) {
        if (scores[i] > scores[best]) {
          best = i;
          tied = false;
        } else if (scores[i] == scores[best]) {
          tied = true;
        }
      }
      return tied ? -1 : best;
    }

    @Override
    public double[] scores() {
      return scores.clone();
    }
  }

  @Override
  public double[] meanScores() {
    return meanScores.clone();
  }

  @Override
  public double[] meanRanks() {
    return meanRanks.clone();
  }

  @Override
  public double[] rewards() {
    return rewards.clone();
  }

  /**
   * The candidates from best to worst after cancelling position bias: by reward (descending), then mean rank
   * (ascending), then mean score (descending), then the caller's index.
   */
  public List<Integer> order() {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      idx.add(i);
    }
    idx.sort(
        Comparator.<Integer>comparingDouble(i -> -rewards[i])
            .thenComparingDouble(i -> meanRanks[i])
            .thenComparingDouble(i -> -meanScores[i])
            .thenComparingInt(i -> i));
    return List.copyOf(idx);
  }

  /**
   * The cancelled order as core's listwise label, the input of Plackett–Luce objectives.
   *
   * @param provenance who ranked (typically {@link Provenance#ai} with the judge's model id)
   * @throws IllegalArgumentException for a group of one candidate (a ranking needs two)
   */
  public Ranking toRanking(Provenance provenance) {
    return new Ranking(prompt, candidates, order(), provenance);
  }
}
