package dev.align4j.examples.poc.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.examples.poc.policy.CandidateEvaluation;
import dev.align4j.examples.poc.policy.TrainingRun;
import dev.align4j.examples.poc.report.ReportMessages;
import dev.align4j.examples.poc.rollout.RolloutResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The proof of concept end to end in its CI configuration ({@link PocConfig#fast()}: the same code path as the README
 * run, smaller sizes), through {@link ProofOfConcept#run} as the command runs it. It asserts the story's facts, not
 * fixed numbers: the chosen candidate reaches full traffic, the over-optimised one is rolled back with the guardrail
 * named, the training-health monitor fires on the proxy run only, and both reports are well-formed XHTML with every
 * chart present.
 */
class ProofOfConceptTest {

  private static final List<String> CHART_SECTIONS =
      List.of(
          "section.training",
          "section.kl",
          "section.frontier",
          "section.winrates",
          "section.winratesFirst",
          "section.winratesSecond",
          "section.rewardModel",
          "section.lengthBaseline",
          "section.handover",
          "section.cost",
          "section.gate");

  @TempDir static Path out;

  private static ProofOfConcept.Outcome outcome;
  private static String console;

  @BeforeAll
  static void runTheFastConfiguration() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream printer = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ConsoleProgress progress =
        new ConsoleProgress(
            printer, false, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    outcome = ProofOfConcept.run(PocConfig.fast(), out, printer, progress);
    console = bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void the_chosen_candidate_is_promoted_to_full_traffic() {
    PocResult r = outcome.result();
    RolloutResult chosen = r.rollout(r.chosen());
    assertTrue(chosen.promotedToFull(), () -> r.chosen() + " ended at " + chosen.finalStage());
    assertFalse(chosen.rolledBack());
    assertTrue(chosen.auditVerified() && chosen.auditReplayed());
    assertTrue(
        r.evaluation(r.chosen()).goldGain() > 0,
        "the chosen candidate improves the hidden gold reward over SFT");
  }

  @Test
  void the_over_optimised_candidate_is_rolled_back_with_the_guardrail_named() {
    PocResult r = outcome.result();
    RolloutResult proxy = r.rollout(PocRun.PROXY_RUN);
    assertTrue(proxy.rolledBack(), () -> "ended at " + proxy.finalStage());
    assertTrue(proxy.firedGuardrail().isPresent(), "the guardrail that fired is named");
    assertTrue(proxy.auditVerified() && proxy.auditReplayed());
    assertTrue(
        console.contains("rolled back by guardrail " + proxy.firedGuardrail().orElseThrow()),
        console);
    CandidateEvaluation hacked = r.evaluation(PocRun.PROXY_RUN);
    assertTrue(
        hacked.goldGain() < r.evaluation(r.chosen()).goldGain(),
        "the proxy run is worse on the gold reward than the chosen candidate");
  }

  @Test
  void the_monitor_fires_on_the_proxy_run_only() {
    for (TrainingRun run : outcome.result().runs()) {
      assertEquals(
          run.name().equals(PocRun.PROXY_RUN),
          run.monitorFiring().isPresent(),
          () -> run.name() + ": " + run.monitorFiring());
    }
    assertTrue(
        outcome.result().runs().stream().anyMatch(run -> run.name().equals(PocRun.PROXY_RUN)));
  }

  @Test
  void the_report_says_the_proxy_run_was_trained_on_past_the_monitor_stop() throws Exception {
    TrainingRun proxy = outcome.result().run(PocRun.PROXY_RUN);
    long stop = proxy.monitorFiring().orElseThrow().step();
    long last = proxy.last().step();
    assertTrue(stop < last, () -> "STOP at " + stop + ", last checkpoint " + last);
    // the evaluated policy is the one trained to the budget, not the one at the STOP: the report
    // must not say the
    // run was stopped
    String en = Files.readString(outcome.englishReport(), StandardCharsets.UTF_8);
    assertTrue(en.contains("the run was trained on to step " + last), "evaluation row");
    assertTrue(en.contains("the run was then trained on to step " + last), "KPI note");
    assertFalse(en.contains("stopped this run"), "evaluation row");
    String ja = Files.readString(outcome.japaneseReport(), StandardCharsets.UTF_8);
    assertTrue(ja.contains("学習はステップ " + last + " まで継続"), "evaluation row (ja)");
    assertTrue(
        console.contains("STOP at step " + stop + " (length_drift), trained on to " + last),
        console);
  }

  @Test
  void the_step_times_keep_the_run_order() {
    List<String> expected = new ArrayList<>(List.of("feedback", "desirability", "sft"));
    outcome.result().runs().forEach(run -> expected.add(run.name()));
    expected.add("offline evaluation");
    expected.add("rollout " + outcome.result().chosen());
    expected.add("rollout " + PocRun.PROXY_RUN);
    assertEquals(expected, List.copyOf(outcome.result().stepTimes().keySet()));
  }

  @Test
  void the_console_prints_the_summary_the_wall_time_and_the_peak_heap() {
    assertTrue(console.contains("== Summary =="), console);
    assertTrue(console.contains("Finished in"), console);
    assertTrue(console.contains("peak heap"), console);
    assertTrue(outcome.seconds() > 0 && outcome.peakHeapBytes() > 0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "ja"})
  void the_report_is_well_formed_with_every_chart(String language) throws Exception {
    Path file = language.equals("ja") ? outcome.japaneseReport() : outcome.englishReport();
    String html = Files.readString(file, StandardCharsets.UTF_8);
    Document doc = parse(html);
    ReportMessages messages = ReportMessages.forLocale(Locale.forLanguageTag(language));
    NodeList sections = doc.getElementsByTagNameNS("*", "section");
    List<String> chartTitles = new ArrayList<>();
    for (int i = 0; i < sections.getLength(); i++) {
      Element s = (Element) sections.item(i);
      int svgs = s.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength();
      String title = s.getElementsByTagNameNS("*", "h2").item(0).getTextContent();
      if (!s.getAttribute("class").equals("kpis")) {
        assertEquals(1, svgs, () -> "section \"" + title + "\" has " + svgs + " charts");
        chartTitles.add(title);
      }
    }
    assertEquals(CHART_SECTIONS.stream().map(messages::get).toList(), chartTitles);
    assertFalse(html.contains("<script"), "no script");
    assertFalse(html.contains("''"), "a doubled apostrophe is shown");
    assertTrue(html.contains(outcome.result().chosen()));
  }

  /**
   * The bar charts' labels (one row of centred texts under the bars) do not run into each other. Widths are
   * estimated as the report's label placement does: 0.62 em per Latin character, 1 em per Japanese one, at 11 px.
   */
  @ParameterizedTest
  @ValueSource(strings = {"en", "ja"})
  void bar_labels_do_not_overlap(String language) throws Exception {
    Path file = language.equals("ja") ? outcome.japaneseReport() : outcome.englishReport();
    Document doc = parse(Files.readString(file, StandardCharsets.UTF_8));
    NodeList sections = doc.getElementsByTagNameNS("*", "section");
    int charts = 0;
    for (int i = 0; i < sections.getLength(); i++) {
      Element s = (Element) sections.item(i);
      if (!s.getAttribute("class").equals("interval-bars")) {
        continue;
      }
      charts++;
      NodeList texts = s.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
      // the label row is the lowest row of centred, non-empty texts (the bar charts' x-axis title
      // is empty)
      double row = Double.NEGATIVE_INFINITY;
      for (int t = 0; t < texts.getLength(); t++) {
        Element e = (Element) texts.item(t);
        if (e.getAttribute("text-anchor").equals("middle")
            && !e.getAttribute("y").isEmpty()
            && !e.getTextContent().isBlank()) {
          row = Math.max(row, Double.parseDouble(e.getAttribute("y")));
        }
      }
      List<double[]> spans = new ArrayList<>();
      for (int t = 0; t < texts.getLength(); t++) {
        Element e = (Element) texts.item(t);
        if (e.getAttribute("text-anchor").equals("middle")
            && !e.getAttribute("y").isEmpty()
            && Double.parseDouble(e.getAttribute("y")) == row) {
          double x = Double.parseDouble(e.getAttribute("x"));
          double w = width(e.getTextContent());
          spans.add(new double[] {x - w / 2, x + w / 2});
        }
      }
      spans.sort((a, b) -> Double.compare(a[0], b[0]));
      for (int k = 1; k < spans.size(); k++) {
        assertTrue(
            spans.get(k)[0] >= spans.get(k - 1)[1],
            "chart " + charts + ": label " + k + " overlaps the one before it");
      }
    }
    assertEquals(5, charts, "interval-bar charts");
  }

  private static double width(String text) {
    double ems = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      Character.UnicodeScript s = Character.UnicodeScript.of(cp);
      boolean wide =
          s == Character.UnicodeScript.HAN
              || s == Character.UnicodeScript.HIRAGANA
              || s == Character.UnicodeScript.KATAKANA
              || (cp >= 0x3000 && cp <= 0x303F)
              || (cp >= 0xFF00 && cp <= 0xFF60);
      ems += wide ? 1.0 : 0.62;
      i += Character.charCount(cp);
    }
    return ems * 11 + 2;
  }

  private static Document parse(String html) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    DocumentBuilder builder = factory.newDocumentBuilder();
    builder.setErrorHandler(null);
    return builder.parse(new InputSource(new StringReader(html)));
  }
}
