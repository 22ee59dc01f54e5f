package dev.align4j.rewards.verify;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.llm.JudgeScore;
import dev.align4j.rewards.llm.LlmJudgeReward;

/**
 * A second, independent check of an item a verifier scored 0, supplied by the caller to a {@link VerifierAudit}: a
 * different parser ({@link NumericAnswerCheck}), an LLM judge ({@link #fromJudge}), or anything else that can say
 * whether an answer is correct. A person's verdict through a review queue does not fit a synchronous call: take the
 * items of {@link VerifierAudit#sample} to the queue and hand the answers to {@link AuditSample#conclude}.
 *
 * <p>An implementation that cannot decide returns {@link SecondOpinion#UNDECIDED}; one that fails (an I/O error, a
 * chat model that is down) throws, and the audit stops with that exception as the cause: an audit is never silently
 * partial.
 */
@FunctionalInterface
public interface SecondCheck {

  /** The second opinion on {@code completion} as an answer to {@code prompt}. */
  SecondOpinion check(Prompt prompt, Completion completion);

  /**
   * An LLM judge as a second check: a scored answer at or above {@code correctAtLeast} is
   * {@link SecondOpinion#CORRECT}, below it {@link SecondOpinion#INCORRECT}; an unscorable answer is
   * {@link SecondOpinion#UNDECIDED}. Chat-model failures propagate.
   *
   * @param judge the judge (e.g. yes/no mode, or a 1–10 rating)
   * @param correctAtLeast the threshold on the judge's score (finite), e.g. 0.5 for p(Yes) or 7 on a 1–10 scale
   */
  static SecondCheck fromJudge(LlmJudgeReward judge, double correctAtLeast) {
    Require.nonNull("judge", judge);
    Require.finite("correctAtLeast", correctAtLeast);
    return (prompt, completion) -> {
      JudgeScore s = judge.judge(prompt, completion);
      if (s instanceof JudgeScore.Scored) {
        return ((JudgeScore.Scored) s).value() >= correctAtLeast
            ? SecondOpinion.CORRECT
            : SecondOpinion.INCORRECT;
      }
      return SecondOpinion.UNDECIDED;
    };
  }
}
