package dev.align4j.rollout.guardrail;

import dev.align4j.core.check.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The error-budget precondition (Google SRE workbook, "Error budget policy"): promotion is frozen while the
 * service's budget over the SLO period is spent, or while any multiwindow burn-rate alert fires.
 *
 * <pre>
 *   burn rate over W = (bad/total over W) / (1 − SLO);   budget spent = burn rate over the SLO period ≥ 1
 * </pre>
 *
 * <p>Counts come from the caller's monitoring through {@link EventCounts}.
 */
public final class ErrorBudgetPolicy implements Precondition {

  /** Bad and total event counts of the service over a window ending at a time. */
  @FunctionalInterface
  public interface EventCounts {
    /** {@code {bad, total}} over {@code window} ending at {@code end}. */
    long[] count(Duration window, Instant end);
  }

  private final double slo;
  private final Duration period;
  private final List<BurnRateWindow> windows;
  private final EventCounts counts;

  /**
   * A policy for an SLO target (e.g. 0.999) over {@code period} (e.g. 28 days) with burn-rate {@code windows}
   * (e.g. {@link BurnRateWindow#sreDefaults()}).
   */
  public ErrorBudgetPolicy(double slo, Duration period, List<BurnRateWindow> windows, EventCounts counts) {
    this.slo = Require.inOpenRange("slo", slo, 0, 1);
    this.period = Require.nonNull("period", period);
    Require.argument(!period.isNegative() && !period.isZero(), "period must be > 0, was %s", period);
    this.windows = List.copyOf(windows);
    this.counts = Require.nonNull("counts", counts);
  }

  /** The burn rate over {@code window} ending at {@code end} (0 with no traffic). */
  public double burnRate(Duration window, Instant end) {
    long[] c = counts.count(window, end);
    Require.argument(c.length == 2 && c[0] >= 0 && c[1] >= 0 && c[0] <= c[1],
        "counts must be {bad, total} with 0 <= bad <= total, were %s", Arrays.toString(c));
    return c[1] == 0 ? 0 : ((double) c[0] / c[1]) / (1 - slo);
  }

  @Override
  public String name() {
    return "error_budget";
  }

  @Override
  public PreconditionResult check(Instant now) {
    double spent = burnRate(period, now);
    if (spent >= 1 - 1e-9) { // tolerance for the rounding of 1 - slo
      return new PreconditionResult(name(), false, "BUDGET_EXHAUSTED", String.format(Locale.ROOT,
          "%.1f%% of the %s error budget used (SLO %s)", 100 * spent, period, slo));
    }
    List<String> firing = new ArrayList<>();
    for (BurnRateWindow w : windows) {
      double lr = burnRate(w.longWindow(), now);
      double sr = burnRate(w.shortWindow(), now);
      if (lr > w.threshold() && sr > w.threshold()) {
        firing.add(String.format(Locale.ROOT, "%s/%s burn %.2f/%.2f > %.1f", w.longWindow(), w.shortWindow(), lr, sr,
            w.threshold()));
      }
    }
    if (!firing.isEmpty()) {
      return new PreconditionResult(name(), false, "BURN_RATE_ALERT", String.join("; ", firing));
    }
    return new PreconditionResult(name(), true, "PASS", String.format(Locale.ROOT,
        "%.1f%% of budget used, no burn-rate alert", 100 * spent));
  }
}
