package dev.align4j.examples.poc.report;

import static dev.align4j.examples.poc.report.Markup.coordinate;
import static dev.align4j.examples.poc.report.Markup.escape;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Draws the chart sections as inline SVG elements (no scripts, no external references).
 *
 * <p>The value axis's label is written rotated along the axis in English; in Japanese it is written horizontally
 * above the axis (rotated Japanese lies on its side and is hard to read; vertical writing would turn the Latin parts
 * of a label such as {@code KL} sideways), with a taller top margin to hold it.
 */
final class SvgCharts {

  static final int WIDTH = 720;
  static final int HEIGHT = 320;
  private static final int LEFT = 64;
  private static final int RIGHT = 24;

  /** The right margin when the chart has a right-hand value axis (its tick labels sit there). */
  private static final int RIGHT_WITH_AXIS = 64;

  private static final int TOP = 16;

  /** The top margin when the value axis's label is written horizontally above the axis. */
  private static final int TOP_WITH_LABEL_ABOVE = 34;

  private static final int BOTTOM = 48;
  private static final double MARKER_RADIUS = 4;

  /** Colour-blind-safe palette (Okabe and Ito, 2008). */
  private static final List<String> PALETTE =
      List.of(
          "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000");

  private final ReportMessages messages;
  private final boolean yLabelAbove;
  private final int top;

  SvgCharts(ReportMessages messages) {
    this.messages = messages;
    this.yLabelAbove = messages.languageTag().equals("ja");
    this.top = yLabelAbove ? TOP_WITH_LABEL_ABOVE : TOP;
  }

  /** Whether the value axis's label is written horizontally above the axis (Japanese) rather than rotated. */
  boolean yLabelAbove() {
    return yLabelAbove;
  }

  static String colour(int index) {
    return PALETTE.get(index % PALETTE.size());
  }

  private static void open(StringBuilder out, String title) {
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" class=\"chart\"><title>")
        .append(escape(title))
        .append("</title>");
  }

  private void axes(
      StringBuilder out, LinearScale x, LinearScale y, Text xAxis, Text yAxis, boolean xTicks) {
    double plotRight = x.pixelHigh();
    for (double t : y.ticks()) {
      double py = y.map(t);
      line(out, LEFT, py, plotRight, py, "grid");
      text(out, LEFT - 6, py + 4, "end", y.label(t));
    }
    if (xTicks) {
      for (double t : x.ticks()) {
        double px = x.map(t);
        line(out, px, HEIGHT - BOTTOM, px, HEIGHT - BOTTOM + 4, "axis");
        text(out, px, HEIGHT - BOTTOM + 16, "middle", x.label(t));
      }
    }
    line(out, LEFT, HEIGHT - BOTTOM, plotRight, HEIGHT - BOTTOM, "axis");
    line(out, LEFT, top, LEFT, HEIGHT - BOTTOM, "axis");
    text(out, (LEFT + plotRight) / 2.0, HEIGHT - 8, "middle", messages.resolve(xAxis));
    String label = escape(messages.resolve(yAxis));
    if (yLabelAbove) {
      out.append("<text class=\"axis-label y-axis-label\" text-anchor=\"start\" x=\"8\" y=\"")
          .append(coordinate(top - 14))
          .append("\">")
          .append(label)
          .append("</text>");
    } else {
      out.append(
              "<text class=\"axis-label y-axis-label\" text-anchor=\"middle\" transform=\"translate(14 ")
          .append(coordinate((top + HEIGHT - BOTTOM) / 2.0))
          .append(") rotate(-90)\">")
          .append(label)
          .append("</text>");
    }
  }

  private static void line(
      StringBuilder out, double x1, double y1, double x2, double y2, String cssClass) {
    out.append("<line class=\"")
        .append(cssClass)
        .append("\" x1=\"")
        .append(coordinate(x1))
        .append("\" y1=\"")
        .append(coordinate(y1))
        .append("\" x2=\"")
        .append(coordinate(x2))
        .append("\" y2=\"")
        .append(coordinate(y2))
        .append("\"/>");
  }

  private static void text(StringBuilder out, double x, double y, String anchor, String content) {
    out.append("<text x=\"")
        .append(coordinate(x))
        .append("\" y=\"")
        .append(coordinate(y))
        .append("\" text-anchor=\"")
        .append(anchor)
        .append("\">")
        .append(escape(content))
        .append("</text>");
  }

  private static void circle(StringBuilder out, double cx, double cy, double r, String fill) {
    out.append("<circle cx=\"")
        .append(coordinate(cx))
        .append("\" cy=\"")
        .append(coordinate(cy))
        .append("\" r=\"")
        .append(coordinate(r))
        .append("\" fill=\"")
        .append(fill)
        .append("\"/>");
  }

  private static LinearScale xScale(double min, double max) {
    return LinearScale.covering(min, max, LEFT, WIDTH - RIGHT);
  }

  /** The right-hand value axis at the plot's right edge: ticks, their labels and the axis label. */
  private void rightAxis(StringBuilder out, LinearScale y, double plotRight, Text label) {
    line(out, plotRight, top, plotRight, HEIGHT - BOTTOM, "axis");
    for (double t : y.ticks()) {
      double py = y.map(t);
      line(out, plotRight, py, plotRight + 4, py, "axis");
      text(out, plotRight + 6, py + 4, "start", y.label(t));
    }
    String text = escape(messages.resolve(label));
    if (yLabelAbove) {
      out.append("<text class=\"axis-label y-axis-label right\" text-anchor=\"end\" x=\"")
          .append(coordinate(WIDTH - 8))
          .append("\" y=\"")
          .append(coordinate(top - 14))
          .append("\">")
          .append(text)
          .append("</text>");
    } else {
      out.append(
              "<text class=\"axis-label y-axis-label right\" text-anchor=\"middle\" transform=\"translate(")
          .append(coordinate(WIDTH - 12))
          .append(' ')
          .append(coordinate((top + HEIGHT - BOTTOM) / 2.0))
          .append(") rotate(90)\">")
          .append(text)
          .append("</text>");
    }
  }

  private LinearScale yScale(double min, double max) {
    return LinearScale.covering(min, max, HEIGHT - BOTTOM, top);
  }

  String line(Section.LineChart chart) {
    List<Section.Point> all = points(chart.series());
    List<Section.Point> left = points(chart.series().stream().filter(s -> !s.rightAxis()).toList());
    List<Section.Point> right = points(chart.series().stream().filter(s -> s.rightAxis()).toList());
    double plotRight = WIDTH - (right.isEmpty() ? RIGHT : RIGHT_WITH_AXIS);
    LinearScale x =
        LinearScale.covering(
            min(all, Section.Point::x), max(all, Section.Point::x), LEFT, plotRight);
    LinearScale yLeft = yScale(left, chart.leftRange());
    LinearScale yRight = right.isEmpty() ? yLeft : yScale(right, chart.rightRange());
    StringBuilder out = new StringBuilder();
    open(out, messages.resolve(chart.title()));
    axes(out, x, yLeft, chart.xAxis(), chart.yAxis(), true);
    if (!right.isEmpty()) {
      rightAxis(out, yRight, plotRight, chart.rightAxis());
    }
    for (int i = 0; i < chart.series().size(); i++) {
      Section.Series series = chart.series().get(i);
      LinearScale y = series.rightAxis() ? yRight : yLeft;
      polyline(
          out,
          series.standIn() ? "series stand-in" : "series",
          colour(i),
          series.points().stream().map(p -> new double[] {x.map(p.x()), y.map(p.y())}).toList());
      if (series.points().size() == 1) {
        Section.Point p = series.points().get(0);
        circle(out, x.map(p.x()), y.map(p.y()), 3, colour(i));
      }
    }
    out.append("</svg>");
    return out.toString();
  }

  String scatter(Section.ScatterChart chart) {
    List<Section.LabelledPoint> points = chart.points();
    LinearScale x =
        xScale(min(points, Section.LabelledPoint::x), max(points, Section.LabelledPoint::x));
    LinearScale y =
        yScale(min(points, Section.LabelledPoint::y), max(points, Section.LabelledPoint::y));
    StringBuilder out = new StringBuilder();
    open(out, messages.resolve(chart.title()));
    axes(out, x, y, chart.xAxis(), chart.yAxis(), true);
    if (chart.joinGroups()) {
      int groups = points.stream().mapToInt(Section.LabelledPoint::group).max().orElseThrow() + 1;
      for (int g = 0; g < groups; g++) {
        int group = g;
        List<double[]> path =
            points.stream()
                .filter(p -> p.group() == group)
                .map(p -> new double[] {x.map(p.x()), y.map(p.y())})
                .toList();
        if (path.size() > 1) {
          polyline(out, "series joined", colour(g), path);
        }
      }
    }
    List<LabelPlacement.Anchor> anchors = new ArrayList<>();
    for (Section.LabelledPoint p : points) {
      double px = x.map(p.x());
      double py = y.map(p.y());
      circle(out, px, py, MARKER_RADIUS, colour(p.group()));
      anchors.add(new LabelPlacement.Anchor(px, py, messages.resolve(p.label())));
    }
    LabelPlacement.Box area =
        new LabelPlacement.Box(LEFT + 1, top, WIDTH - RIGHT - LEFT - 1, HEIGHT - BOTTOM - top - 1);
    List<LabelPlacement.@Nullable Placed> placed =
        LabelPlacement.place(anchors, area, MARKER_RADIUS);
    for (int i = 0; i < placed.size(); i++) {
      LabelPlacement.Placed label = placed.get(i);
      if (label == null) {
        continue;
      }
      if (label.leader()) {
        line(out, label.leaderX1(), label.leaderY1(), label.leaderX2(), label.leaderY2(), "leader");
      }
      out.append("<text class=\"point-label\" x=\"")
          .append(coordinate(label.textX()))
          .append("\" y=\"")
          .append(coordinate(label.textY()))
          .append("\" text-anchor=\"start\">")
          .append(escape(anchors.get(i).label()))
          .append("</text>");
    }
    out.append("</svg>");
    return out.toString();
  }

  private static void polyline(
      StringBuilder out, String cssClass, String colour, List<double[]> points) {
    out.append("<polyline class=\"")
        .append(cssClass)
        .append("\" fill=\"none\" stroke=\"")
        .append(colour)
        .append("\" points=\"");
    for (double[] p : points) {
      out.append(coordinate(p[0])).append(',').append(coordinate(p[1])).append(' ');
    }
    out.setLength(out.length() - 1);
    out.append("\"/>");
  }

  String bars(Section.IntervalBars chart) {
    List<Section.IntervalBar> bars = chart.bars();
    double lo =
        Math.min(0, bars.stream().mapToDouble(Section.IntervalBar::lower).min().orElseThrow());
    double hi = bars.stream().mapToDouble(Section.IntervalBar::upper).max().orElseThrow();
    if (!Double.isNaN(chart.reference())) {
      lo = Math.min(lo, chart.reference());
      hi = Math.max(hi, chart.reference());
    }
    LinearScale y = yScale(lo, hi);
    LinearScale x = xScale(0, bars.size());
    StringBuilder out = new StringBuilder();
    open(out, messages.resolve(chart.title()));
    axes(out, x, y, Text.literal(""), chart.yAxis(), false);
    double slot = (WIDTH - RIGHT - LEFT) / (double) bars.size();
    boolean numbered = numbersBars(chart, messages);
    double base = y.map(Math.max(lo, Math.min(0, hi)));
    for (int i = 0; i < bars.size(); i++) {
      Section.IntervalBar bar = bars.get(i);
      double centre = LEFT + slot * (i + 0.5);
      double top = y.map(bar.value());
      out.append("<rect class=\"bar\" x=\"")
          .append(coordinate(centre - slot * 0.3))
          .append("\" y=\"")
          .append(coordinate(Math.min(top, base)))
          .append("\" width=\"")
          .append(coordinate(slot * 0.6))
          .append("\" height=\"")
          .append(coordinate(Math.abs(base - top)))
          .append("\" fill=\"")
          .append(colour(i))
          .append("\"/>");
      line(out, centre, y.map(bar.lower()), centre, y.map(bar.upper()), "interval");
      line(out, centre - 6, y.map(bar.lower()), centre + 6, y.map(bar.lower()), "interval");
      line(out, centre - 6, y.map(bar.upper()), centre + 6, y.map(bar.upper()), "interval");
      String label = numbered ? Integer.toString(i + 1) : messages.resolve(bar.label());
      text(out, centre, HEIGHT - BOTTOM + 16, "middle", label);
    }
    if (!Double.isNaN(chart.reference())) {
      line(
          out,
          LEFT,
          y.map(chart.reference()),
          WIDTH - RIGHT,
          y.map(chart.reference()),
          "reference");
    }
    out.append("</svg>");
    return out.toString();
  }

  /**
   * Whether the bars of {@code chart} are labelled with their numbers (1, 2, …) instead of their labels: when some
   * label is wider than its bar's slot. The table under the chart then numbers its rows the same way.
   */
  static boolean numbersBars(Section.IntervalBars chart, ReportMessages messages) {
    double slot = (WIDTH - RIGHT - LEFT) / (double) chart.bars().size();
    for (Section.IntervalBar bar : chart.bars()) {
      if (LabelPlacement.width(messages.resolve(bar.label())) > slot * 0.95) {
        return true;
      }
    }
    return false;
  }

  String timeline(Section.StageTimeline chart) {
    List<Section.StageEvent> events =
        chart.events().stream().sorted(Comparator.comparing(Section.StageEvent::at)).toList();
    List<String> candidates =
        events.stream().map(Section.StageEvent::candidate).distinct().toList();
    double end = Math.max(1, hours(events.get(events.size() - 1).at()));
    // the candidates' names set the left margin (within a third of the width); stage labels
    // alternate above and below the row so that neighbours do not overlap, and the last ones end
    // at the plot's right edge
    double nameWidth = 0;
    for (String c : candidates) {
      nameWidth = Math.max(nameWidth, LabelPlacement.width(c));
    }
    double left = Math.min(WIDTH / 3.0, Math.max(LEFT, nameWidth + 12));
    double right = WIDTH - RIGHT;
    LinearScale x = LinearScale.covering(0, end, left, right);
    int rowHeight = 64;
    int height = TOP + rowHeight * candidates.size() + BOTTOM;
    StringBuilder out = new StringBuilder();
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" class=\"chart\"><title>")
        .append(escape(messages.resolve(chart.title())))
        .append("</title>");
    for (double t : x.ticks()) {
      double px = x.map(t);
      line(out, px, TOP, px, height - BOTTOM, "grid");
      text(out, px, height - BOTTOM + 16, "middle", x.label(t));
    }
    text(out, (left + right) / 2.0, height - 8, "middle", messages.get("axis.hours"));
    for (int row = 0; row < candidates.size(); row++) {
      String candidate = candidates.get(row);
      double py = TOP + rowHeight * (row + 0.5);
      line(out, left, py, right, py, "axis");
      text(out, left - 6, py + 4, "end", candidate);
      int k = 0;
      for (Section.StageEvent e : events) {
        if (!e.candidate().equals(candidate)) {
          continue;
        }
        double px = x.map(hours(e.at()));
        circle(out, px, py, 6, outcomeColour(e.outcome()));
        double half = LabelPlacement.width(e.stage()) / 2;
        String anchor = px + half > right ? "end" : px - half < left ? "start" : "middle";
        double ax = anchor.equals("end") ? right : anchor.equals("start") ? left : px;
        text(out, ax, k % 2 == 0 ? py - 11 : py + 20, anchor, e.stage());
        k++;
      }
    }
    out.append("</svg>");
    return out.toString();
  }

  static double hours(Duration d) {
    return d.toMillis() / 3_600_000.0;
  }

  static String outcomeColour(Section.Outcome outcome) {
    return switch (outcome) {
      case ADVANCE -> "#009E73";
      case HOLD -> "#E69F00";
      case ROLLBACK -> "#D55E00";
    };
  }

  /** A value scale over the points' ordinates, widened to {@code range} unless that is automatic. */
  private LinearScale yScale(List<Section.Point> points, Section.AxisRange range) {
    double lo = min(points, Section.Point::y);
    double hi = max(points, Section.Point::y);
    if (!range.isAuto()) {
      lo = Math.min(lo, range.low());
      hi = Math.max(hi, range.high());
    }
    return yScale(lo, hi);
  }

  private static List<Section.Point> points(List<Section.Series> series) {
    return series.stream().flatMap(s -> s.points().stream()).toList();
  }

  private static <T> double min(List<T> values, ToDoubleFunction<T> f) {
    return values.stream().mapToDouble(f).min().orElseThrow();
  }

  private static <T> double max(List<T> values, ToDoubleFunction<T> f) {
    return values.stream().mapToDouble(f).max().orElseThrow();
  }
}
