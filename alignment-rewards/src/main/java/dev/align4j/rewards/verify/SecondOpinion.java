package dev.align4j.rewards.verify;

/** What an independent {@link SecondCheck} says about an item the verifier scored 0. */
public enum SecondOpinion {
  /** The answer is in fact correct: the verifier's 0 was a false negative. */
  CORRECT,
  /** The answer is wrong: the verifier's 0 stands. */
  INCORRECT,
  /**
   * The second check could not decide (it abstained, or a person skipped the item). Undecided items count in neither
   * the numerator nor the denominator of the estimate; {@link AuditResult#worstCase()} shows how far they could move
   * it.
   */
  UNDECIDED
}
