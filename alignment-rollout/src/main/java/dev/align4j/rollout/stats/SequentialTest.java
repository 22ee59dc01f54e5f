package dev.align4j.rollout.stats;

import org.jspecify.annotations.Nullable;

/**
 * A statistical test a gate runs at every look on a metric's per-arm summaries, and which declares its
 * {@link #guarantee() guarantee}. The test answers two one-sided questions about θ (candidate − incumbent for a
 * two-sample test; the candidate's level for a one-sample test) relative to an {@link AcceptableRange}:
 *
 * <ul>
 *   <li>{@link TestResult#pHarm()}: the evidence that θ is outside the range (used to roll back);
 *   <li>{@link TestResult#pAcceptable()}: the evidence that θ is inside it (needed to promote).
 * </ul>
 *
 * <p>For an {@link Guarantee.AnytimeValid anytime-valid} test, {@code P(∃ look: pHarm ≤ α) ≤ α} when θ is in the
 * range and {@code P(∃ look: pAcceptable ≤ α) ≤ α} when it is not, so a gate may act at the first look that crosses.
 * A {@link Guarantee.FixedHorizon fixed-horizon} test gives these bounds only at its horizon, and a gate must ignore
 * it before then. Implementations are stateless and pure: the same summaries give the same result, which makes
 * decisions replayable.
 */
public interface SequentialTest {

  /** What repeated looks may do with this test. */
  Guarantee guarantee();

  /** Whether this test compares two arms (true) or gates the candidate's level alone (false). */
  boolean twoSample();

  /** A short machine-readable name for the audit trail, e.g. {@code "msprt(tau=0.01)"}. */
  String name();

  /**
   * Evaluates one look.
   *
   * @param candidate the candidate arm's summary
   * @param incumbent the incumbent arm's summary; required for a two-sample test, ignored otherwise
   * @param range the acceptable range of θ
   * @param alpha the level of the reported interval (each side is guarded at {@code alpha}), in (0, 1)
   */
  TestResult evaluate(ArmSummary candidate, @Nullable ArmSummary incumbent, AcceptableRange range, double alpha);
}
