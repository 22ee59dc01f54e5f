package dev.align4j.rewards.ensemble;

import dev.align4j.core.check.Require;

/**
 * The member scores of an ensemble for one completion and their summary.
 *
 * @param memberScores one score per member (copied)
 * @param mean μ, the mean of the member scores
 * @param std σ, their population standard deviation (divisor n); 0 exactly when all members agree
 * @param min the lowest member score
 * @param conservative {@code μ − k·σ}
 */
public record EnsembleScore(double[] memberScores, double mean, double std, double min, double conservative) {

  /** Copies the member scores. */
  public EnsembleScore {
    memberScores = Require.allFinite("memberScores", Require.nonNull("memberScores", memberScores)).clone();
  }

  /** Summarises {@code scores} with uncertainty penalty {@code k}. */
  public static EnsembleScore of(double[] scores, double k) {
    Require.nonNull("scores", scores);
    Require.positive("scores.length", scores.length);
    // shifted by the first score: exact (mean = the common value, std = 0) when all members agree
    double shift = scores[0];
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    for (double s : scores) {
      sum += s - shift;
      min = Math.min(min, s);
    }
    double mean = shift + sum / scores.length;
    double var = 0;
    for (double s : scores) {
      var += (s - mean) * (s - mean);
    }
    double std = Math.sqrt(var / scores.length);
    return new EnsembleScore(scores, mean, std, min, mean - k * std);
  }

  /** A copy of the member scores. */
  @Override
  public double[] memberScores() {
    return memberScores.clone();
  }
}
