package dev.align4j.examples.poc.run;

import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.Progress;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;

/**
 * A progress bar on the console for the proof of concept's long steps.
 *
 * <p>On a terminal ({@code redraw} true) the bar is redrawn in place with a carriage return, at most every 100 ms and
 * on completion; elsewhere (a log file, Maven's output, CI) it prints one line when the task ends, and a line at each
 * quarter only once the task has run for {@value #QUIET_MILLIS} ms, so a captured log stays short.
 */
public final class ConsoleProgress implements Progress {
  private static final int WIDTH = 30;
  private static final long REDRAW_MILLIS = 100;
  private static final long QUIET_MILLIS = 2000;

  private final PrintStream out;
  private final boolean redraw;
  private final Clock clock;
  private String task = "";
  private long startMillis;
  private long lastDrawMillis;
  private int lastQuarter = -1;

  /**
   * A progress bar on {@code out}.
   *
   * @param out where to draw
   * @param redraw true to redraw in place (a terminal), false for one line per quarter
   * @param clock the wall clock of the elapsed times
   */
  public ConsoleProgress(PrintStream out, boolean redraw, Clock clock) {
    this.out = Arguments.nonNull("out", out);
    this.redraw = redraw;
    this.clock = Arguments.nonNull("clock", clock);
  }

  /** A bar on standard output that redraws when the JVM has a console. */
  public static ConsoleProgress onStandardOutput() {
    return new ConsoleProgress(System.out, System.console() != null, Clock.systemUTC());
  }

  @Override
  public void advance(String task, long done, long total) {
    Arguments.nonBlank("task", task);
    Arguments.argument(total >= 1, "total: expected >= 1, got %s", total);
    Arguments.argument(
        done >= 0 && done <= total, "done: expected in [0, total=%s], got %s", total, done);
    long now = clock.millis();
    if (!task.equals(this.task)) {
      this.task = task;
      this.startMillis = now;
      this.lastDrawMillis = Long.MIN_VALUE;
      this.lastQuarter = -1;
    }
    boolean finished = done == total;
    if (redraw) {
      if (finished || now - lastDrawMillis >= REDRAW_MILLIS) {
        lastDrawMillis = now;
        out.print("\r" + line(done, total, now));
        if (finished) {
          out.println();
        }
        out.flush();
      }
    } else {
      int quarter = (int) (4 * done / total);
      if (quarter > lastQuarter && (finished || now - startMillis >= QUIET_MILLIS)) {
        lastQuarter = quarter;
        out.println(line(done, total, now));
      }
    }
  }

  private String line(long done, long total, long now) {
    int filled = (int) (WIDTH * done / total);
    return String.format(
        Locale.ROOT,
        "   %-28s [%s%s] %3d%% %6.1f s",
        task,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        100 * done / total,
        (now - startMillis) / 1000.0);
  }
}
