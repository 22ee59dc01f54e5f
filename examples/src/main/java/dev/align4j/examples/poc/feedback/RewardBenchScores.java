package dev.align4j.examples.poc.feedback;

import dev.align4j.core.eval.LengthBiasVerdict;
import dev.align4j.examples.poc.Arguments;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One scorer's results on the held-out test pairs, RewardBench style.
 *
 * @param scorer what was scored, e.g. {@code "bradley-terry"}, {@code "rules+bradley-terry"}, {@code "longer-wins"}
 * @param categories accuracy per category, in {@link GoldLabelledPairs#categories()} order
 * @param overall accuracy over all test pairs
 * @param lengthPearson Pearson correlation of score and length in characters over every scored reply, or null when
 *     undefined
 * @param lengthBias the library's verdict on that correlation (Fisher-z 95 % interval against ±0.1,
 *     {@link LengthBiasVerdict}), or null when undefined
 */
public record RewardBenchScores(
    String scorer,
    Map<String, CategoryAccuracy> categories,
    CategoryAccuracy overall,
    @Nullable Double lengthPearson,
    @Nullable LengthBiasVerdict lengthBias) {
  /** Validates and copies. */
  public RewardBenchScores {
    Arguments.nonBlank("scorer", scorer);
    categories =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(Arguments.nonNull("categories", categories)));
    Arguments.nonNull("overall", overall);
  }

  /** The accuracy on {@code category}. */
  public CategoryAccuracy category(String category) {
    CategoryAccuracy a = categories.get(Arguments.nonNull("category", category));
    Arguments.argument(
        a != null, "category must be one of %s, was %s", categories.keySet(), category);
    return a;
  }
}
