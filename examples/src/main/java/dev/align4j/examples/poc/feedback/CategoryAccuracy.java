package dev.align4j.examples.poc.feedback;

import dev.align4j.core.math.WilsonInterval;
import dev.align4j.examples.poc.Arguments;

/**
 * Pairwise accuracy on one category of test pairs ({@code r(chosen) > r(rejected)}, ties wrong), with its 95 % Wilson
 * interval.
 *
 * @param category the category
 * @param count test pairs
 * @param correct pairs ordered as the gold reward orders them
 * @param lower lower end of the 95 % Wilson interval
 * @param upper upper end
 */
public record CategoryAccuracy(
    String category, int count, int correct, double lower, double upper) {
  /** Validates. */
  public CategoryAccuracy {
    Arguments.nonBlank("category", category);
    Arguments.argument(count >= 1, "count must be >= 1, was %d", count);
    Arguments.argument(
        correct >= 0 && correct <= count, "correct must be in [0, %d], was %d", count, correct);
    Arguments.argument(
        lower <= upper, "lower must be <= upper, was lower=%s, upper=%s", lower, upper);
  }

  /** The accuracy with its Wilson interval. */
  public static CategoryAccuracy of(String category, int count, int correct) {
    Arguments.argument(count >= 1, "count must be >= 1, was %d", count);
    double[] w = WilsonInterval.twoSided(correct, count, 0.05);
    double a = correct / (double) count;
    return new CategoryAccuracy(category, count, correct, Math.min(w[0], a), Math.max(w[1], a));
  }

  /** correct / count. */
  public double accuracy() {
    return correct / (double) count;
  }
}
