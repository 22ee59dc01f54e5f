package dev.align4j.examples.poc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.examples.poc.run.FastRun;
import dev.align4j.examples.poc.run.PocReport;
import dev.align4j.examples.poc.run.ProofOfConcept;
import dev.align4j.review.browser.BrowserTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.Dimension;

/**
 * The report as a browser draws it: the sample report (English and Japanese) opened in headless Chromium at 1280 px,
 * measured through the page's own layout (not the markup), and saved as a full-page PNG to
 * {@code <build dir>/poc-report-screenshots/}. The browser set-up, and the skip-or-fail rule when Chromium is missing
 * (fail when {@code CI} is set), are alignment-review's {@link BrowserTestSupport}.
 *
 * <p>With {@code -Dalign4j.poc.report=<report.html>} it also renders that report's first screen into
 * {@code docs/images/poc-report.png} (or {@code -Dalign4j.poc.screenshot=<file.png>}) for the README.
 */
class ReportBrowserTest extends BrowserTestSupport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 900;

  /**
   * What the page measures: document and viewport widths, the body's box, every chart's box, chart texts sticking
   * out of their chart, overlapping point labels (by their rendered boxes), the headings and the value-axis labels'
   * boxes.
   */
  private static final String MEASURE =
      """
      const box = e => { const r = e.getBoundingClientRect();
        return {x: r.left, y: r.top, w: r.width, h: r.height, text: e.textContent}; };
      const svgs = Array.from(document.querySelectorAll('svg'));
      const outside = [], overlaps = [];
      svgs.forEach((svg, k) => {
        const s = svg.getBoundingClientRect();
        svg.querySelectorAll('text').forEach(t => {
          const r = t.getBoundingClientRect();
          if (r.left < s.left - 1 || r.right > s.right + 1 || r.top < s.top - 1 || r.bottom > s.bottom + 1) {
            outside.push('chart ' + k + ': ' + t.textContent);
          }
        });
        const labels = Array.from(svg.querySelectorAll('text.point-label')).map(t => t.getBoundingClientRect());
        for (let i = 0; i < labels.length; i++) {
          for (let j = i + 1; j < labels.length; j++) {
            const a = labels[i], b = labels[j];
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > 0.5 && h > 0.5) { overlaps.push('chart ' + k + ': labels ' + i + ' and ' + j); }
          }
        }
      });
      return JSON.stringify({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        scrollHeight: document.documentElement.scrollHeight,
        body: box(document.body),
        charts: svgs.map(box),
        pointLabels: document.querySelectorAll('text.point-label').length,
        outside: outside,
        overlaps: overlaps,
        headings: Array.from(document.querySelectorAll('h1, h2')).map(h => h.textContent),
        yLabels: Array.from(document.querySelectorAll('text.y-axis-label')).map(box)
      });
      """;

  /** Sizes the window so that the page's viewport (not the window) is {@code width} by {@code height}. */
  private static void viewport(int width, int height) {
    browser().manage().window().setSize(new Dimension(width, height));
    long chrome = ((Number) script("return window.outerHeight - window.innerHeight;")).longValue();
    if (chrome > 0) {
      browser().manage().window().setSize(new Dimension(width, (int) (height + chrome)));
    }
  }

  private static JsonNode open(Path file) throws IOException {
    browser().get(file.toUri().toString());
    viewport(WIDTH, HEIGHT);
    return JSON.readTree((String) script(MEASURE));
  }

  private static Path folder() {
    return buildDirectory().resolve("poc-report-screenshots");
  }

  private static Path write(Report report, Locale locale, String name) throws IOException {
    Path file = folder().resolve(name + ".html");
    new HtmlReportWriter().write(report, locale, file);
    return file;
  }

  /** Every chart drawn with a real size, nothing sticking out sideways or out of its chart, no labels overlapping. */
  private static void assertLaidOut(JsonNode page, int charts) {
    assertTrue(
        page.get("scrollWidth").asInt() <= page.get("clientWidth").asInt(),
        "horizontal overflow at " + WIDTH + " px: " + page);
    JsonNode body = page.get("body");
    assertTrue(body.get("w").asDouble() > 600 && body.get("w").asDouble() <= WIDTH, "body " + body);
    assertTrue(body.get("h").asDouble() > 1_000, "body " + body);
    assertEquals(charts, page.get("charts").size(), "charts");
    for (JsonNode chart : page.get("charts")) {
      assertTrue(
          chart.get("w").asDouble() > 300 && chart.get("h").asDouble() > 80, "chart box " + chart);
    }
    assertEquals(List.of(), strings(page.get("outside")), "text outside its chart");
    assertEquals(List.of(), strings(page.get("overlaps")), "overlapping point labels");
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
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

  private static Path fullPageScreenshot(Path file, JsonNode page) {
    viewport(WIDTH, Math.min(16_000, page.get("scrollHeight").asInt()));
    try {
      return screenshot(file);
    } finally {
      viewport(WIDTH, HEIGHT);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ja"})
  void sampleReportLaysOutAndIsSavedAsAScreenshot(String language) throws IOException {
    Locale locale = Locale.forLanguageTag(language);
    Path html = write(SampleReports.everySection(), locale, "sample-report." + language);
    JsonNode page = open(html);
    assertLaidOut(page, 5);
    List<String> headings = strings(page.get("headings"));
    assertEquals(1 + 6, headings.size(), "the title and one heading per section: " + headings);
    for (String heading : headings) {
      assertEquals(language.equals("ja"), hasJapanese(heading), "heading " + heading);
    }
    // the value axis's label: rotated along the axis in English, horizontal above it in Japanese
    JsonNode yLabels = page.get("yLabels");
    assertEquals(5, yLabels.size(), "line, scatter, bars, and the hand-over chart's two axes");
    for (JsonNode label : yLabels) {
      double w = label.get("w").asDouble();
      double h = label.get("h").asDouble();
      if (language.equals("ja")) {
        assertTrue(w > h, "Japanese value-axis label is not horizontal: " + label);
      } else {
        assertTrue(h > w, "English value-axis label is not along the axis: " + label);
      }
    }
    Path png = fullPageScreenshot(folder().resolve("sample-report." + language + ".png"), page);
    assertTrue(Files.size(png) > 10_000, "screenshot " + png + " is " + Files.size(png) + " bytes");
  }

  /**
   * The proof of concept's own reports (its CI run, {@code FastRun}) open in the browser, lay out at 1280 px with
   * every chart drawn, nothing sticking out and no labels overlapping, and are saved as full-page screenshots.
   */
  @ParameterizedTest
  @ValueSource(strings = {"en", "ja"})
  void theRunsReportLaysOutAndIsSavedAsAScreenshot(String language) throws Exception {
    ProofOfConcept.Outcome run = FastRun.outcome();
    Path html = language.equals("ja") ? run.japaneseReport() : run.englishReport();
    JsonNode page = open(html);
    long charts =
        PocReport.build(run.result()).sections().stream()
            .filter(s -> !(s instanceof Section.KpiTable))
            .count();
    assertLaidOut(page, (int) charts);
    List<String> headings = strings(page.get("headings"));
    assertEquals(
        1 + PocReport.build(run.result()).sections().size(),
        headings.size(),
        "the title and one heading per section: " + headings);
    for (String heading : headings) {
      assertEquals(language.equals("ja"), hasJapanese(heading), "heading " + heading);
    }
    Path png = fullPageScreenshot(folder().resolve("poc-run." + language + ".png"), page);
    assertTrue(Files.size(png) > 10_000, "screenshot " + png + " is " + Files.size(png) + " bytes");
  }

  /** A crowded scatter's labels (Latin and Japanese), measured with the browser's own fonts, do not overlap. */
  @Test
  void crowdedScatterLabelsDoNotOverlapWhenRendered() throws IOException {
    String language = "ja";
    Report report =
        new Report(
            Text.key("report.title"),
            Text.literal(""),
            List.of(SampleReports.crowded(14), SampleReports.crowded(7)));
    JsonNode page = open(write(report, Locale.forLanguageTag(language), "crowded." + language));
    assertEquals(15 + 8, page.get("pointLabels").asInt());
    assertTrue(page.get("scrollWidth").asInt() <= page.get("clientWidth").asInt(), "overflow");
    assertEquals(List.of(), strings(page.get("outside")), "text outside its chart");
    assertEquals(List.of(), strings(page.get("overlaps")), "overlapping point labels");
    assertFalse(page.get("charts").isEmpty());
  }

  /**
   * The README's picture: {@code -Dalign4j.poc.report=<the run's report.html>} renders its first screen at 1280 by
   * 900 into {@code docs/images/poc-report.png} (or {@code -Dalign4j.poc.screenshot}), after the same layout checks.
   */
  @Test
  @EnabledIfSystemProperty(named = "align4j.poc.report", matches = ".+")
  void readmeScreenshot() throws IOException {
    Path report = Path.of(System.getProperty("align4j.poc.report"));
    assertTrue(Files.isRegularFile(report), "align4j.poc.report: no such file " + report);
    JsonNode page = open(report);
    assertLaidOut(page, page.get("charts").size());
    assertEquals(
        HEIGHT, ((Number) script("return window.innerHeight;")).intValue(), "viewport height");
    Path target =
        Path.of(
            System.getProperty(
                "align4j.poc.screenshot",
                Path.of("..", "docs", "images", "poc-report.png").toString()));
    Path png = screenshot(target);
    assertTrue(Files.size(png) > 10_000, "screenshot " + png);
  }
}
