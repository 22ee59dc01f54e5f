package dev.align4j.rewards.llm;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.WilsonInterval;
import java.util.List;

/**
 * How often a groupwise judge ranks first the candidate it was shown first, against chance. Over the judge calls of
 * one or more {@link GroupJudgement}s with G ≥ 2 candidates and a unique top score, counts the calls whose top
 * candidate was the one shown first. A judge whose scores do not depend on the shown order puts its top candidate at
 * every position equally often when the orders are shuffled, so the rate is {@code 1/G} (the mean of {@code 1/G}
 * over the counted calls when group sizes differ); the interval is Wilson's (core {@link WilsonInterval}). Calls whose
 * top score is shared are left out (their count is reported), since "ranked first" is not defined for them.
 *
 * @param counted calls with G ≥ 2 and a unique top
 * @param firstShownTop of those, calls whose unique top was the candidate shown first
 * @param tiedTop calls with G ≥ 2 left out because their top score was shared
 * @param chance the rate of a judge without position bias (mean of 1/G over the counted calls)
 * @param lower the lower end of the interval of the rate
 * @param upper the upper end of the interval of the rate
 * @param confidence the interval's confidence, e.g. 0.95
 */
public record PositionBiasEstimate(
    long counted,
    long firstShownTop,
    long tiedTop,
    double chance,
    double lower,
    double upper,
    double confidence) {

  /** Validates. */
  public PositionBiasEstimate {
    Require.argument(
        counted >= 0 && firstShownTop >= 0 && firstShownTop <= counted && tiedTop >= 0,
        "counts must satisfy 0 <= firstShownTop <= counted and tiedTop >= 0, were %d, %d, %d",
        firstShownTop,
        counted,
        tiedTop);
    Require.inClosedRange("chance", chance, 0, 1);
    Require.inClosedRange("lower", lower, 0, 1);
    Require.inClosedRange("upper", upper, lower, 1);
    Require.inOpenRange("confidence", confidence, 0, 1);
  }

  /**
   * The estimate over every call of {@code judgements} at confidence {@code 1 − alpha}.
   *
   * @throws IllegalArgumentException if no call can be counted (every group of one, or every top shared)
   */
  public static PositionBiasEstimate of(List<GroupJudgement> judgements, double alpha) {
    Require.nonNull("judgements", judgements);
    Require.inOpenRange("alpha", alpha, 0, 1);
    long counted = 0;
    long first = 0;
    long tied = 0;
    double chanceSum = 0;
    for (GroupJudgement j : judgements) {
      int g = j.candidates().size();
      if (g < 2) {
        continue;
      }
      for (GroupJudgement.Call c : j.calls()) {
        int top = c.uniqueTop();
        if (top < 0) {
          tied++;
          continue;
        }
        counted++;
        chanceSum += 1.0 / g;
        if (top == c.shownFirst()) {
          first++;
        }
      }
    }
    Require.argument(
        counted > 0,
        "judgements must hold a call with at least 2 candidates and a unique top score, had %d with a shared top",
        tied);
    double[] ci = WilsonInterval.twoSided(first, counted, alpha);
    return new PositionBiasEstimate(
        counted, first, tied, chanceSum / counted, ci[0], ci[1], 1 - alpha);
  }

  /** The share of counted calls whose top candidate was shown first. */
  public double rate() {
    return counted == 0 ? chance : (double) firstShownTop / counted;
  }

  /** The rate above chance (negative when the first position is disfavoured). */
  public double excess() {
    return rate() - chance;
  }

  /** Whether chance lies outside the interval: the judge favours (or disfavours) the first position. */
  public boolean biased() {
    return chance < lower || chance > upper;
  }
}
