package dev.align4j.rollout.stats;

import dev.align4j.core.check.Require;

/**
 * What a {@link SequentialTest} promises about repeated looks. A closed set:
 *
 * <ul>
 *   <li>{@link AnytimeValid}: the error bound holds simultaneously over every look, however many and whenever taken
 *       (Ville's inequality; mSPRT, confidence sequences, the likelihood-ratio SPRT);
 *   <li>{@link FixedHorizon}: the error bound holds for one look at a sample size fixed in advance; a gate must not
 *       act on the test before that horizon.
 * </ul>
 */
public sealed interface Guarantee permits Guarantee.AnytimeValid, Guarantee.FixedHorizon {

  /** Whether the test may be acted on when the smaller arm holds {@code n} observations. */
  boolean mayDecideAt(long n);

  /** A short machine-readable label, e.g. {@code "ANYTIME_VALID"} or {@code "FIXED_HORIZON(2000)"}. */
  String label();

  /** Valid at every look. */
  record AnytimeValid() implements Guarantee {
    @Override
    public boolean mayDecideAt(long n) {
      Require.argument(n >= 0, "n must be >= 0, was %d", n);
      return true;
    }

    @Override
    public String label() {
      return "ANYTIME_VALID";
    }
  }

  /**
   * Valid at one look once each arm holds {@code horizon} observations.
   *
   * @param horizon the pre-registered sample size per arm, {@code > 0}
   */
  record FixedHorizon(long horizon) implements Guarantee {
    /** Validates the horizon. */
    public FixedHorizon {
      Require.positive("horizon", horizon);
    }

    @Override
    public boolean mayDecideAt(long n) {
      Require.argument(n >= 0, "n must be >= 0, was %d", n);
      return n >= horizon;
    }

    @Override
    public String label() {
      return "FIXED_HORIZON(" + horizon + ")";
    }
  }
}
