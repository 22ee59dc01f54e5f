package dev.align4j.rewards.verify;

import dev.align4j.core.AbstainingRewardModel;
import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;

/**
 * A reward that can say "could not score": {@link #verify} returns a {@link Verdict}, either a score or an abstention
 * with its {@link AbstentionReason}. Every {@code RewardModel} caller keeps working: {@link #score} returns the
 * scored value, and for an abstention the verifier's {@link #abstentionScore()} (0 unless configured otherwise).
 *
 * <p>Why {@code score} does not throw or return NaN for an abstention: the {@code RewardModel} contract forbids NaN,
 * a policy-gradient group needs one number per completion, and the rules returned 0 for these completions before
 * abstention existed, so training runs keep their rewards. The distinction is not lost: callers that can use it call
 * {@link #verify}, and an {@link AbstentionMeter} (see {@link AbstentionMeter#watch}) counts every abstention per
 * reason, keeps examples and publishes the rate as a metric for the training monitor. As an
 * {@link AbstainingRewardModel}, {@link #scoreOrAbstain} gives NaN for an abstention, so the GRPO and RLOO optimisers
 * leave abstained completions out of their group baselines and their loss instead of scoring them 0.
 */
public interface Verifier extends AbstainingRewardModel {

  /** The verdict on {@code completion} as an answer to {@code prompt}. */
  Verdict verify(Prompt prompt, Completion completion);

  /** What {@link #score} returns for an abstention; 0 by default (the value rules returned before). */
  default double abstentionScore() {
    return 0.0;
  }

  /** The scored value, or {@link AbstainingRewardModel#ABSTAINED} (NaN) when the verifier abstains. */
  @Override
  default double scoreOrAbstain(Prompt prompt, Completion completion) {
    Verdict v = verify(prompt, completion);
    return v instanceof Verdict.Scored ? ((Verdict.Scored) v).value() : ABSTAINED;
  }

  /** The scored value, or {@link #abstentionScore()} when the verifier abstains. */
  @Override
  default double score(Prompt prompt, Completion completion) {
    Verdict v = verify(prompt, completion);
    return v instanceof Verdict.Scored ? ((Verdict.Scored) v).value() : abstentionScore();
  }

  /**
   * This verifier with {@link #score} returning {@code value} (finite) for an abstention. The result is a plain
   * verifier: a composite's {@code explain} is not carried over (set the value on the components instead).
   */
  default Verifier scoringAbstentionsAs(double value) {
    Require.finite("value", value);
    Verifier self = this;
    return new Verifier() {
      @Override
      public Verdict verify(Prompt prompt, Completion completion) {
        return self.verify(prompt, completion);
      }

      @Override
      public double abstentionScore() {
        return value;
      }

      @Override
      public String toString() {
        return self + " (abstention scores " + value + ")";
      }
    };
  }

  /**
   * The verdict of any reward model: {@link #verify} for a verifier, otherwise {@code score} as a scored verdict (a
   * plain reward never abstains).
   */
  static Verdict verdictOf(RewardModel reward, Prompt prompt, Completion completion) {
    Require.nonNull("reward", reward);
    if (reward instanceof Verifier) {
      return ((Verifier) reward).verify(prompt, completion);
    }
    return Verdict.scored(reward.score(prompt, completion));
  }
}
