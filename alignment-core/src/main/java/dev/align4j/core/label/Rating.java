package dev.align4j.core.label;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * A pointwise score of one completion on a declared scale.
 *
 * @param prompt the prompt
 * @param completion the rated completion
 * @param value the rating, inside {@code scale}
 * @param scale the declared scale
 * @param provenance who rated it
 */
public record Rating(Prompt prompt, Completion completion, double value, RatingScale scale, Provenance provenance)
    implements Feedback {

  /** Validates that {@code value} is inside the scale. */
  public Rating {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    Require.nonNull("scale", scale);
    Require.nonNull("provenance", provenance);
    Require.inClosedRange("value", value, scale.min(), scale.max());
  }

  /** The rating mapped to [0, 1]. */
  public double normalized() {
    return scale.normalize(value);
  }
}
