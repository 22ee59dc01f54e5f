package dev.align4j.core;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.List;

/**
 * A {@link RewardModel} that can abstain: answer "could not score" (an unparseable answer, a timeout, an unsupported
 * format, a judge verdict that cannot be read) instead of a number. An abstention is not a zero: a 0 says "checked,
 * and wrong", an abstention says nothing about the completion, and counting it as a 0 teaches a policy that the
 * completion was bad.
 *
 * <p>{@link #score} and {@link #scoreAll} keep the {@link RewardModel} contract (finite numbers; for an abstention
 * the implementation's documented stand-in, e.g. a verifier's abstention score). Callers that can leave a sample out
 * call {@link #scoreOrAbstain} / {@link #scoreAllOrAbstain}, where {@link #ABSTAINED} (NaN) marks an abstention: the
 * GRPO and RLOO optimisers drop such samples from their group baselines and from the loss, and count them in the
 * step's metrics.
 */
public interface AbstainingRewardModel extends RewardModel {

  /** The value {@link #scoreOrAbstain} returns for an abstention: NaN. */
  double ABSTAINED = Double.NaN;

  /** Whether {@code value} from {@link #scoreOrAbstain} marks an abstention. */
  static boolean isAbstention(double value) {
    return Double.isNaN(value);
  }

  /** The reward of {@code completion} as an answer to {@code prompt} (finite), or {@link #ABSTAINED}. */
  double scoreOrAbstain(Prompt prompt, Completion completion);

  /**
   * Scores several completions of one prompt, {@link #ABSTAINED} where the model abstains. A model that judges the
   * group as a whole (one judge call for G candidates) overrides this and may abstain on the whole group.
   */
  default double[] scoreAllOrAbstain(Prompt prompt, List<Completion> completions) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completions", completions);
    double[] out = new double[completions.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = scoreOrAbstain(prompt, completions.get(i));
    }
    return out;
  }
}
