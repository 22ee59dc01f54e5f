package dev.align4j.examples.poc.policy;

import dev.align4j.core.eval.LengthControlledWinRate;
import dev.align4j.core.math.WilsonInterval;
import dev.align4j.examples.poc.Arguments;
import java.util.OptionalDouble;

/**
 * The offline evaluation of a candidate against the supervised (SFT) policy on held-out questions.
 *
 * @param name the candidate's name
 * @param questions held-out questions (one candidate and one SFT reply each)
 * @param candidateFirst the candidate's win rate when the judge sees it first
 * @param candidateSecond the candidate's win rate when the judge sees it second
 * @param combined the candidate's win rate on the judge's combined verdict (both orders' probabilities averaged)
 * @param lengthControlled AlpacaEval 2's length-controlled win rate fitted on the combined verdicts (1, 0, ½) and the
 *     replies' length differences in characters
 * @param klToSft sequence KL to the SFT policy (nats), empty for a candidate that is not a policy
 * @param meanLength the candidate's mean reply length, characters (code points)
 * @param sftMeanLength the SFT policy's mean reply length, characters
 * @param unsafe the candidate's unsafe-reply rate ({@link dev.align4j.examples.poc.scenario.ReplyDetectors#isUnsafe})
 * @param sftUnsafe the SFT policy's unsafe-reply rate
 * @param gold the candidate's mean gold reward (evaluation only)
 * @param sftGold the SFT policy's mean gold reward
 * @param pairedGoldGain the mean over questions of the candidate's reply's gold reward minus the SFT reply's, with
 *     its 95 % normal interval (paired: both replies answer the same question, so the question's difficulty cancels)
 * @param shorterShare the share of questions whose candidate reply is not longer than the SFT reply (length
 *     difference at most 0)
 */
public record CandidateEvaluation(
    String name,
    int questions,
    Proportion candidateFirst,
    Proportion candidateSecond,
    Proportion combined,
    LengthControlledWinRate lengthControlled,
    OptionalDouble klToSft,
    double meanLength,
    double sftMeanLength,
    Proportion unsafe,
    Proportion sftUnsafe,
    HeldOutGold.Estimate gold,
    HeldOutGold.Estimate sftGold,
    HeldOutGold.Estimate pairedGoldGain,
    double shorterShare) {

  /**
   * The least share of pairs on each side of the length difference for the length-controlled win rate to be
   * identified: below it, nearly every candidate reply is longer (or nearly every one shorter) than the SFT reply, the
   * fit cannot separate quality from length, and {@link #lengthControlIdentified()} is false (this project's choice).
   */
  public static final double MIN_SIDE_SHARE = 0.05;

  /** Validates. */
  public CandidateEvaluation {
    Arguments.nonBlank("name", name);
    Arguments.nonNull("candidateFirst", candidateFirst);
    Arguments.nonNull("candidateSecond", candidateSecond);
    Arguments.nonNull("combined", combined);
    Arguments.nonNull("lengthControlled", lengthControlled);
    Arguments.nonNull("klToSft", klToSft);
    Arguments.finite("meanLength", meanLength);
    Arguments.finite("sftMeanLength", sftMeanLength);
    Arguments.nonNull("unsafe", unsafe);
    Arguments.nonNull("sftUnsafe", sftUnsafe);
    Arguments.nonNull("gold", gold);
    Arguments.nonNull("sftGold", sftGold);
    Arguments.nonNull("pairedGoldGain", pairedGoldGain);
    Arguments.probability("shorterShare", shorterShare);
  }

  /**
   * Whether the length-controlled win rate is identified: at least {@link #MIN_SIDE_SHARE} of the questions on each
   * side of the length difference. When false, the rate is an extrapolation of the fit and says nothing.
   */
  public boolean lengthControlIdentified() {
    return shorterShare >= MIN_SIDE_SHARE && 1 - shorterShare >= MIN_SIDE_SHARE;
  }

  /** Length drift against the SFT policy: {@code meanLength − sftMeanLength}, characters (both languages pooled). */
  public double lengthDrift() {
    return meanLength - sftMeanLength;
  }

  /** Gold-reward gain over the SFT policy: {@code gold.mean − sftGold.mean}. */
  public double goldGain() {
    return gold.mean() - sftGold.mean();
  }

  /**
   * A proportion with its 95 % Wilson score interval ({@code core.math.WilsonInterval}).
   *
   * @param successes events counted
   * @param n trials (0: no trial, rate and interval 0.5 and [0, 1])
   * @param rate {@code successes / n}
   * @param low lower end of the interval
   * @param high upper end of the interval
   */
  public record Proportion(long successes, long n, double rate, double low, double high) {
    /** Validates. */
    public Proportion {
      Arguments.argument(
          n >= 0 && successes >= 0 && successes <= n,
          "successes %d must be in [0, n = %d]",
          successes,
          n);
      Arguments.argument(
          low <= rate && rate <= high, "[%s, %s] must contain rate %s", low, high, rate);
    }

    /** The proportion {@code successes / n} with its interval. */
    public static Proportion of(long successes, long n) {
      if (n == 0) {
        return new Proportion(0, 0, 0.5, 0, 1);
      }
      double[] ci = WilsonInterval.twoSided(successes, n, 0.05);
      double rate = successes / (double) n;
      return new Proportion(successes, n, rate, Math.min(ci[0], rate), Math.max(ci[1], rate));
    }

    /** Whether the interval contains {@code value}. */
    public boolean contains(double value) {
      return low <= value && value <= high;
    }
  }
}
