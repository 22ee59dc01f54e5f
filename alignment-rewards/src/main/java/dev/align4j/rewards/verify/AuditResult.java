package dev.align4j.rewards.verify;

import dev.align4j.core.check.Require;
import dev.align4j.core.eval.HealthSignal;
import dev.align4j.core.eval.HealthStatus;
import dev.align4j.core.math.WilsonInterval;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a {@link VerifierAudit}: the counts, the false-negative-rate estimate with its Wilson interval (see
 * {@link VerifierAudit} for the estimator), and the health status the rollout gate reads ({@link HealthSignal}).
 *
 * @param source the health signal's source name
 * @param zeros {@code N₀}, the items the verifier scored 0
 * @param positives the items it scored above 0
 * @param abstentions the items it abstained on (not audited)
 * @param foundCorrect {@code x}, audited zeros the second check found correct (false negatives)
 * @param foundIncorrect {@code y}, audited zeros it found incorrect
 * @param undecided {@code u}, audited zeros it could not decide
 * @param alpha one minus the interval's confidence
 * @param maxFalseNegativeRate the FAILED threshold on the interval's lower bound
 * @param maxUndecidedShare the share of undecided items above which the audit is inconclusive
 * @param at when the audit concluded
 */
public record AuditResult(
    String source,
    long zeros,
    long positives,
    long abstentions,
    int foundCorrect,
    int foundIncorrect,
    int undecided,
    double alpha,
    double maxFalseNegativeRate,
    double maxUndecidedShare,
    Instant at)
    implements HealthSignal {

  /** Status code: the interval's lower bound exceeds the maximum. */
  public static final String CODE_ABOVE_MAX = "FALSE_NEGATIVE_RATE_ABOVE_MAX";

  /** Status code: the point estimate exceeds the maximum, the lower bound does not. */
  public static final String CODE_MAY_EXCEED_MAX = "FALSE_NEGATIVE_RATE_MAY_EXCEED_MAX";

  /** Status code: nothing decided, or too many undecided second opinions. */
  public static final String CODE_INCONCLUSIVE = "AUDIT_INCONCLUSIVE";

  /** Status code: the verifier scored nothing 0, so there was nothing to audit. */
  public static final String CODE_NO_ZEROS = "NO_ZEROS";

  /** Validates the counts and thresholds. */
  public AuditResult {
    Require.nonBlank("source", source);
    Require.argument(
        zeros >= 0 && positives >= 0 && abstentions >= 0,
        "zeros, positives and abstentions must be >= 0, were %d, %d, %d",
        zeros,
        positives,
        abstentions);
    Require.argument(
        foundCorrect >= 0 && foundIncorrect >= 0 && undecided >= 0,
        "foundCorrect, foundIncorrect and undecided must be >= 0, were %d, %d, %d",
        foundCorrect,
        foundIncorrect,
        undecided);
    Require.argument(
        (long) foundCorrect + foundIncorrect + undecided <= zeros,
        "audited items (%d) must not exceed zeros (%d)",
        (long) foundCorrect + foundIncorrect + undecided,
        zeros);
    Require.inOpenRange("alpha", alpha, 0, 1);
    Require.argument(
        maxFalseNegativeRate >= 0 && maxFalseNegativeRate < 1,
        "maxFalseNegativeRate must be in [0, 1), was %s",
        maxFalseNegativeRate);
    Require.inClosedRange("maxUndecidedShare", maxUndecidedShare, 0, 1);
    Require.nonNull("at", at);
  }

  static AuditResult of(
      String source,
      long zeros,
      long positives,
      long abstentions,
      int correct,
      int incorrect,
      int undecided,
      double alpha,
      double max,
      double maxUndecided,
      Instant at) {
    return new AuditResult(
        source,
        zeros,
        positives,
        abstentions,
        correct,
        incorrect,
        undecided,
        alpha,
        max,
        maxUndecided,
        at);
  }

  /** {@code n}, the audited zeros: {@code x + y + u}. */
  public int audited() {
    return foundCorrect + foundIncorrect + undecided;
  }

  /** {@code x + y}, the audited zeros the second check decided. */
  public int decided() {
    return foundCorrect + foundIncorrect;
  }

  /**
   * The false-negative rate, the share of the verifier's zeros that are in fact correct: {@code x / (x + y)} with the
   * two-sided Wilson interval at confidence {@code 1 − alpha}; null when nothing was decided.
   */
  public @Nullable RateEstimate falseNegativeRate() {
    int m = decided();
    if (m == 0) {
      return null;
    }
    double[] ci = WilsonInterval.twoSided(foundCorrect, m, alpha);
    double q = (double) foundCorrect / m;
    return new RateEstimate(q, Math.min(ci[0], q), Math.max(ci[1], q));
  }

  /** The false-negative rate scaled to the population: the number of correct answers among the zeros; or null. */
  public @Nullable RateEstimate falseNegatives() {
    RateEstimate q = falseNegativeRate();
    return q == null ? null : q.scaled(zeros);
  }

  /**
   * The share of all correct answers the verifier scored 0, {@code q·N₀ / (q·N₀ + N₊)}, assuming the items it scored
   * above 0 are correct (the audit checks zeros only); the interval maps the rate's bounds through the same increasing
   * function. Null when nothing was decided.
   */
  public @Nullable RateEstimate missedShareOfCorrect() {
    RateEstimate q = falseNegativeRate();
    if (q == null) {
      return null;
    }
    return new RateEstimate(missed(q.estimate()), missed(q.lower()), missed(q.upper()));
  }

  private double missed(double q) {
    double fn = q * zeros;
    return fn + positives == 0 ? 0.0 : fn / (fn + positives);
  }

  /**
   * The bounds when the undecided items are counted too: lower = Wilson lower bound of {@code (x, n)} (every undecided
   * item incorrect), upper = Wilson upper bound of {@code (x + u, n)} (every undecided item correct), estimate =
   * {@code x / n}; null when nothing was audited.
   */
  public @Nullable RateEstimate worstCase() {
    int n = audited();
    if (n == 0) {
      return null;
    }
    double lo = WilsonInterval.twoSided(foundCorrect, n, alpha)[0];
    double hi = WilsonInterval.twoSided(foundCorrect + undecided, n, alpha)[1];
    double est = (double) foundCorrect / n;
    return new RateEstimate(est, Math.min(lo, est), Math.max(hi, est));
  }

  /**
   * The health verdict: FAILED ({@value #CODE_ABOVE_MAX}) when the false-negative rate's lower bound exceeds
   * {@code maxFalseNegativeRate}; WARNING ({@value #CODE_INCONCLUSIVE}) when nothing was decided or more than
   * {@code maxUndecidedShare} of the audited items are undecided, or ({@value #CODE_MAY_EXCEED_MAX}) when only the
   * point estimate exceeds the maximum; HEALTHY ({@value #CODE_NO_ZEROS}) when there were no zeros, otherwise
   * ({@code "OK"}). The evidence holds every count and bound.
   */
  @Override
  public HealthStatus status() {
    Map<String, Double> ev = new LinkedHashMap<>();
    ev.put("zeros", (double) zeros);
    ev.put("positives", (double) positives);
    ev.put("abstentions", (double) abstentions);
    ev.put("audited", (double) audited());
    ev.put("found_correct", (double) foundCorrect);
    ev.put("found_incorrect", (double) foundIncorrect);
    ev.put("undecided", (double) undecided);
    ev.put("max_false_negative_rate", maxFalseNegativeRate);
    if (zeros == 0) {
      return new HealthStatus(
          source,
          HealthStatus.State.HEALTHY,
          CODE_NO_ZEROS,
          "the verifier scored no item 0, nothing to audit",
          ev,
          at);
    }
    RateEstimate q = falseNegativeRate();
    if (q == null) {
      return new HealthStatus(
          source,
          HealthStatus.State.WARNING,
          CODE_INCONCLUSIVE,
          "the second check decided none of the " + audited() + " audited zeros",
          ev,
          at);
    }
    ev.put("false_negative_rate", q.estimate());
    ev.put("false_negative_rate_lower", q.lower());
    ev.put("false_negative_rate_upper", q.upper());
    String summary =
        String.format(
            Locale.ROOT,
            "%d of %d decided audited zeros are correct: false-negative rate %.3f"
                + " [%.3f, %.3f] at %.0f %% confidence (max %.3f); %d undecided; about %.0f of %d zeros are correct",
            foundCorrect,
            decided(),
            q.estimate(),
            q.lower(),
            q.upper(),
            100 * (1 - alpha),
            maxFalseNegativeRate,
            undecided,
            q.estimate() * zeros,
            zeros);
    if (q.lower() > maxFalseNegativeRate) {
      return new HealthStatus(source, HealthStatus.State.FAILED, CODE_ABOVE_MAX, summary, ev, at);
    }
    if (undecided > maxUndecidedShare * audited()) {
      return new HealthStatus(
          source,
          HealthStatus.State.WARNING,
          CODE_INCONCLUSIVE,
          "too many undecided second opinions: " + summary,
          ev,
          at);
    }
    if (q.estimate() > maxFalseNegativeRate) {
      return new HealthStatus(
          source, HealthStatus.State.WARNING, CODE_MAY_EXCEED_MAX, summary, ev, at);
    }
    return new HealthStatus(source, HealthStatus.State.HEALTHY, "OK", summary, ev, at);
  }
}
