package dev.align4j.feedback.calibration;

import dev.align4j.core.check.Require;
import dev.align4j.core.eval.HealthSignal;
import dev.align4j.core.eval.HealthStatus;
import dev.align4j.core.eval.LengthBiasVerdict;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The judge's calibration as a {@link HealthSignal} for the rollout gate (source {@value #SOURCE}). Feed it each new
 * {@link CalibrationReport} ({@link #update}); {@link #status()} judges the latest one:
 *
 * <ul>
 *   <li>{@code FAILED}, code {@code KAPPA_BELOW_MIN}: the lower bound of κ's interval is below {@code minKappaLower}
 *       (default 0.4, the lower edge of "moderate" agreement, Landis and Koch 1977): the judge may agree with people
 *       no better than "fair";
 *   <li>{@code FAILED}, code {@code FLIP_RATE_ABOVE_MAX}: the position-flip rate exceeds {@code maxFlipRate} (default
 *       0.35: GPT-4 kept its verdict under swapping on 65 % of MT-Bench pairs, Zheng et al. 2023 — a judge
 *       less consistent than that is not trusted);
 *   <li>{@code WARNING}, code {@code LENGTH_BIAS}: core's {@link LengthBiasVerdict} on the judge's length–win
 *       correlation is {@code BIASED}: its whole {@code 1 − lengthBiasAlpha} interval (default 95 %) lies beyond
 *       ±{@code lengthBiasThreshold} (default 0.1, Cohen's "small" correlation) — a warning, not a failure, since a
 *       real quality–length correlation also raises it; an {@code INCONCLUSIVE} verdict (too few pairs to tell) is
 *       evidence only, so a small calibration set does not warn on noise;
 *   <li>{@code WARNING}, code {@code NOT_CALIBRATED}: no report yet (no evidence either way; recorded, not blocking);
 *   <li>{@code HEALTHY}, code {@code OK}, otherwise.
 * </ul>
 *
 * <p>The evidence carries accuracy, κ and the flip rate with their bounds, the length-bias rate and p-value, the
 * ECE and the item count. Thread-safe: the report is held in a volatile field.
 */
public final class CalibrationHealth implements HealthSignal {
  /** The status source name. */
  public static final String SOURCE = "judge_calibration";

  private final double minKappaLower;
  private final double maxFlipRate;
  private final double lengthBiasAlpha;
  private final double lengthBiasThreshold;
  private final Clock clock;
  private volatile @Nullable Observed latest;

  private record Observed(CalibrationReport report, Instant at) {}

  private CalibrationHealth(Builder b) {
    this.minKappaLower = b.minKappaLower;
    this.maxFlipRate = b.maxFlipRate;
    this.lengthBiasAlpha = b.lengthBiasAlpha;
    this.lengthBiasThreshold = b.lengthBiasThreshold;
    this.clock = b.clock;
  }

  /** A builder with the published defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Replaces the report the signal judges (time: the clock). */
  public void update(CalibrationReport report) {
    latest = new Observed(Require.nonNull("report", report), clock.instant());
  }

  @Override
  public HealthStatus status() {
    Observed o = latest;
    if (o == null) {
      return new HealthStatus(
          SOURCE,
          HealthStatus.State.WARNING,
          "NOT_CALIBRATED",
          "no calibration report against human labels yet",
          Map.of(),
          null);
    }
    return judge(o.report(), o.at());
  }

  /** The status of {@code report} under this signal's thresholds. */
  public HealthStatus judge(CalibrationReport r, @Nullable Instant at) {
    Require.nonNull("report", r);
    Map<String, Double> ev = new TreeMap<>();
    ev.put("items", (double) r.items());
    ev.put("accuracy", r.accuracy().estimate());
    ev.put("accuracy_lower", r.accuracy().lower());
    ev.put("kappa", r.kappa().estimate());
    ev.put("kappa_lower", r.kappa().lower());
    ev.put("kappa_upper", r.kappa().upper());
    ev.put("min_kappa_lower", minKappaLower);
    ev.put("max_flip_rate", maxFlipRate);
    if (r.flipRate() != null) {
      ev.put("flip_rate", r.flipRate().estimate());
      ev.put("flip_rate_upper", r.flipRate().upper());
    }
    ev.put("longer_win_rate", r.length().longerWinRate());
    ev.put("length_bias_p", r.length().pValue());
    LengthBiasVerdict length = r.length().verdict(lengthBiasThreshold, lengthBiasAlpha);
    ev.put("length_win_correlation", length.estimate());
    ev.put("length_win_correlation_lower", length.lower());
    ev.put("length_win_correlation_upper", length.upper());
    ev.put("length_bias_threshold", lengthBiasThreshold);
    if (!Double.isNaN(r.curve().expectedCalibrationError())) {
      ev.put("ece", r.curve().expectedCalibrationError());
    }
    if (r.kappa().lower() < minKappaLower) {
      return new HealthStatus(
          SOURCE,
          HealthStatus.State.FAILED,
          "KAPPA_BELOW_MIN",
          String.format(
              Locale.ROOT,
              "judge %s: kappa %.3f, lower bound %.3f < min %.3f (n=%d)",
              r.judge(),
              r.kappa().estimate(),
              r.kappa().lower(),
              minKappaLower,
              r.items()),
          ev,
          at);
    }
    if (r.flipRate() != null && r.flipRate().estimate() > maxFlipRate) {
      return new HealthStatus(
          SOURCE,
          HealthStatus.State.FAILED,
          "FLIP_RATE_ABOVE_MAX",
          String.format(
              Locale.ROOT,
              "judge %s: verdict flips on %.3f of swapped pairs > max %.3f (n=%d)",
              r.judge(),
              r.flipRate().estimate(),
              maxFlipRate,
              r.position().pairs()),
          ev,
          at);
    }
    if (length.biased()) {
      return new HealthStatus(
          SOURCE,
          HealthStatus.State.WARNING,
          "LENGTH_BIAS",
          String.format(
              Locale.ROOT,
              "judge %s: longer answer wins %.3f of %d decisive pairs; length-win correlation %.3f, %.0f%% interval"
                  + " [%.3f, %.3f] beyond +-%.2f",
              r.judge(),
              r.length().longerWinRate(),
              r.length().decisive(),
              length.estimate(),
              100 * (1 - lengthBiasAlpha),
              length.lower(),
              length.upper(),
              lengthBiasThreshold),
          ev,
          at);
    }
    return new HealthStatus(
        SOURCE,
        HealthStatus.State.HEALTHY,
        "OK",
        String.format(
            Locale.ROOT,
            "judge %s: kappa %.3f (lower %.3f), accuracy %.3f (n=%d)",
            r.judge(),
            r.kappa().estimate(),
            r.kappa().lower(),
            r.accuracy().estimate(),
            r.items()),
        ev,
        at);
  }

  @Override
  public String toString() {
    return "CalibrationHealth[minKappaLower="
        + minKappaLower
        + ", maxFlipRate="
        + maxFlipRate
        + "]";
  }

  /** Configures a {@link CalibrationHealth}. */
  public static final class Builder {
    private double minKappaLower = 0.4;
    private double maxFlipRate = 0.35;
    private double lengthBiasAlpha = LengthBiasVerdict.DEFAULT_ALPHA;
    private double lengthBiasThreshold = LengthBiasVerdict.DEFAULT_THRESHOLD;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Minimum lower bound of κ's interval (default 0.4, Landis and Koch 1977's "moderate"). */
    public Builder minKappaLower(double k) {
      this.minKappaLower = Require.inClosedRange("minKappaLower", k, -1, 1);
      return this;
    }

    /** Maximum position-flip rate (default 0.35, after GPT-4's 65 % consistency on MT-Bench). */
    public Builder maxFlipRate(double f) {
      this.maxFlipRate = Require.probability("maxFlipRate", f);
      return this;
    }

    /** α of the length-bias verdict's interval (default 0.05: a 95 % interval). */
    public Builder lengthBiasAlpha(double a) {
      this.lengthBiasAlpha = Require.inOpenRange("lengthBiasAlpha", a, 0, 1);
      return this;
    }

    /** The length-win correlation beyond which the judge is length-biased (default 0.1, Cohen 1988's "small"). */
    public Builder lengthBiasThreshold(double t) {
      this.lengthBiasThreshold = Require.inOpenRange("lengthBiasThreshold", t, 0, 1);
      return this;
    }

    /** Time of each update (default UTC system clock). */
    public Builder clock(Clock c) {
      this.clock = Require.nonNull("clock", c);
      return this;
    }

    /** Builds the signal. */
    public CalibrationHealth build() {
      return new CalibrationHealth(this);
    }
  }
}
