package dev.align4j.examples.poc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.examples.poc.report.LabelPlacement.Box;
import dev.align4j.examples.poc.report.Section.Kpi;
import dev.align4j.examples.poc.report.Section.LabelledPoint;
import dev.align4j.examples.poc.report.Section.Point;
import dev.align4j.examples.poc.report.Section.Series;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The chart details the run's report needs: label placement, the Japanese value-axis label, joined groups, badges. */
class SvgChartsTest {

  private static final String SVG = "http://www.w3.org/2000/svg";
  private static final String XHTML = "http://www.w3.org/1999/xhtml";

  private final HtmlReportWriter writer = new HtmlReportWriter();

  private Document render(Section section, Locale locale) throws Exception {
    return HtmlReportWriterTest.parse(
        writer.render(new Report(Text.literal("t"), Text.literal(""), List.of(section)), locale));
  }

  private static List<Element> byClass(
      Document doc, String namespace, String tag, String cssClass) {
    NodeList all = doc.getElementsByTagNameNS(namespace, tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (List.of(e.getAttribute("class").split(" ")).contains(cssClass)) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * The box a drawn label occupies, rebuilt from the SVG alone: the width estimated from its text, the anchor and
   * baseline as written (so this check holds for any placement rule, not only the one in {@link LabelPlacement}).
   */
  private static Box drawnBox(Element text) {
    double x = Double.parseDouble(text.getAttribute("x"));
    double y = Double.parseDouble(text.getAttribute("y"));
    double w = LabelPlacement.width(text.getTextContent());
    double left =
        switch (text.getAttribute("text-anchor")) {
          case "end" -> x - w;
          case "middle" -> x - w / 2;
          default -> x - 1;
        };
    // an 11 px font reaches about 0.9 em above and 0.25 em below its baseline
    return new Box(left, y - 0.9 * LabelPlacement.FONT_SIZE, w, 1.15 * LabelPlacement.FONT_SIZE);
  }

  private static void assertNoOverlaps(List<Box> boxes, String what) {
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        assertEquals(
            0,
            boxes.get(i).overlap(boxes.get(j)),
            1e-9,
            what + " " + i + " and " + j + ": " + boxes);
      }
    }
  }

  /** The timeline's row names and stage labels stay inside the chart, however long a candidate's name is. */
  @ParameterizedTest
  @ValueSource(strings = {"DPO", "GRPO vs length proxy", "長さに偏った代理報酬に対するGRPO"})
  void timelineTextsStayInsideTheChart(String longName) throws Exception {
    List<Section.StageEvent> events = new ArrayList<>();
    String[] stages = {
      "OFFLINE_EVAL", "SHADOW", "SHADOW", "CANARY(10%)", "CANARY(10%)", "CANARY(50%)"
    };
    for (int h = 0; h < stages.length; h++) {
      events.add(
          new Section.StageEvent(
              "DPO",
              stages[h],
              Duration.ofHours(h + 1),
              "PROMOTE",
              Section.Outcome.ADVANCE,
              Text.literal("ok")));
    }
    events.add(
        new Section.StageEvent(
            longName,
            "OFFLINE_EVAL",
            Duration.ofHours(1),
            "ROLLBACK",
            Section.Outcome.ROLLBACK,
            Text.literal("breach")));
    Document doc = render(new Section.StageTimeline(Text.literal("gate"), events), Locale.ENGLISH);
    NodeList texts = doc.getElementsByTagNameNS(SVG, "text");
    assertTrue(texts.getLength() > 0);
    for (int i = 0; i < texts.getLength(); i++) {
      Box box = drawnBox((Element) texts.item(i));
      String what = texts.item(i).getTextContent() + " " + box;
      assertTrue(box.x() >= 0, what);
      assertTrue(box.right() <= SvgCharts.WIDTH, what);
    }
  }

  /** The point labels of a crowded scatter (EN and JA labels) neither overlap nor leave the chart. */
  @ParameterizedTest
  @ValueSource(ints = {4, 8, 12, 16})
  void labelsOfACrowdedScatterDoNotOverlap(int n) throws Exception {
    Document doc = render(SampleReports.crowded(n), Locale.ENGLISH);
    List<Element> labels = byClass(doc, SVG, "text", "point-label");
    assertEquals(n + 1, labels.size(), "one label per point");
    List<Box> boxes = labels.stream().map(SvgChartsTest::drawnBox).toList();
    assertNoOverlaps(boxes, "labels");
    Box chart = new Box(0, 0, SvgCharts.WIDTH, SvgCharts.HEIGHT);
    for (Box b : boxes) {
      assertTrue(chart.contains(b), "label outside the chart: " + b);
    }
    // a crowded cluster needs leader lines; each starts at a marker's edge
    if (n >= 12) {
      assertFalse(
          byClass(doc, SVG, "line", "leader").isEmpty(), "no leader line in a crowd of " + n);
    }
  }

  /**
   * Random clusters of up to 14 points packed into a small part of the plot (often on top of one another): every
   * placed label is inside the plot area, clear of every marker and of every other label.
   */
  @Property(trials = 60)
  void placementNeverOverlapsInRandomClusters(Gen gen) {
    Box area = new Box(65, 16, 631, 255);
    int n = gen.intIn(1, 14);
    double cx = gen.uniform(area.x(), area.right());
    double cy = gen.uniform(area.y(), area.bottom());
    double spread = gen.bool() ? 0 : gen.uniform(1, 60);
    List<LabelPlacement.Anchor> anchors = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x = Math.max(area.x(), Math.min(area.right(), cx + gen.gaussian() * spread));
      double y = Math.max(area.y(), Math.min(area.bottom(), cy + gen.gaussian() * spread));
      String label =
          gen.intIn(0, 5) == 0 ? "" : gen.oneOf("DPO", "GRPO β=0.04", "ORPO 200", "手法", "SFT");
      anchors.add(new LabelPlacement.Anchor(x, y, label + (label.isEmpty() ? "" : " " + i)));
    }
    List<LabelPlacement.Placed> placed = LabelPlacement.place(anchors, area, 4);
    List<Box> boxes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      LabelPlacement.Placed p = placed.get(i);
      assertEquals(anchors.get(i).label().isEmpty(), p == null, "placed iff labelled: " + i);
      if (p == null) {
        continue;
      }
      assertTrue(area.contains(p.box()), "outside the plot: " + p.box());
      boxes.add(p.box());
      for (LabelPlacement.Anchor a : anchors) {
        Box marker = new Box(a.x() - 4, a.y() - 4, 8, 8);
        assertEquals(0, p.box().overlap(marker), 1e-9, "label " + i + " covers a marker at " + a);
      }
    }
    assertNoOverlaps(boxes, "labels");
  }

  @Test
  void placementIsDeterministic() {
    List<LabelPlacement.Anchor> anchors = new ArrayList<>();
    for (LabelledPoint p : SampleReports.crowded(12).points()) {
      anchors.add(
          new LabelPlacement.Anchor(
              300 + 40 * p.x(), 100 + 200 * p.y(), ((Text.Literal) p.label()).text()));
    }
    Box area = new Box(65, 16, 631, 255);
    assertEquals(LabelPlacement.place(anchors, area, 4), LabelPlacement.place(anchors, area, 4));
  }

  @Test
  void labelWidthCountsJapaneseAsFullWidth() {
    // 4 wide characters at one em (11) and 4 Latin ones at 0.62 em, plus 2 of padding: worked by
    // hand
    assertEquals(4 * 11 + 2, LabelPlacement.width("学習曲線"), 1e-9);
    assertEquals(4 * 0.62 * 11 + 2, LabelPlacement.width("GRPO"), 1e-9);
  }

  private static Section.LineChart lineChart() {
    return new Section.LineChart(
        Text.key("section.training"),
        Text.key("axis.step"),
        Text.key("axis.goldReward"),
        List.of(
            new Series(Text.literal("gold"), List.of(new Point(0, 0.1), new Point(10, 0.4))),
            new Series(
                Text.literal("proxy"), List.of(new Point(0, 0.2), new Point(10, 0.9)), true)));
  }

  /** English rotates the value axis's label along the axis; Japanese writes it horizontally above the axis. */
  @Test
  void japaneseValueAxisLabelIsHorizontalAboveTheAxis() throws Exception {
    Element en = byClass(render(lineChart(), Locale.ENGLISH), SVG, "text", "y-axis-label").get(0);
    assertTrue(en.getAttribute("transform").contains("rotate(-90)"), en.getAttribute("transform"));
    assertEquals("Gold reward", en.getTextContent());

    Document ja = render(lineChart(), Locale.JAPANESE);
    List<Element> labels = byClass(ja, SVG, "text", "y-axis-label");
    assertEquals(1, labels.size());
    Element label = labels.get(0);
    assertEquals("ゴールド報酬", label.getTextContent());
    assertFalse(label.hasAttribute("transform"), "rotated: " + label.getAttribute("transform"));
    // above the top of the value axis (the vertical axis line that starts at the plot's top)
    double axisTop = Double.POSITIVE_INFINITY;
    for (Element line : byClass(ja, SVG, "line", "axis")) {
      if (line.getAttribute("x1").equals(line.getAttribute("x2"))) {
        axisTop = Math.min(axisTop, Double.parseDouble(line.getAttribute("y1")));
      }
    }
    double baseline = Double.parseDouble(label.getAttribute("y"));
    assertTrue(baseline + 3 <= axisTop, "label baseline " + baseline + ", axis top " + axisTop);
    assertTrue(baseline - LabelPlacement.FONT_SIZE >= 0, "label cut at the top: " + baseline);
  }

  /** A frontier joins each method's checkpoints in list order, in the method's colour; unlabelled points get none. */
  @Test
  void frontierJoinsEachMethodsCheckpointsInOrder() throws Exception {
    Section.ScatterChart frontier =
        new Section.ScatterChart(
            Text.literal("f"),
            Text.literal("KL"),
            Text.literal("gold"),
            SampleReports.frontier(),
            SampleReports.METHODS.stream().map(Text::literal).toList(),
            true,
            Text.literal(""));
    Document doc = render(frontier, Locale.ENGLISH);
    List<Element> joined = byClass(doc, SVG, "polyline", "joined");
    // SFT is one point (nothing to join); every other method has four checkpoints
    assertEquals(SampleReports.METHODS.size() - 1, joined.size());
    NodeList circles = doc.getElementsByTagNameNS(SVG, "circle");
    assertEquals(frontier.points().size(), circles.getLength());
    for (int g = 1; g < SampleReports.METHODS.size(); g++) {
      Element line = joined.get(g - 1);
      assertEquals(SvgCharts.colour(g), line.getAttribute("stroke"));
      String[] vertices = line.getAttribute("points").split(" ");
      assertEquals(4, vertices.length);
      // the vertices are the group's circles, in the list's order
      int k = 0;
      for (int i = 0; i < frontier.points().size(); i++) {
        if (frontier.points().get(i).group() == g) {
          Element c = (Element) circles.item(i);
          assertEquals(c.getAttribute("cx") + "," + c.getAttribute("cy"), vertices[k++]);
        }
      }
    }
    // only each method's last checkpoint is labelled
    List<String> labels =
        byClass(doc, SVG, "text", "point-label").stream()
            .map(Element::getTextContent)
            .sorted()
            .toList();
    assertEquals(SampleReports.METHODS.stream().sorted().toList(), labels);
    // without joining, no joined line
    Section.ScatterChart loose =
        new Section.ScatterChart(
            Text.literal("f"),
            Text.literal("KL"),
            Text.literal("gold"),
            frontier.points(),
            frontier.groups());
    assertTrue(byClass(render(loose, Locale.ENGLISH), SVG, "polyline", "joined").isEmpty());
  }

  /** A stand-in series is dashed and badged in the legend; a stand-in KPI is badged in its own row only. */
  @ParameterizedTest
  @ValueSource(strings = {"en", "ja"})
  void standInsAreMarked(String language) throws Exception {
    Locale locale = Locale.forLanguageTag(language);
    String badge = ReportMessages.forLocale(locale).get("badge.standIn");
    Document chart = render(lineChart(), locale);
    List<Element> series = byClass(chart, SVG, "polyline", "series");
    assertEquals(2, series.size());
    assertFalse(series.get(0).getAttribute("class").contains("stand-in"));
    assertTrue(series.get(1).getAttribute("class").contains("stand-in"));
    List<Element> badges = byClass(chart, XHTML, "span", "stand-in-badge");
    assertEquals(1, badges.size());
    assertEquals(badge, badges.get(0).getTextContent());
    assertTrue(((Element) badges.get(0).getParentNode()).getTextContent().startsWith("proxy"));

    Document kpis =
        render(
            new Section.KpiTable(
                Text.key("section.kpis"),
                List.of(
                    new Kpi(Text.key("kpi.qualityGain"), "+0.3", Text.literal("")),
                    new Kpi(
                        Text.key("kpi.costSaved"),
                        "120",
                        Text.literal("assumed unit costs"),
                        true))),
            locale);
    List<Element> kpiBadges = byClass(kpis, XHTML, "span", "stand-in-badge");
    assertEquals(1, kpiBadges.size());
    Element row = (Element) kpiBadges.get(0).getParentNode().getParentNode();
    assertTrue(row.getTextContent().contains("120"), row.getTextContent());
  }

  private static double[] ys(Element polyline) {
    String[] pairs = polyline.getAttribute("points").split(" ");
    double[] out = new double[pairs.length];
    for (int i = 0; i < pairs.length; i++) {
      out[i] = Double.parseDouble(pairs[i].split(",")[1]);
    }
    return out;
  }

  /**
   * Two ranges on one chart: the AI's share (0 to 1) on the left axis and a count (0 to 2000) on the right. Each
   * series spans its own axis from bottom to top; on one shared axis the share would be a flat line at the bottom.
   */
  @ParameterizedTest
  @ValueSource(strings = {"en", "ja"})
  void rightAxisGivesASeriesItsOwnRange(String language) throws Exception {
    List<Point> share = List.of(new Point(0, 0), new Point(5, 0.5), new Point(10, 1));
    List<Point> labels = List.of(new Point(0, 0), new Point(5, 900), new Point(10, 2000));
    Section.LineChart chart =
        new Section.LineChart(
            Text.key("section.handover"),
            Text.key("axis.items"),
            Text.key("axis.aiShare"),
            List.of(
                new Series(Text.key("series.aiShare"), share),
                new Series(Text.literal("labels"), labels, false, true)),
            Text.literal(""),
            Text.literal("labels"));
    Document doc = render(chart, Locale.forLanguageTag(language));
    List<Element> series = byClass(doc, SVG, "polyline", "series");
    double[] left = ys(series.get(0));
    double[] right = ys(series.get(1));
    // both start at the bottom of the plot and end at its top (0 to 1 and 0 to 2000 are whole-tick
    // ranges)
    assertEquals(left[0], right[0], 1e-9);
    assertEquals(left[2], right[2], 1e-9);
    assertTrue(
        left[0] - left[2] > 200,
        "the share spans the plot's height: " + left[0] + " to " + left[2]);
    // the middle points read against their own axes: 0.5 half-way, 900 less than half-way up
    assertEquals((left[0] + left[2]) / 2, left[1], 1e-6);
    assertEquals(left[0] + (left[2] - left[0]) * 0.45, right[1], 1e-6);
    // the right axis's tick labels sit right of the plot, and it has its own label
    List<String> rightTicks = new ArrayList<>();
    NodeList texts = doc.getElementsByTagNameNS(SVG, "text");
    for (int i = 0; i < texts.getLength(); i++) {
      Element t = (Element) texts.item(i);
      if (t.hasAttribute("x")
          && t.getAttribute("text-anchor").equals("start")
          && Double.parseDouble(t.getAttribute("x")) > SvgCharts.WIDTH - 64) {
        rightTicks.add(t.getTextContent());
      }
    }
    assertTrue(rightTicks.containsAll(List.of("0", "1000", "2000")), "right ticks " + rightTicks);
    List<Element> axisLabels = byClass(doc, SVG, "text", "y-axis-label");
    assertEquals(2, axisLabels.size());
    assertEquals("labels", axisLabels.get(1).getTextContent());
    // the legend says which series reads against the right axis
    String legend = byClass(doc, XHTML, "p", "legend").get(0).getTextContent();
    String marker =
        ReportMessages.forLocale(Locale.forLanguageTag(language)).get("legend.rightAxis");
    assertTrue(legend.contains("labels " + marker), legend);
    assertEquals(1, legend.split(Pattern.quote(marker), -1).length - 1, legend);
  }

  private static List<String> leftTicks(Document doc) {
    List<String> out = new ArrayList<>();
    NodeList texts = doc.getElementsByTagNameNS(SVG, "text");
    for (int i = 0; i < texts.getLength(); i++) {
      Element t = (Element) texts.item(i);
      if (t.getAttribute("text-anchor").equals("end") && t.hasAttribute("x")) {
        out.add(t.getTextContent());
      }
    }
    return out;
  }

  /**
   * A fixed range keeps κ between 0.66 and 0.78 from filling the chart's height (the axis runs from 0 to 1, not 0.65
   * to 0.8: the range 0.12 over five ticks rounds to steps of 0.05, worked by hand), and a
   * value outside the range widens the axis instead of being clipped.
   */
  @Test
  void axisRangeIsTheLeastRangeNeverAClip() throws Exception {
    List<Point> kappa = List.of(new Point(0, 0.66), new Point(1, 0.78));
    Section.LineChart auto =
        new Section.LineChart(
            Text.literal("t"),
            Text.literal("x"),
            Text.literal("κ"),
            List.of(new Series(Text.literal("κ"), kappa)));
    assertEquals(List.of("0.65", "0.7", "0.75", "0.8"), leftTicks(render(auto, Locale.ROOT)));
    Section.LineChart fixed =
        new Section.LineChart(
            Text.literal("t"),
            Text.literal("x"),
            Text.literal("κ"),
            List.of(new Series(Text.literal("κ"), kappa)),
            Text.literal(""),
            Text.literal(""),
            new Section.AxisRange(0, 1),
            Section.AxisRange.auto());
    assertEquals(
        List.of("0", "0.2", "0.4", "0.6", "0.8", "1"), leftTicks(render(fixed, Locale.ROOT)));
    Section.LineChart beyond =
        new Section.LineChart(
            Text.literal("t"),
            Text.literal("x"),
            Text.literal("κ"),
            List.of(new Series(Text.literal("κ"), List.of(new Point(0, -0.3), new Point(1, 0.5)))),
            Text.literal(""),
            Text.literal(""),
            new Section.AxisRange(0, 1),
            Section.AxisRange.auto());
    List<String> ticks = leftTicks(render(beyond, Locale.ROOT));
    // [-0.3, 1]: 1.3 over five ticks rounds to steps of 0.5, so the axis runs from -0.5 (worked by
    // hand)
    assertEquals("-0.5", ticks.get(0), "widened below 0 to hold -0.3: " + ticks);
    assertEquals("1", ticks.get(ticks.size() - 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Section.AxisRange(1, 1));
    assertTrue(e.getMessage().startsWith("high:"), e.getMessage());
  }

  @Test
  void rightAxisSeriesNeedsARightAxisAndALeftSeries() {
    Series onRight = new Series(Text.literal("κ"), List.of(new Point(0, 1)), false, true);
    Series onLeft = new Series(Text.literal("share"), List.of(new Point(0, 1)));
    IllegalArgumentException unlabelled =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Section.LineChart(
                    Text.literal("t"),
                    Text.literal("x"),
                    Text.literal("y"),
                    List.of(onLeft, onRight)));
    assertTrue(unlabelled.getMessage().startsWith("rightAxis:"), unlabelled.getMessage());
    assertTrue(unlabelled.getMessage().contains("κ"), unlabelled.getMessage());
    IllegalArgumentException allRight =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Section.LineChart(
                    Text.literal("t"),
                    Text.literal("x"),
                    Text.literal("y"),
                    List.of(onRight),
                    Text.literal(""),
                    Text.literal("κ")));
    assertTrue(allRight.getMessage().startsWith("series:"), allRight.getMessage());
  }

  @Test
  void captionIsWrittenUnderItsSectionOnlyWhenGiven() throws Exception {
    Document doc =
        HtmlReportWriterTest.parse(writer.render(SampleReports.everySection(), Locale.ENGLISH));
    List<Element> captions = byClass(doc, XHTML, "p", "caption");
    assertEquals(2, captions.size(), "the frontier's and the win rates' captions");
    assertTrue(captions.get(0).getTextContent().startsWith("One line per method"));
    assertEquals(
        "scatter-chart", ((Element) captions.get(0).getParentNode()).getAttribute("class"));
    assertEquals(
        "interval-bars", ((Element) captions.get(1).getParentNode()).getAttribute("class"));
  }
}
