package dev.align4j.optimizers.optimizer;

import dev.align4j.core.StepMetrics;
import dev.align4j.core.check.Require;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A one-line-per-report progress display for terminals and logs: step, a progress bar when the total is known, the
 * chosen metrics, steps per second and the estimated time to completion.
 *
 * <pre>
 * step   40/200 [######--------------------]  20% loss=0.4213 rewards/accuracies=0.8750 | 12.3 steps/s | ETA 0:00:13
 * </pre>
 *
 * <p>It writes to an injected {@link Appendable} (pass {@code System.out} in an application; library code never
 * references the console) and takes time from an injected {@link Clock}. The rate is measured from the first step
 * seen, so resumed training reports its own speed. Defaults: report every step, show {@code loss} and, when present,
 * {@code reward}, {@code rewards/accuracies}, {@code rewards/margins} and {@code kl}.
 */
public final class ConsoleProgressListener implements MetricsListener {
  private static final int BAR = 26;

  private final Appendable out;
  private final Clock clock;
  private final long totalSteps;
  private final int every;
  private final List<String> shown;
  private long firstStep = -1;
  private long firstMillis;

  private ConsoleProgressListener(Builder b) {
    this.out = Require.nonNull("out", b.out);
    this.clock = b.clock;
    this.totalSteps = b.totalSteps;
    this.every = b.every;
    this.shown = List.copyOf(b.shown);
  }

  /** A builder writing to {@code out}. */
  public static Builder builder(Appendable out) {
    return new Builder(out);
  }

  @Override
  public void onStep(StepMetrics metrics) {
    long now = clock.millis();
    if (firstStep < 0) {
      firstStep = metrics.step() - 1;
      firstMillis = now;
    }
    boolean last = totalSteps > 0 && metrics.step() >= totalSteps;
    if (metrics.step() % every != 0 && !last) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    if (totalSteps > 0) {
      int width = Long.toString(totalSteps).length();
      sb.append(String.format(Locale.ROOT, "step %" + width + "d/%d [", metrics.step(), totalSteps));
      double fraction = Math.min(1.0, (double) metrics.step() / totalSteps);
      int filled = (int) Math.round(fraction * BAR);
      for (int i = 0; i < BAR; i++) {
        sb.append(i < filled ? '#' : '-');
      }
      sb.append(String.format(Locale.ROOT, "] %3d%%", Math.round(fraction * 100)));
    } else {
      sb.append("step ").append(metrics.step());
    }
    for (String name : shown) {
      Double v = metrics.values().get(name);
      if (v != null) {
        sb.append(' ').append(name).append('=').append(String.format(Locale.ROOT, "%.4f", v));
      }
    }
    long done = metrics.step() - firstStep;
    double seconds = (now - firstMillis) / 1000.0;
    if (seconds > 0 && done > 0) {
      double rate = done / seconds;
      sb.append(String.format(Locale.ROOT, " | %.1f steps/s", rate));
      if (totalSteps > 0) {
        long remaining = Math.max(0, totalSteps - metrics.step());
        sb.append(" | ETA ").append(formatDuration(Math.round(remaining / rate)));
      }
    }
    sb.append(System.lineSeparator());
    try {
      out.append(sb);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write progress", e);
    }
  }

  static String formatDuration(long seconds) {
    return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  }

  /** Configures a {@link ConsoleProgressListener}. */
  public static final class Builder {
    private final Appendable out;
    private Clock clock = Clock.systemUTC();
    private long totalSteps;
    private int every = 1;
    private final List<String> shown =
        new ArrayList<>(List.of("loss", "reward", "rewards/accuracies", "rewards/margins", "kl", "log_ratio/mean"));

    private Builder(Appendable out) {
      this.out = Require.nonNull("out", out);
    }

    /** The clock for the rate and the ETA (default the system UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull("clock", clock);
      return this;
    }

    /** The planned number of steps, for the bar and the ETA; 0 (default) means unknown. */
    public Builder totalSteps(long totalSteps) {
      Require.argument(totalSteps >= 0, "totalSteps must be >= 0, was %d", totalSteps);
      this.totalSteps = totalSteps;
      return this;
    }

    /** Report every n-th step (and the last one); default 1. */
    public Builder every(int n) {
      this.every = Require.positive("every", n);
      return this;
    }

    /** The metrics to show, in order (absent ones are skipped). */
    public Builder show(List<String> metricNames) {
      shown.clear();
      shown.addAll(Require.nonNull("metricNames", metricNames));
      return this;
    }

    /** Builds the listener. */
    public ConsoleProgressListener build() {
      return new ConsoleProgressListener(this);
    }
  }
}
