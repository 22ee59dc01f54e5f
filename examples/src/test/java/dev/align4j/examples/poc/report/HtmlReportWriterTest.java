package dev.align4j.examples.poc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.examples.poc.report.Section.IntervalBar;
import dev.align4j.examples.poc.report.Section.Kpi;
import dev.align4j.examples.poc.report.Section.LabelledPoint;
import dev.align4j.examples.poc.report.Section.Outcome;
import dev.align4j.examples.poc.report.Section.Point;
import dev.align4j.examples.poc.report.Section.Series;
import dev.align4j.examples.poc.report.Section.StageEvent;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class HtmlReportWriterTest {

  private static final String SVG = "http://www.w3.org/2000/svg";
  private static final String XHTML = "http://www.w3.org/1999/xhtml";
  private static final Set<String> NUMERIC =
      Set.of("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height");

  private final HtmlReportWriter writer = new HtmlReportWriter();

  static Document parse(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    DocumentBuilder builder = factory.newDocumentBuilder();
    builder.setErrorHandler(null);
    return builder.parse(new InputSource(new StringReader(html)));
  }

  private static List<Element> elements(Document doc) {
    NodeList all = doc.getElementsByTagNameNS("*", "*");
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < all.getLength(); i++) {
      out.add((Element) all.item(i));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ja"})
  void everySectionRendersAsWellFormedXhtml(String language) throws Exception {
    Document doc =
        parse(writer.render(SampleReports.everySection(), Locale.forLanguageTag(language)));
    Element html = doc.getDocumentElement();
    assertEquals(XHTML, html.getNamespaceURI());
    assertEquals(language, html.getAttribute("lang"));
    // one section per input section, of the right kind, and one SVG per chart
    List<String> kinds = new ArrayList<>();
    for (Element e : elements(doc)) {
      if (e.getLocalName().equals("section")) {
        kinds.add(e.getAttribute("class"));
      }
    }
    assertEquals(
        List.of(
            "kpis", "line-chart", "scatter-chart", "interval-bars", "line-chart", "stage-timeline"),
        kinds);
    assertEquals(5, doc.getElementsByTagNameNS(SVG, "svg").getLength());
    // the KPI table has a header and six rows; the gate table lists every decision
    assertEquals(6 + 1 + 3 + 1 + 4 + 1, doc.getElementsByTagNameNS(XHTML, "tr").getLength());
    assertEquals(
        3 + 2 + 6,
        doc.getElementsByTagNameNS(SVG, "polyline").getLength(),
        "training and hand-over series, and the frontier's six joined methods");
    assertEquals(
        1 + 6 * 4 + 4,
        doc.getElementsByTagNameNS(SVG, "circle").getLength(),
        "the SFT point, six methods' four checkpoints each, and the gate decisions");
    int legends = 0;
    for (Element e : elements(doc)) {
      legends += e.getAttribute("class").equals("legend") ? 1 : 0;
    }
    assertEquals(3, legends, "two line charts and the scatter chart");
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ja"})
  void referencesNothingOutsideTheFile(String language) throws Exception {
    String html = writer.render(SampleReports.everySection(), Locale.forLanguageTag(language));
    Document doc = parse(html);
    Pattern external = Pattern.compile("https?:|//", Pattern.CASE_INSENSITIVE);
    Set<String> forbidden =
        Set.of("script", "link", "img", "iframe", "object", "embed", "image", "use");
    for (Element e : elements(doc)) {
      assertFalse(forbidden.contains(e.getLocalName()), "element " + e.getLocalName());
      NamedNodeMap attributes = e.getAttributes();
      for (int i = 0; i < attributes.getLength(); i++) {
        Attr a = (Attr) attributes.item(i);
        String name = a.getLocalName() == null ? a.getName() : a.getLocalName();
        if (name.equals("src") || name.equals("href")) {
          assertFalse(external.matcher(a.getValue()).find(), name + "=" + a.getValue());
        }
        assertFalse(name.startsWith("on"), "event handler " + name);
      }
    }
    assertFalse(html.contains("url("), "CSS url()");
    assertFalse(html.contains("@import"), "CSS @import");
  }

  @Test
  void srcAndHrefCheckFindsAnExternalReference() throws Exception {
    // the check above is not vacuous: the same walk flags a page that links out
    Document doc =
        parse(
            "<html xmlns=\""
                + XHTML
                + "\"><body><img src=\"https://x.example/a.png\"/></body></html>");
    Element img = (Element) doc.getElementsByTagNameNS(XHTML, "img").item(0);
    assertTrue(Pattern.compile("https?:|//").matcher(img.getAttribute("src")).find());
  }

  /** Every text field of a report, each a literal carrying the five XML-special characters and its own number. */
  @Test
  void escapesEveryText() throws Exception {
    String nasty = "<&>\"'";
    int[] counter = {0};
    List<String> tokens = new ArrayList<>();
    Supplier<String> next =
        () -> {
          String token = "T" + (counter[0]++) + nasty + "</p><script>";
          tokens.add(token);
          return token;
        };
    Report report =
        new Report(
            Text.literal(next.get()),
            Text.literal(next.get()),
            List.of(
                new Section.KpiTable(
                    Text.literal(next.get()),
                    List.of(
                        new Kpi(Text.literal(next.get()), next.get(), Text.literal(next.get())))),
                new Section.LineChart(
                    Text.literal(next.get()),
                    Text.literal(next.get()),
                    Text.literal(next.get()),
                    List.of(
                        new Series(
                            Text.literal(next.get()), List.of(new Point(0, 1), new Point(1, 2))))),
                new Section.ScatterChart(
                    Text.literal(next.get()),
                    Text.literal(next.get()),
                    Text.literal(next.get()),
                    List.of(new LabelledPoint(Text.literal(next.get()), 1, 2, 0)),
                    List.of(Text.literal(next.get()))),
                new Section.IntervalBars(
                    Text.literal(next.get()),
                    Text.literal(next.get()),
                    List.of(new IntervalBar(Text.literal(next.get()), 0.5, 0.4, 0.6)),
                    Double.NaN),
                new Section.StageTimeline(
                    Text.literal(next.get()),
                    List.of(
                        new StageEvent(
                            next.get(),
                            next.get(),
                            Duration.ofMinutes(3),
                            next.get(),
                            Outcome.HOLD,
                            Text.literal(next.get()))))));
    assertEquals(23, tokens.size());
    String html = writer.render(report, Locale.ENGLISH);
    Document doc = parse(html);
    assertEquals(0, doc.getElementsByTagNameNS("*", "script").getLength());
    String text = doc.getDocumentElement().getTextContent();
    for (String token : tokens) {
      assertTrue(text.contains(token), "text lost or mangled: " + token);
      assertFalse(html.contains(token), "unescaped in the markup: " + token);
    }
  }

  @Test
  void bothLanguagesRenderTheirOwnLabels() throws Exception {
    Report report = SampleReports.everySection();
    String en = parse(writer.render(report, Locale.ENGLISH)).getDocumentElement().getTextContent();
    String ja = parse(writer.render(report, Locale.JAPANESE)).getDocumentElement().getTextContent();
    assertTrue(en.contains("Training curves"), "English section title");
    assertTrue(en.contains("Gold reward against KL divergence"));
    assertTrue(en.contains("Reason"), "English table header");
    assertFalse(hasJapanese(en), "English report has Japanese text");
    assertTrue(ja.contains("学習曲線"), "Japanese section title");
    assertTrue(ja.contains("理由"), "Japanese table header");
    assertFalse(ja.contains("Training curves"));
    // a language without a bundle falls back to English, not to the JVM's default locale
    assertTrue(writer.render(report, Locale.GERMAN).contains("Training curves"));
  }

  private static boolean hasJapanese(String s) {
    return s.codePoints()
        .mapToObj(Character.UnicodeScript::of)
        .anyMatch(
            sc ->
                sc == Character.UnicodeScript.HIRAGANA
                    || sc == Character.UnicodeScript.KATAKANA
                    || sc == Character.UnicodeScript.HAN);
  }

  @Test
  void bundlesHaveTheSameKeysAndTheJapaneseOneIsJapanese() throws IOException {
    Properties en = load("ReportMessages.properties");
    Properties ja = load("ReportMessages_ja.properties");
    assertEquals(en.stringPropertyNames(), ja.stringPropertyNames());
    for (String key : ja.stringPropertyNames()) {
      assertTrue(
          hasJapanese(ja.getProperty(key)), "not Japanese: " + key + "=" + ja.getProperty(key));
      assertFalse(hasJapanese(en.getProperty(key)), "Japanese in the English bundle: " + key);
    }
  }

  private static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (var in = HtmlReportWriterTest.class.getResourceAsStream(name);
        var reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      p.load(reader);
    }
    return p;
  }

  @Test
  void scatterGroupsMustCoverEveryPoint() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Section.ScatterChart(
                    Text.literal("s"),
                    Text.literal("x"),
                    Text.literal("y"),
                    List.of(new LabelledPoint(Text.literal("p"), 0, 0, 2)),
                    List.of(Text.literal("a"), Text.literal("b"))));
    assertTrue(e.getMessage().contains("group 2"), e.getMessage());
  }

  @Test
  void writeFailureIsThrownWithItsCauseAndLeavesNoFile(@TempDir Path dir) throws IOException {
    Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
    Path target = blocker.resolve("report.html");
    assertThrows(
        IOException.class,
        () -> writer.write(SampleReports.everySection(), Locale.ENGLISH, target));
    assertEquals("x", Files.readString(blocker));
    // an existing report is replaced whole
    Path file = dir.resolve("report.html");
    Files.writeString(file, "old");
    writer.write(SampleReports.everySection(), Locale.JAPANESE, file);
    assertTrue(Files.readString(file, StandardCharsets.UTF_8).contains("学習曲線"));
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "temporary file left behind");
    }
  }

  @Test
  void unknownMessageKeyIsAnErrorNamingIt() {
    Report report =
        new Report(
            Text.key("no.such.key"),
            Text.literal(""),
            List.of(
                new Section.KpiTable(
                    Text.literal("t"),
                    List.of(new Kpi(Text.literal("a"), "1", Text.literal(""))))));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> writer.render(report, Locale.JAPANESE));
    assertTrue(
        e.getMessage().contains("no.such.key") && e.getMessage().contains("ja"), e.getMessage());
  }

  @Test
  void nonFiniteOrInconsistentInputIsRefusedNamingTheField() {
    IllegalArgumentException nan =
        assertThrows(IllegalArgumentException.class, () -> new Point(1, Double.NaN));
    assertTrue(nan.getMessage().contains("y"), nan.getMessage());
    IllegalArgumentException inf =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LabelledPoint(Text.literal("p"), Double.POSITIVE_INFINITY, 0, 0));
    assertTrue(inf.getMessage().contains("x"), inf.getMessage());
    IllegalArgumentException outside =
        assertThrows(
            IllegalArgumentException.class,
            () -> new IntervalBar(Text.literal("b"), 0.7, 0.4, 0.6));
    assertTrue(outside.getMessage().contains("0.7"), outside.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new StageEvent(
                "c",
                "canary",
                Duration.ofMinutes(-1),
                "PROMOTE",
                Outcome.ADVANCE,
                Text.literal("")));
  }

  /**
   * Random series, including constant ones, single points and wide ranges: every SVG coordinate is a finite number
   * inside the chart's view box.
   */
  @Property(trials = 60)
  void svgCoordinatesAreFiniteAndInsideTheViewBox(Gen gen) throws Exception {
    double scale = Math.pow(10, gen.intIn(-6, 9));
    double offset = gen.moderate(1e6);
    List<Series> series = new ArrayList<>();
    int lines = gen.intIn(1, 4);
    for (int s = 0; s < lines; s++) {
      List<Point> points = new ArrayList<>();
      int n = gen.intIn(1, 30);
      boolean constant = gen.isEdgeBiased() || gen.intIn(0, 5) == 0;
      double c = offset + gen.gaussian() * scale;
      for (int i = 0; i < n; i++) {
        points.add(
            new Point(
                gen.bool() ? i : gen.gaussian() * scale,
                constant ? c : offset + gen.gaussian() * scale));
      }
      series.add(new Series(Text.literal("s" + s), points));
    }
    List<LabelledPoint> scatter = new ArrayList<>();
    List<IntervalBar> bars = new ArrayList<>();
    for (int i = 0; i < gen.intIn(1, 8); i++) {
      scatter.add(
          new LabelledPoint(
              Text.literal("p" + i), gen.gaussian() * scale, offset, gen.intIn(0, 20)));
      double v = offset + gen.gaussian() * scale;
      double w = Math.abs(gen.gaussian() * scale);
      bars.add(new IntervalBar(Text.literal("b" + i), v, v - w, v + w));
    }
    List<StageEvent> events = new ArrayList<>();
    for (int i = 0; i < gen.intIn(1, 6); i++) {
      events.add(
          new StageEvent(
              "c" + gen.intIn(0, 2),
              "s" + i,
              Duration.ofSeconds(gen.intIn(0, 100_000)),
              "HOLD",
              gen.oneOf(Outcome.values()),
              Text.literal("")));
    }
    Report report =
        new Report(
            Text.literal("t"),
            Text.literal(""),
            List.of(
                new Section.LineChart(
                    Text.literal("l"), Text.literal("x"), Text.literal("y"), series),
                new Section.ScatterChart(
                    Text.literal("s"), Text.literal("x"), Text.literal("y"), scatter, List.of()),
                new Section.IntervalBars(
                    Text.literal("b"), Text.literal("y"), bars, gen.bool() ? Double.NaN : offset),
                new Section.StageTimeline(Text.literal("g"), events)));
    Document doc = parse(writer.render(report, Locale.ENGLISH));
    NodeList svgs = doc.getElementsByTagNameNS(SVG, "svg");
    assertEquals(4, svgs.getLength());
    int checked = 0;
    for (int k = 0; k < svgs.getLength(); k++) {
      Element svg = (Element) svgs.item(k);
      String[] box = svg.getAttribute("viewBox").split(" ");
      double width = Double.parseDouble(box[2]);
      double height = Double.parseDouble(box[3]);
      NodeList inside = svg.getElementsByTagNameNS(SVG, "*");
      for (int i = 0; i < inside.getLength(); i++) {
        Element e = (Element) inside.item(i);
        for (String name : NUMERIC) {
          if (e.hasAttribute(name)) {
            double v = Double.parseDouble(e.getAttribute(name));
            assertTrue(Double.isFinite(v), name + "=" + v + " in " + e.getLocalName());
            if (!e.getLocalName().equals("text") && !name.equals("r")) {
              double bound = Set.of("x", "x1", "x2", "cx", "width").contains(name) ? width : height;
              assertTrue(
                  v >= -1e-6 && v <= bound + 1e-6, name + "=" + v + " outside [0, " + bound + "]");
            }
            checked++;
          }
        }
        if (e.hasAttribute("points")) {
          for (String pair : e.getAttribute("points").trim().split(" ")) {
            String[] xy = pair.split(",");
            double x = Double.parseDouble(xy[0]);
            double y = Double.parseDouble(xy[1]);
            assertTrue(x >= 0 && x <= width && y >= 0 && y <= height, "point " + pair);
            checked++;
          }
        }
      }
    }
    assertTrue(checked > 20, "checked " + checked);
  }

  @Test
  void scaleRoundsOutToNiceTicks() {
    // [0.13, 0.87]: rough step 0.148 → 0.2; the range rounds out to [0, 1] (worked by hand)
    LinearScale s = LinearScale.covering(0.13, 0.87, 100, 300);
    assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), s.ticks());
    assertEquals(100, s.map(0), 1e-12);
    assertEquals(300, s.map(1), 1e-12);
    assertEquals(160, s.map(0.3), 1e-12);
    // a constant value is widened by one on each side: [4, 6] with step 0.5
    LinearScale c = LinearScale.covering(5, 5, 0, 100);
    assertEquals(4, c.domainLow(), 1e-12);
    assertEquals(6, c.domainHigh(), 1e-12);
    assertEquals(50, c.map(5), 1e-12);
    assertEquals("0.4", s.label(0.4));
    assertEquals("0", s.label(0));
    // labels keep the digits that tell ticks apart on a narrow range far from zero
    LinearScale narrow = LinearScale.covering(1_000_000.0000001, 1_000_000.000001, 0, 100);
    assertEquals(
        narrow.ticks().size(), narrow.ticks().stream().map(narrow::label).distinct().count());
  }

  @Test
  void goldenSamplesAreWrittenForALook() throws Exception {
    Path dir =
        Path.of(System.getProperty("align4j.build.directory", "target")).resolve("poc-report");
    Set<String> seen = new HashSet<>();
    for (Locale locale : List.of(Locale.ENGLISH, Locale.JAPANESE)) {
      Path file = dir.resolve("sample-report." + locale.getLanguage() + ".html");
      writer.write(SampleReports.everySection(), locale, file);
      String written = Files.readString(file, StandardCharsets.UTF_8);
      assertEquals(writer.render(SampleReports.everySection(), locale), written);
      parse(written);
      seen.add(written);
    }
    assertEquals(2, seen.size());
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "temporary file left behind");
    }
  }
}
