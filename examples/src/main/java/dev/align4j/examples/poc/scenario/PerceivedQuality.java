package dev.align4j.examples.poc.scenario;

import dev.align4j.core.FeedbackKind;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.SplittableRandom;

/**
 * How a simulated labeller perceives a reply: the gold reward, plus a liking for length in gold-reward units per
 * language length unit, plus Gaussian noise. One home for the two labellers' shared arithmetic.
 */
final class PerceivedQuality {
  private static final GoldReward GOLD = new GoldReward();

  private PerceivedQuality() {}

  /** The perceived quality of {@code c}, with one Gaussian draw from {@code r}. */
  static double of(
      Prompt p, Completion c, double lengthLiking, double noiseSd, SplittableRandom r) {
    String text = c.text();
    int chars = text.codePointCount(0, text.length());
    Language l = Language.of(p.lastUserText());
    return GOLD.score(p, c) + lengthLiking * chars / l.lengthUnit() + noiseSd * gaussian(r);
  }

  /**
   * A random stream that depends only on the labeller's seed, its id and the request id (not on call order), so two
   * labellers with one seed still draw independent noise.
   */
  static SplittableRandom randomFor(long seed, String labellerId, FeedbackRequest request) {
    long key = 31L * labellerId.hashCode() + request.id().hashCode();
    return new SplittableRandom(seed ^ (0xBF58476D1CE4E5B9L * key + 0x94D049BB133111EBL));
  }

  /** Refuses a request that is not a pairwise comparison. */
  static IllegalArgumentException unsupported(FeedbackRequest request) {
    return new IllegalArgumentException(
        "request.kind is "
            + request.kind()
            + " for request "
            + request.id()
            + "; expected "
            + FeedbackKind.PAIRWISE);
  }

  private static double gaussian(SplittableRandom r) {
    // Box–Muller; 1 − u keeps the logarithm's argument in (0, 1]
    double u = 1.0 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }
}
