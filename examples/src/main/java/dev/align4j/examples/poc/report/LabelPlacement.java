package dev.align4j.examples.poc.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Places the labels of a scatter chart's points so that no two labels overlap each other or another point's marker,
 * and every label stays inside the plot area. Deterministic greedy placement (in the spirit of the point-feature
 * label placement surveyed by Christensen, Marks and Shieber, 1995): the labels of the most crowded points go first;
 * each label tries the eight positions around its point (right, left, above, below, then the diagonals), then
 * positions on rings further out in sixteen directions, drawn with a leader line from the point that crosses no
 * other label. When nothing is free the position with the least overlap is taken (the chart still draws; the tests'
 * crowded samples never need it).
 *
 * <p>Label sizes are estimated from the text, not measured (there is no font at render time): {@link #width} is a
 * deliberately generous estimate for an 11 px sans-serif font, so that the real rendering's boxes, which the browser
 * test measures, fit inside the estimated ones.
 */
final class LabelPlacement {

  /** Font size of chart text in SVG user units (the report's CSS sets 11px on the chart). */
  static final double FONT_SIZE = 11;

  /** Height of a label's box. */
  static final double HEIGHT = FONT_SIZE * 1.3;

  /** Gap between a marker's edge and its label. */
  private static final double GAP = 3;

  /** Distances of the outer rings (leader-line positions) from the point, in user units. */
  private static final double[] RINGS = {22, 36, 52, 70, 90, 115, 140};

  private static final int DIRECTIONS = 16;

  private LabelPlacement() {}

  /**
   * An axis-aligned box.
   *
   * @param x left edge
   * @param y top edge
   * @param width width, not negative
   * @param height height, not negative
   */
  record Box(double x, double y, double width, double height) {
    double right() {
      return x + width;
    }

    double bottom() {
      return y + height;
    }

    /** The area shared with {@code other} (0 when they only touch). */
    double overlap(Box other) {
      double w = Math.min(right(), other.right()) - Math.max(x, other.x);
      double h = Math.min(bottom(), other.bottom()) - Math.max(y, other.y);
      return w > 0 && h > 0 ? w * h : 0;
    }

    boolean contains(Box other) {
      return other.x >= x && other.y >= y && other.right() <= right() && other.bottom() <= bottom();
    }

    /** Whether the segment from (x1, y1) to (x2, y2) passes through this box's interior (Liang–Barsky clipping). */
    boolean crossedBy(double x1, double y1, double x2, double y2) {
      double dx = x2 - x1;
      double dy = y2 - y1;
      double[] p = {-dx, dx, -dy, dy};
      double[] q = {x1 - x, right() - x1, y1 - y, bottom() - y1};
      double t0 = 0;
      double t1 = 1;
      for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
          if (q[i] <= 0) {
            return false;
          }
        } else {
          double t = q[i] / p[i];
          if (p[i] < 0) {
            t0 = Math.max(t0, t);
          } else {
            t1 = Math.min(t1, t);
          }
        }
      }
      return t1 - t0 > 1e-9;
    }
  }

  /**
   * A point to label.
   *
   * @param x the point's abscissa in user units
   * @param y the point's ordinate in user units
   * @param label the text; an empty one is not placed, but its marker is still kept clear
   */
  record Anchor(double x, double y, String label) {}

  /**
   * Where a label went.
   *
   * @param box the label's box
   * @param textX the abscissa of the text's anchor (its start: the text is drawn with {@code text-anchor="start"})
   * @param textY the baseline of the text
   * @param leader whether a leader line joins the point to the label
   * @param leaderX1 the leader's start (on the marker's edge)
   * @param leaderY1 the leader's start
   * @param leaderX2 the leader's end (on the label box's edge)
   * @param leaderY2 the leader's end
   */
  record Placed(
      Box box,
      double textX,
      double textY,
      boolean leader,
      double leaderX1,
      double leaderY1,
      double leaderX2,
      double leaderY2) {}

  /**
   * A generous estimate of the rendered width of {@code text} at {@link #FONT_SIZE}: East Asian wide and full-width
   * characters one em, everything else 0.62 em (wider than the average Latin glyph of common sans-serif fonts).
   */
  static double width(String text) {
    double ems = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      ems += wide(cp) ? 1.0 : 0.62;
      i += Character.charCount(cp);
    }
    return ems * FONT_SIZE + 2;
  }

  private static boolean wide(int cp) {
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.HANGUL
        || (cp >= 0x3000 && cp <= 0x303F) // CJK punctuation
        || (cp >= 0xFF00 && cp <= 0xFF60); // full-width forms
  }

  /**
   * Places the labels of {@code anchors} inside {@code area}; {@code markerRadius} is the radius of the points'
   * markers, which labels keep clear of. The result has one entry per anchor, {@code null} for an empty label.
   */
  static List<@Nullable Placed> place(List<Anchor> anchors, Box area, double markerRadius) {
    List<Box> markers = new ArrayList<>();
    for (Anchor a : anchors) {
      double r = markerRadius + 1;
      markers.add(new Box(a.x() - r, a.y() - r, 2 * r, 2 * r));
    }
    // the most crowded points first (their labels have the fewest free positions), then in input
    // order
    List<Integer> order =
        IntStream.range(0, anchors.size())
            .boxed()
            .sorted(
                Comparator.comparingInt((Integer i) -> -neighbours(anchors, i))
                    .thenComparingInt(i -> i))
            .toList();
    @Nullable Placed[] placed = new Placed[anchors.size()];
    List<Placed> taken = new ArrayList<>();
    for (int i : order) {
      Anchor a = anchors.get(i);
      if (a.label().isEmpty()) {
        continue;
      }
      List<Placed> candidates = candidates(a, width(a.label()), markerRadius);
      Placed best = candidates.get(0);
      double bestCost = cost(best, area, markers, taken);
      for (int k = 1; k < candidates.size() && bestCost > 0; k++) {
        double cost = cost(candidates.get(k), area, markers, taken);
        if (cost < bestCost) {
          best = candidates.get(k);
          bestCost = cost;
        }
      }
      placed[i] = best;
      taken.add(best);
    }
    return Arrays.asList(placed);
  }

  private static int neighbours(List<Anchor> anchors, int i) {
    Anchor a = anchors.get(i);
    int n = 0;
    for (Anchor b : anchors) {
      if (b != a && Math.hypot(a.x() - b.x(), a.y() - b.y()) < 60) {
        n++;
      }
    }
    return n;
  }

  /**
   * What a position costs, in strictly ordered tiers: leaving the area, then covering another label, then covering a
   * marker, then a leader line crossing a label (each tier outweighs any amount of the ones after it in practice).
   */
  private static double cost(Placed c, Box area, List<Box> markers, List<Placed> taken) {
    Box b = c.box();
    double cost = 0;
    if (!area.contains(b)) {
      cost += 1e9 + (b.width() * b.height() - area.overlap(b)) * 1e5;
    }
    for (Box m : markers) {
      double o = b.overlap(m);
      cost += o > 0 ? 1e4 + o : 0;
    }
    for (Placed t : taken) {
      double o = b.overlap(t.box());
      cost += o > 0 ? 1e6 + o * 100 : 0;
      if (c.leader() && t.box().crossedBy(c.leaderX1(), c.leaderY1(), c.leaderX2(), c.leaderY2())) {
        cost += 100;
      }
      if (t.leader() && b.crossedBy(t.leaderX1(), t.leaderY1(), t.leaderX2(), t.leaderY2())) {
        cost += 100;
      }
    }
    return cost;
  }

  private static List<Placed> candidates(Anchor a, double w, double markerRadius) {
    double h = HEIGHT;
    double d = markerRadius + GAP;
    double px = a.x();
    double py = a.y();
    double diagonal = d * Math.sqrt(0.5);
    List<Placed> out = new ArrayList<>();
    out.add(near(px + d, py - h / 2, w));
    out.add(near(px - d - w, py - h / 2, w));
    out.add(near(px - w / 2, py - d - h, w));
    out.add(near(px - w / 2, py + d, w));
    out.add(near(px + diagonal, py - diagonal - h, w));
    out.add(near(px - diagonal - w, py - diagonal - h, w));
    out.add(near(px + diagonal, py + diagonal, w));
    out.add(near(px - diagonal - w, py + diagonal, w));
    for (double ring : RINGS) {
      for (int k = 0; k < DIRECTIONS; k++) {
        double angle = 2 * Math.PI * k / DIRECTIONS;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double ex = px + ring * cos;
        double ey = py + ring * sin;
        // the box hangs off the ring point on the side facing away from the point
        double bx = cos > 0.3 ? ex : cos < -0.3 ? ex - w : ex - w / 2;
        double by = sin > 0.3 ? ey : sin < -0.3 ? ey - h : ey - h / 2;
        Box box = new Box(bx, by, w, h);
        out.add(
            new Placed(
                box,
                bx + 1,
                baseline(by),
                true,
                px + markerRadius * cos,
                py + markerRadius * sin,
                ex,
                ey));
      }
    }
    return out;
  }

  private static Placed near(double x, double y, double w) {
    return new Placed(new Box(x, y, w, HEIGHT), x + 1, baseline(y), false, 0, 0, 0, 0);
  }

  /** The baseline of text whose box's top edge is {@code top}: about 0.8 em below the top, centred in the box. */
  private static double baseline(double top) {
    return top + (HEIGHT + FONT_SIZE * 0.7) / 2;
  }
}
