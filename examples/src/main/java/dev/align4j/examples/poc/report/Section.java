package dev.align4j.examples.poc.report;

import dev.align4j.examples.poc.Arguments;
import java.time.Duration;
import java.util.List;

/**
 * One block of the report: a KPI table or a chart. Every chart is drawn as inline SVG; every number must be finite
 * (checked here, so that a bad value is refused when the section is built, naming the field, not when it is drawn).
 */
public sealed interface Section
    permits Section.KpiTable,
        Section.LineChart,
        Section.ScatterChart,
        Section.IntervalBars,
        Section.StageTimeline {

  /** The section's heading. */
  Text title();

  /**
   * A short paragraph shown under the section: what the chart shows, how to read it, what is a stand-in;
   * {@code Text.literal("")} for none.
   */
  Text caption();

  /** No caption. */
  private static Text none() {
    return Text.literal("");
  }

  /**
   * One row of the KPI summary.
   *
   * @param name what is measured
   * @param value the measured value, already formatted with its unit (e.g. {@code "+0.42"}, {@code "37 %"})
   * @param note a short explanation or comparison; {@code Text.literal("")} for none
   * @param standIn whether the value is a stand-in (an assumption or a simulated quantity, e.g. a unit cost or
   *     simulated hours) rather than a measurement of the run: shown with a "stand-in" badge
   */
  record Kpi(Text name, String value, Text note, boolean standIn) {
    /** Checks the fields. */
    public Kpi {
      Arguments.nonNull("name", name);
      Arguments.nonNull("value", value);
      Arguments.nonNull("note", note);
    }

    /** A measured value (not a stand-in). */
    public Kpi(Text name, String value, Text note) {
      this(name, value, note, false);
    }
  }

  /**
   * The KPI summary table (metric, value, note).
   *
   * @param title heading
   * @param rows rows in display order, at least one
   * @param caption paragraph under the table; {@code Text.literal("")} for none
   */
  record KpiTable(Text title, List<Kpi> rows, Text caption) implements Section {
    /** Checks and copies the rows. */
    public KpiTable {
      Arguments.nonNull("title", title);
      rows = List.copyOf(Arguments.nonEmpty("rows", rows));
      Arguments.nonNull("caption", caption);
    }

    /** A table without caption. */
    public KpiTable(Text title, List<Kpi> rows) {
      this(title, rows, none());
    }
  }

  /**
   * A point of a line chart, in the units of the chart's axes.
   *
   * @param x abscissa, finite
   * @param y ordinate, finite
   */
  record Point(double x, double y) {
    /** Checks the coordinates. */
    public Point {
      Arguments.finite("x", x);
      Arguments.finite("y", y);
    }
  }

  /**
   * One line of a line chart.
   *
   * @param name legend entry
   * @param points points in drawing order, at least one
   * @param standIn whether the series is a stand-in (e.g. a proxy reward rather than the quantity it stands for):
   *     drawn dashed, with a "stand-in" badge in the legend
   * @param rightAxis whether the series is read against the chart's right-hand (secondary) value axis, for a
   *     quantity on another range (e.g. κ beside the AI's share of labels)
   */
  record Series(Text name, List<Point> points, boolean standIn, boolean rightAxis) {
    /** Checks and copies the points. */
    public Series {
      Arguments.nonNull("name", name);
      points = List.copyOf(Arguments.nonEmpty("points", points));
    }

    /** A series on the left-hand axis. */
    public Series(Text name, List<Point> points, boolean standIn) {
      this(name, points, standIn, false);
    }

    /** A measured series (not a stand-in) on the left-hand axis. */
    public Series(Text name, List<Point> points) {
      this(name, points, false, false);
    }
  }

  /**
   * The least range a value axis covers: fixed ends for quantities with a natural range (a share or a win rate from 0
   * to 1), so that small changes are not blown up to the chart's full height. Data outside it widens the axis (a
   * value is never clipped); {@link #auto()} fits the axis to the data alone.
   *
   * @param low the lower end, finite, or {@code NaN} for automatic
   * @param high the upper end, finite and above {@code low}, or {@code NaN} for automatic
   */
  record AxisRange(double low, double high) {
    /** Checks the ends. */
    public AxisRange {
      if (!(Double.isNaN(low) && Double.isNaN(high))) {
        Arguments.finite("low", low);
        Arguments.finite("high", high);
        Arguments.argument(low < high, "high: expected a value above low=%s, got %s", low, high);
      }
    }

    /** The axis fitted to the data. */
    public static AxisRange auto() {
      return new AxisRange(Double.NaN, Double.NaN);
    }

    /** Whether the axis is fitted to the data alone. */
    public boolean isAuto() {
      return Double.isNaN(low);
    }
  }

  /**
   * A line chart: training curves, agreement (κ) over time, the AI's share of labels.
   *
   * @param title heading
   * @param xAxis label of the horizontal axis (with unit)
   * @param yAxis label of the vertical axis (with unit)
   * @param series lines, at least one on the left-hand axis; colours are assigned in order
   * @param caption paragraph under the chart; {@code Text.literal("")} for none
   * @param rightAxis label of the right-hand (secondary) value axis, which the series marked {@link
   *     Series#rightAxis()} are drawn against; {@code Text.literal("")} for none (then no series may be marked)
   * @param leftRange the least range of the left-hand value axis
   * @param rightRange the least range of the right-hand value axis (ignored without one)
   */
  record LineChart(
      Text title,
      Text xAxis,
      Text yAxis,
      List<Series> series,
      Text caption,
      Text rightAxis,
      AxisRange leftRange,
      AxisRange rightRange)
      implements Section {
    /** Checks and copies the series. */
    public LineChart {
      Arguments.nonNull("title", title);
      Arguments.nonNull("xAxis", xAxis);
      Arguments.nonNull("yAxis", yAxis);
      series = List.copyOf(Arguments.nonEmpty("series", series));
      Arguments.nonNull("caption", caption);
      Arguments.nonNull("rightAxis", rightAxis);
      boolean none = rightAxis instanceof Text.Literal l && l.text().isEmpty();
      for (Series s : series) {
        Arguments.argument(
            !(s.rightAxis() && none),
            "rightAxis: expected a label for the right-hand axis that series %s is drawn against, got none",
            s.name());
      }
      Arguments.argument(
          series.stream().anyMatch(s -> !s.rightAxis()),
          "series: expected at least one series on the left-hand axis, got %s on the right",
          series.size());
      Arguments.nonNull("leftRange", leftRange);
      Arguments.nonNull("rightRange", rightRange);
    }

    /** A chart whose value axes fit the data. */
    public LineChart(
        Text title, Text xAxis, Text yAxis, List<Series> series, Text caption, Text rightAxis) {
      this(title, xAxis, yAxis, series, caption, rightAxis, AxisRange.auto(), AxisRange.auto());
    }

    /** A chart with one value axis. */
    public LineChart(Text title, Text xAxis, Text yAxis, List<Series> series, Text caption) {
      this(title, xAxis, yAxis, series, caption, none(), AxisRange.auto(), AxisRange.auto());
    }

    /** A chart with one value axis and no caption. */
    public LineChart(Text title, Text xAxis, Text yAxis, List<Series> series) {
      this(title, xAxis, yAxis, series, none(), none(), AxisRange.auto(), AxisRange.auto());
    }

    /** Whether some series is drawn against the right-hand axis. */
    public boolean hasRightAxis() {
      return series.stream().anyMatch(Series::rightAxis);
    }
  }

  /**
   * A labelled point of a scatter chart.
   *
   * @param label text written next to the point (e.g. {@code "DPO β=0.1"}); an empty literal draws no label (e.g.
   *     the intermediate checkpoints of a joined group)
   * @param x abscissa, finite
   * @param y ordinate, finite
   * @param group index of the colour group, {@code >= 0} (e.g. one per method)
   */
  record LabelledPoint(Text label, double x, double y, int group) {
    /** Checks the fields. */
    public LabelledPoint {
      Arguments.nonNull("label", label);
      Arguments.finite("x", x);
      Arguments.finite("y", y);
      Arguments.nonNegative("group", group);
    }
  }

  /**
   * A scatter chart with labelled points: the gold-reward-versus-KL frontier. Labels are placed so that no two
   * overlap (next to their point when there is room, otherwise further away with a leader line).
   *
   * @param title heading
   * @param xAxis label of the horizontal axis
   * @param yAxis label of the vertical axis
   * @param points points, at least one
   * @param groups legend names of the colour groups, by {@link LabelledPoint#group()}; empty for no legend, otherwise
   *     every point's group must name one of them
   * @param joinGroups whether the points of each group are joined by a line in their list order (a method's
   *     checkpoints, from the first to the last)
   * @param caption paragraph under the chart; {@code Text.literal("")} for none
   */
  record ScatterChart(
      Text title,
      Text xAxis,
      Text yAxis,
      List<LabelledPoint> points,
      List<Text> groups,
      boolean joinGroups,
      Text caption)
      implements Section {
    /** Checks and copies the points and groups. */
    public ScatterChart {
      Arguments.nonNull("title", title);
      Arguments.nonNull("xAxis", xAxis);
      Arguments.nonNull("yAxis", yAxis);
      points = List.copyOf(Arguments.nonEmpty("points", points));
      groups = List.copyOf(Arguments.nonNull("groups", groups));
      if (!groups.isEmpty()) {
        for (LabelledPoint p : points) {
          Arguments.argument(
              p.group() < groups.size(),
              "points: expected every group below groups.size()=%s, got group %s",
              groups.size(),
              p.group());
        }
      }
      Arguments.nonNull("caption", caption);
    }

    /** Unjoined points without caption. */
    public ScatterChart(
        Text title, Text xAxis, Text yAxis, List<LabelledPoint> points, List<Text> groups) {
      this(title, xAxis, yAxis, points, groups, false, none());
    }
  }

  /**
   * One bar with its interval.
   *
   * @param label the bar's category
   * @param value the estimate, finite, within {@code [lower, upper]}
   * @param lower lower end of the interval, finite
   * @param upper upper end of the interval, finite
   */
  record IntervalBar(Text label, double value, double lower, double upper) {
    /** Checks that the interval is finite and contains the estimate. */
    public IntervalBar {
      Arguments.nonNull("label", label);
      Arguments.finite("value", value);
      Arguments.finite("lower", lower);
      Arguments.finite("upper", upper);
      Arguments.argument(
          lower <= value && value <= upper,
          "interval: expected lower <= value <= upper, got lower=%s value=%s upper=%s",
          lower,
          value,
          upper);
    }
  }

  /**
   * Bars with intervals (win rates with their confidence intervals), with an optional reference line (e.g. 0.5).
   *
   * @param title heading
   * @param yAxis label of the value axis
   * @param bars bars in display order, at least one
   * @param reference value of a dashed reference line, or {@code NaN} for none
   * @param caption paragraph under the chart; {@code Text.literal("")} for none
   */
  record IntervalBars(
      Text title, Text yAxis, List<IntervalBar> bars, double reference, Text caption)
      implements Section {
    /** Checks and copies the bars. */
    public IntervalBars {
      Arguments.nonNull("title", title);
      Arguments.nonNull("yAxis", yAxis);
      bars = List.copyOf(Arguments.nonEmpty("bars", bars));
      Arguments.argument(
          Double.isNaN(reference) || Double.isFinite(reference),
          "reference: expected a finite value or NaN for none, got %s",
          reference);
      Arguments.nonNull("caption", caption);
    }

    /** Bars without caption. */
    public IntervalBars(Text title, Text yAxis, List<IntervalBar> bars, double reference) {
      this(title, yAxis, bars, reference, none());
    }
  }

  /** How a gate decision reads: it moves the candidate on, holds it, or stops it. */
  enum Outcome {
    /** Promoted to the next stage (or completed). */
    ADVANCE,
    /** Kept at the current stage for more data. */
    HOLD,
    /** Stopped and rolled back. */
    ROLLBACK
  }

  /**
   * One decision of the staged gate.
   *
   * @param candidate the model or policy the decision is about
   * @param stage the stage the decision was taken at (e.g. {@code "canary"})
   * @param at time since the start of the rollout, not negative
   * @param decision the decision's stable code (e.g. {@code "PROMOTE"}, {@code "ROLLBACK"})
   * @param outcome how the decision reads, for its colour
   * @param reason why, in the report's language or as the gate's own reason string
   */
  record StageEvent(
      String candidate, String stage, Duration at, String decision, Outcome outcome, Text reason) {
    /** Checks the fields. */
    public StageEvent {
      Arguments.nonNull("candidate", candidate);
      Arguments.nonBlank("stage", stage);
      Arguments.nonNull("at", at);
      Arguments.argument(!at.isNegative(), "at: expected a non-negative duration, got %s", at);
      Arguments.nonBlank("decision", decision);
      Arguments.nonNull("outcome", outcome);
      Arguments.nonNull("reason", reason);
    }
  }

  /**
   * The gate's timeline: each decision on a time axis, and a table listing each decision with its reason.
   *
   * @param title heading
   * @param events decisions, at least one, in any order (drawn by time)
   * @param caption paragraph under the chart; {@code Text.literal("")} for none
   */
  record StageTimeline(Text title, List<StageEvent> events, Text caption) implements Section {
    /** Checks and copies the events. */
    public StageTimeline {
      Arguments.nonNull("title", title);
      events = List.copyOf(Arguments.nonEmpty("events", events));
      Arguments.nonNull("caption", caption);
    }

    /** A timeline without caption. */
    public StageTimeline(Text title, List<StageEvent> events) {
      this(title, events, none());
    }
  }
}
