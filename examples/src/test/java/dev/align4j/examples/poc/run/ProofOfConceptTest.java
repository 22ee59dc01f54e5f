package dev.align4j.examples.poc.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.examples.poc.Progress;
import dev.align4j.examples.poc.feedback.HandOverPoint;
import dev.align4j.examples.poc.policy.CandidateEvaluation;
import dev.align4j.examples.poc.policy.TrainingRun;
import dev.align4j.examples.poc.report.HtmlReportWriter;
import dev.align4j.examples.poc.report.Report;
import dev.align4j.examples.poc.report.ReportMessages;
import dev.align4j.examples.poc.report.Section;
import dev.align4j.examples.poc.report.Text;
import dev.align4j.examples.poc.rollout.RolloutResult;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The proof of concept in its CI configuration (the same code path as the README run, smaller sizes): the story's
 * facts, not fixed numbers. The good candidate is promoted, the over-optimised one is rolled back with the guardrail
 * named, the monitor fires on the proxy run only, the reports are valid XHTML with every chart.
 */
class ProofOfConceptTest {

  private static PocResult result() throws Exception {
    return FastRun.outcome().result();
  }

  @Test
  void theChosenCandidateIsPromotedToFullTrafficWithAVerifiedAuditTrail() throws Exception {
    PocResult r = result();
    RolloutResult chosen = r.rollout(r.chosen());
    assertTrue(chosen.promotedToFull(), () -> "chosen " + r.chosen() + " ended " + chosen);
    assertFalse(chosen.rolledBack());
    assertTrue(chosen.auditVerified() && chosen.auditReplayed(), "audit of " + r.chosen());
    assertTrue(Files.isRegularFile(chosen.auditFile()), "audit file " + chosen.auditFile());
    assertTrue(
        chosen.candidate().thumbsUpRate() > chosen.baseline().thumbsUpRate(),
        "customers preferred the candidate");
  }

  @Test
  void theOverOptimisedCandidateIsRolledBackByANamedGuardrail() throws Exception {
    PocResult r = result();
    RolloutResult over = r.rollout(r.overOptimised());
    assertTrue(over.rolledBack(), () -> "over-optimised ended " + over);
    assertFalse(over.promotedToFull());
    String guardrail = over.firedGuardrail().orElseThrow();
    assertFalse(guardrail.isBlank());
    assertTrue(over.auditVerified() && over.auditReplayed());
    assertTrue(
        FastRun.console().contains("rolled back by guardrail " + guardrail),
        "the console names the guardrail");
  }

  @Test
  void theMonitorStopsTheProxyRunAndNoOther() throws Exception {
    PocResult r = result();
    for (TrainingRun run : r.runs()) {
      assertEquals(
          run.name().equals(r.overOptimised()),
          run.monitorFiring().isPresent(),
          () -> run.name() + " firings " + run.firings());
    }
  }

  @Test
  void optimisationImprovesTheHiddenGoldRewardAndTheProxyRunLowersIt() throws Exception {
    PocResult r = result();
    for (int i = 0; i < r.runs().size(); i++) {
      TrainingRun run = r.runs().get(i);
      CandidateEvaluation e = r.evaluations().get(i);
      if (run.name().equals(r.overOptimised())) {
        assertTrue(e.goldGain() < 0, () -> run.name() + " gold gain " + e.goldGain());
        List<TrainingRun.StepPoint> curve = run.curve();
        assertTrue(
            curve.get(curve.size() - 1).reward() > curve.get(0).reward(), "the proxy reward rose");
      } else {
        assertTrue(e.goldGain() > 0, () -> run.name() + " gold gain " + e.goldGain());
      }
    }
    CandidateEvaluation chosen = r.evaluation(r.chosen());
    assertTrue(
        chosen.combined().low() > 0.5, "the chosen candidate beats SFT: " + chosen.combined());
    assertTrue(chosen.unsafe().rate() <= chosen.sftUnsafe().rate(), "no more unsafe replies");
  }

  @Test
  void lengthControlIsNotShownWhereItCannotBeIdentified() throws Exception {
    PocResult r = result();
    CandidateEvaluation proxy = r.evaluation(r.overOptimised());
    // the proxy run pads every reply: no question on the other side of the length difference
    assertTrue(
        proxy.shorterShare() < CandidateEvaluation.MIN_SIDE_SHARE, "share " + proxy.shorterShare());
    assertFalse(proxy.lengthControlIdentified());
    assertTrue(r.evaluation(r.chosen()).lengthControlIdentified());
    assertTrue(
        FastRun.console()
            .lines()
            .anyMatch(l -> l.startsWith(r.overOptimised()) && l.contains(" n/a ")),
        "the console shows n/a for the proxy run");
  }

  @Test
  void theCandidateIsChosenWithoutTheGoldReward() throws Exception {
    PocResult r = result();
    // the rule: highest length-controlled win rate among the runs the monitor did not stop
    double best = Double.NEGATIVE_INFINITY;
    String expected = null;
    for (int i = 0; i < r.runs().size(); i++) {
      if (r.runs().get(i).monitorFiring().isEmpty()
          && r.evaluations().get(i).lengthControlIdentified()) {
        double lc = r.evaluations().get(i).lengthControlled().lengthControlledWinRate();
        if (lc > best) {
          best = lc;
          expected = r.runs().get(i).name();
        }
      }
    }
    assertEquals(expected, r.chosen());
    assertEquals(PocRun.PROXY_RUN, r.overOptimised());
  }

  @Test
  void feedbackStartsAllHumanHandsOverAndKeepsAuditing() throws Exception {
    PocResult r = result();
    List<HandOverPoint> timeline = r.feedback().timeline();
    assertEquals(0, timeline.get(0).aiOnly(), "the first batch is all human");
    assertTrue(r.feedback().totals().aiOnly() > 0, "the AI took items");
    assertTrue(
        timeline.stream().skip(timeline.size() / 2).mapToLong(HandOverPoint::audits).sum() > 0,
        "audits continue in the second half");
    assertEquals(
        r.feedback().totals().allHumanCost() - r.feedback().totals().cost(),
        r.feedback().totals().costSaved(),
        1e-9);
    assertTrue(
        r.desirability().overallAccuracy().accuracy()
            > r.desirability().lengthBaselineAccuracy().accuracy(),
        "the reward model beats the length-only baseline");
  }

  @Test
  void theReportsAreValidXhtmlWithEveryChartAndNoExternalReference() throws Exception {
    ProofOfConcept.Outcome o = FastRun.outcome();
    Report report = PocReport.build(o.result());
    long charts = report.sections().stream().filter(s -> !(s instanceof Section.KpiTable)).count();
    for (Path file : List.of(o.englishReport(), o.japaneseReport())) {
      String html = Files.readString(file, StandardCharsets.UTF_8);
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      Document doc =
          f.newDocumentBuilder()
              .parse(new InputSource(new StringReader(html.replaceFirst("<!DOCTYPE html>", ""))));
      assertEquals(charts, doc.getElementsByTagNameNS("*", "svg").getLength(), file.toString());
      assertFalse(html.contains("<script"), "no scripts");
      assertFalse(html.contains("''"), "a doubled apostrophe is shown");
      assertFalse(html.contains("<link"), "no linked files");
      assertFalse(Pattern.compile("(src|href)\\s*=").matcher(html).find(), "no src/href");
      Matcher urls = Pattern.compile("https?://[^\"'\\s<]*").matcher(html);
      while (urls.find()) {
        assertTrue(
            List.of("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xhtml")
                .contains(urls.group()),
            () -> "only the XHTML and SVG namespaces, found " + urls.group());
      }
    }
    for (Locale locale : List.of(Locale.ENGLISH, Locale.JAPANESE)) {
      ReportMessages m = ReportMessages.forLocale(locale);
      String html =
          Files.readString(
              locale == Locale.ENGLISH ? o.englishReport() : o.japaneseReport(),
              StandardCharsets.UTF_8);
      for (Section s : report.sections()) {
        String title = escape(m.resolve(s.title()));
        assertTrue(html.contains(title), () -> locale + " report lacks section " + title);
      }
      assertTrue(html.contains(escape(m.resolve(Text.key("kpi.qualityGain")))));
    }
    String ja = Files.readString(o.japaneseReport(), StandardCharsets.UTF_8);
    assertTrue(ja.contains("lang=\"ja\""), "Japanese document");
    assertTrue(ja.contains("段階的展開"), "Japanese headings");
  }

  @Test
  void theConsolePrintsProgressTheSummaryTimeAndHeap() throws Exception {
    String console = FastRun.console();
    for (String step :
        List.of(
            "1. data",
            "2. feedback",
            "3. desirability",
            "4. policy",
            "5. optimisation",
            "6. offline evaluation",
            "7. staged rollout")) {
      assertTrue(console.contains(step), () -> "missing step line " + step);
    }
    assertTrue(console.contains("[##############################] 100%"), "progress bars");
    assertTrue(console.contains("== Summary =="));
    assertTrue(console.matches("(?s).*Finished in \\d+\\.\\d s .*peak heap \\d+ MB.*"), console);
    ProofOfConcept.Outcome o = FastRun.outcome();
    assertTrue(o.seconds() > 0 && o.peakHeapBytes() > 0);
    assertNotNull(o.result().stepTimes().get("feedback"));
  }

  /**
   * The story is not one seed's luck: with other seeds (other questions, labellers, initial weights and traffic) the
   * chosen candidate still reaches full traffic, the over-optimised one is still rolled back by a named guardrail and
   * the monitor still stops the proxy run alone. Seeds 1 to 5 and 7 were checked by hand; two run here.
   */
  @ParameterizedTest
  @ValueSource(longs = {3, 5})
  void theStoryHoldsForOtherSeeds(long seed, @TempDir Path dir) throws Exception {
    PocResult r =
        PocRun.run(
            PocConfig.fast().withSeed(seed), dir, Progress.none(), PocRun.StepListener.none());
    assertTrue(r.rollout(r.chosen()).promotedToFull(), () -> "seed " + seed + ": " + r.chosen());
    RolloutResult over = r.rollout(r.overOptimised());
    assertTrue(over.rolledBack() && over.firedGuardrail().isPresent(), "seed " + seed);
    for (TrainingRun run : r.runs()) {
      assertEquals(
          run.name().equals(r.overOptimised()),
          run.monitorFiring().isPresent(),
          () -> "seed " + seed + ", " + run.name());
    }
  }

  @Test
  void theSameSeedGivesTheSameReport(@TempDir Path dir) throws Exception {
    PocResult again =
        PocRun.run(PocConfig.fast(), dir, Progress.none(), PocRun.StepListener.none());
    HtmlReportWriter writer = new HtmlReportWriter();
    for (Locale locale : List.of(Locale.ENGLISH, Locale.JAPANESE)) {
      assertEquals(
          writer.render(PocReport.build(result()), locale),
          writer.render(PocReport.build(again), locale),
          locale + " report");
    }
    for (int i = 0; i < again.rollouts().size(); i++) {
      assertEquals(
          result().rollouts().get(i).auditHeadHash(), again.rollouts().get(i).auditHeadHash());
    }
  }

  @Test
  void badArgumentsAreRefusedNamingTheArgument() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ProofOfConcept.main(new String[] {"--fats"}));
    assertTrue(e.getMessage().contains("--fats"), e.getMessage());
    IllegalArgumentException cost =
        assertThrows(
            IllegalArgumentException.class,
            () -> ProofOfConcept.main(new String[] {"--human-cost=cheap"}));
    assertTrue(cost.getMessage().contains("--human-cost") && cost.getMessage().contains("cheap"));
    IllegalArgumentException seed =
        assertThrows(
            IllegalArgumentException.class, () -> ProofOfConcept.main(new String[] {"--seed=1.5"}));
    assertTrue(seed.getMessage().contains("--seed") && seed.getMessage().contains("1.5"));
    PocConfig priced = PocConfig.fast().withLabelCosts(1.25, 0.01);
    assertEquals(1.25, priced.feedback().humanCostPerLabel());
    assertEquals(0.01, priced.feedback().aiCostPerLabel());
    assertEquals(PocConfig.fast().feedback().pairs(), priced.feedback().pairs());
    IllegalArgumentException c =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new PocConfig(
                    0,
                    4,
                    1,
                    1,
                    1,
                    PocConfig.fast().feedback(),
                    PocConfig.fast().desirability(),
                    PocConfig.fast().policy(),
                    PocConfig.fast().rollout(),
                    1));
    assertTrue(c.getMessage().contains("trainQuestions"), c.getMessage());
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }

  @Test
  void the_report_says_the_proxy_run_was_trained_on_past_the_monitor_stop() throws Exception {
    TrainingRun proxy = FastRun.outcome().result().run(PocRun.PROXY_RUN);
    long stop = proxy.monitorFiring().orElseThrow().step();
    long last = proxy.last().step();
    assertTrue(stop < last, () -> "STOP at " + stop + ", last checkpoint " + last);
    // the evaluated policy is the one trained to the budget, not the one at the STOP: the report
    // must not say the
    // run was stopped
    String en = Files.readString(FastRun.outcome().englishReport(), StandardCharsets.UTF_8);
    assertTrue(en.contains("the run was trained on to step " + last), "evaluation row");
    assertTrue(en.contains("the run was then trained on to step " + last), "KPI note");
    assertFalse(en.contains("stopped this run"), "evaluation row");
    String ja = Files.readString(FastRun.outcome().japaneseReport(), StandardCharsets.UTF_8);
    assertTrue(ja.contains("学習はステップ " + last + " まで継続"), "evaluation row (ja)");
    assertTrue(
        FastRun.console()
            .contains("STOP at step " + stop + " (length_drift), trained on to " + last),
        FastRun.console());
  }

  @Test
  void the_step_times_keep_the_run_order() throws Exception {
    List<String> expected = new ArrayList<>(List.of("feedback", "desirability", "sft"));
    FastRun.outcome().result().runs().forEach(run -> expected.add(run.name()));
    expected.add("offline evaluation");
    expected.add("rollout " + FastRun.outcome().result().chosen());
    expected.add("rollout " + PocRun.PROXY_RUN);
    assertEquals(expected, List.copyOf(FastRun.outcome().result().stepTimes().keySet()));
  }

  /**
   * The bar charts' labels (one row of centred texts under the bars) do not run into each other. Widths are
   * estimated as the report's label placement does: 0.62 em per Latin character, 1 em per Japanese one, at 11 px.
   */
  @ParameterizedTest
  @ValueSource(strings = {"en", "ja"})
  void bar_labels_do_not_overlap(String language) throws Exception {
    Path file =
        language.equals("ja")
            ? FastRun.outcome().japaneseReport()
            : FastRun.outcome().englishReport();
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
