package dev.align4j.rollout.guardrail;

import dev.align4j.core.check.Require;
import java.time.Duration;
import java.util.List;

/**
 * One multiwindow burn-rate alert (Google SRE workbook, "Alerting on SLOs"): it fires when the burn rate over both
 * the long and the short window exceeds {@code threshold}.
 *
 * @param longWindow the long window
 * @param shortWindow the short window (typically 1/12 of the long one)
 * @param threshold the burn-rate threshold (1 = the budget lasts exactly the SLO period)
 */
public record BurnRateWindow(Duration longWindow, Duration shortWindow, double threshold) {

  /** Validates. */
  public BurnRateWindow {
    Require.nonNull("longWindow", longWindow);
    Require.nonNull("shortWindow", shortWindow);
    Require.argument(!shortWindow.isNegative() && !shortWindow.isZero() && shortWindow.compareTo(longWindow) <= 0,
        "shortWindow must be > 0 and <= longWindow=%s, was %s", longWindow, shortWindow);
    Require.positive("threshold", threshold);
  }

  /** The SRE workbook's defaults for a 30-day SLO: 14.4 over 1 h/5 min, 6 over 6 h/30 min, 1 over 3 d/6 h. */
  public static List<BurnRateWindow> sreDefaults() {
    return List.of(
        new BurnRateWindow(Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
        new BurnRateWindow(Duration.ofHours(6), Duration.ofMinutes(30), 6),
        new BurnRateWindow(Duration.ofDays(3), Duration.ofHours(6), 1));
  }
}
