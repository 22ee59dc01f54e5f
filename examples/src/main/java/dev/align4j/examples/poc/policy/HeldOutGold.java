package dev.align4j.examples.poc.policy;

import dev.align4j.core.text.Completion;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.scenario.GoldReward;
import dev.align4j.examples.poc.scenario.Replier;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import java.util.List;

/**
 * An EVALUATOR: the mean hidden gold reward ({@link GoldReward}) of a replier's replies to held-out questions. It is
 * what the frontier's checkpoints and the offline evaluation report; it never feeds back into training (the
 * optimisers see only the reward model's or the proxy's scores). This is why it may read the gold reward (see
 * {@code GoldRewardIsolationTest}).
 *
 * <p>Reply {@code k} to question {@code i} is drawn from a stream keyed by {@code (seed, i, k)}, so the estimate
 * depends only on the seed. The interval is the normal one, {@code mean ± 1.96 · sd / √n} (sample sd, n − 1).
 */
public final class HeldOutGold {
  private static final GoldReward GOLD = new GoldReward();

  private final List<SupportQuestion> questions;
  private final int samplesPerQuestion;

  private HeldOutGold(List<SupportQuestion> questions, int samplesPerQuestion) {
    this.questions = List.copyOf(Arguments.nonEmpty("questions", questions));
    Arguments.argument(
        samplesPerQuestion > 0, "samplesPerQuestion must be > 0, was %d", samplesPerQuestion);
    this.samplesPerQuestion = samplesPerQuestion;
  }

  /** An evaluator on {@code heldOut} with {@code samplesPerQuestion} replies per question. */
  public static HeldOutGold of(List<SupportQuestion> heldOut, int samplesPerQuestion) {
    return new HeldOutGold(heldOut, samplesPerQuestion);
  }

  /** The held-out questions. */
  public List<SupportQuestion> questions() {
    return questions;
  }

  /** Replies sampled per question. */
  public int samplesPerQuestion() {
    return samplesPerQuestion;
  }

  /** The gold reward of one reply. */
  public static double of(SupportQuestion question, Completion reply) {
    Arguments.nonNull("question", question);
    return GOLD.score(question.prompt(), Arguments.nonNull("reply", reply));
  }

  /** The mean gold reward of {@code replier}'s replies, with its interval. */
  public Estimate score(Replier replier, long seed) {
    Arguments.nonNull("replier", replier);
    double[] values = new double[questions.size() * samplesPerQuestion];
    int n = 0;
    for (int i = 0; i < questions.size(); i++) {
      SupportQuestion q = questions.get(i);
      for (int k = 0; k < samplesPerQuestion; k++) {
        values[n++] = of(q, replier.reply(q, Draws.of(seed, i, k)));
      }
    }
    return Estimate.of(values);
  }

  /**
   * A mean with its 95 % normal interval.
   *
   * @param mean the sample mean
   * @param low {@code mean − 1.96 · sd / √n}
   * @param high {@code mean + 1.96 · sd / √n}
   * @param n the number of values
   */
  public record Estimate(double mean, double low, double high, int n) {
    /** Validates. */
    public Estimate {
      Arguments.argument(n > 0, "n must be > 0, was %d", n);
      Arguments.argument(
          low <= mean && mean <= high, "[%s, %s] must contain mean %s", low, high, mean);
    }

    /** Whether the interval contains {@code value}. */
    public boolean contains(double value) {
      return low <= value && value <= high;
    }

    /** The estimate of {@code values} (at least one). */
    public static Estimate of(double[] values) {
      Arguments.argument(values.length > 0, "values must not be empty");
      double mean = 0;
      for (double v : values) {
        mean += Arguments.finite("value", v);
      }
      mean /= values.length;
      double ss = 0;
      for (double v : values) {
        ss += (v - mean) * (v - mean);
      }
      double half =
          values.length > 1 ? 1.96 * Math.sqrt(ss / (values.length - 1) / values.length) : 0;
      return new Estimate(mean, mean - half, mean + half, values.length);
    }
  }
}
