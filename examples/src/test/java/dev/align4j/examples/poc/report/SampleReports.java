package dev.align4j.examples.poc.report;

import dev.align4j.examples.poc.report.Section.IntervalBar;
import dev.align4j.examples.poc.report.Section.Kpi;
import dev.align4j.examples.poc.report.Section.LabelledPoint;
import dev.align4j.examples.poc.report.Section.Outcome;
import dev.align4j.examples.poc.report.Section.Point;
import dev.align4j.examples.poc.report.Section.Series;
import dev.align4j.examples.poc.report.Section.StageEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Report inputs for the tests: one with every kind of section, shaped like the proof-of-concept run's. */
final class SampleReports {

  /** The frontier's groups: the SFT start, five methods and the run against the length-biased proxy. */
  static final List<String> METHODS =
      List.of("SFT", "DPO", "KTO", "ORPO", "SimPO", "GRPO", "GRPO (length proxy)");

  private SampleReports() {}

  /**
   * The reward-versus-KL frontier as the run draws it: the SFT start and, per method, four checkpoints (KL rising,
   * gold rising), all close together; the proxy run's gold falls as its KL grows. Only each method's last checkpoint
   * is labelled.
   */
  static List<LabelledPoint> frontier() {
    List<LabelledPoint> points = new ArrayList<>();
    points.add(new LabelledPoint(Text.literal("SFT"), 0, 0.11, 0));
    for (int m = 1; m < METHODS.size(); m++) {
      boolean hacked = m == METHODS.size() - 1;
      for (int c = 1; c <= 4; c++) {
        double kl = c * (0.5 + 0.07 * m) * (hacked ? 2.2 : 1);
        double gold =
            hacked ? 0.11 + 0.05 * c - 0.04 * c * c : 0.11 + 0.09 * c - 0.006 * c * c + 0.01 * m;
        points.add(new LabelledPoint(Text.literal(c == 4 ? METHODS.get(m) : ""), kl, gold, m));
      }
    }
    return points;
  }

  /**
   * A crowded scatter: {@code n} labelled points (Latin and Japanese labels) packed into a small part of the plot,
   * with one far point stretching the axes so the rest bunch together.
   */
  static Section.ScatterChart crowded(int n) {
    List<LabelledPoint> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double angle = i * 2.399963; // golden angle: a sunflower packing, deterministic
      double radius = 0.08 * Math.sqrt(i + 1);
      String label = i % 3 == 2 ? "手法" + i + " β=0.1" : "DPO ckpt " + i;
      points.add(
          new LabelledPoint(
              Text.literal(label),
              1 + radius * Math.cos(angle),
              0.5 + radius * Math.sin(angle) * 0.1,
              i % 7));
    }
    points.add(new LabelledPoint(Text.literal("far"), 6, 0.9, 0));
    return new Section.ScatterChart(
        Text.literal("crowded"),
        Text.key("axis.kl"),
        Text.key("axis.goldReward"),
        points,
        List.of());
  }

  /** A report with one section of every kind, labels from the bundle, made-up but plausible numbers. */
  static Report everySection() {
    List<Point> dpo = new ArrayList<>();
    List<Point> grpo = new ArrayList<>();
    List<Point> share = new ArrayList<>();
    List<Point> kappa = new ArrayList<>();
    List<Point> proxy = new ArrayList<>();
    for (int step = 0; step <= 200; step += 10) {
      dpo.add(new Point(step, 0.69 * Math.exp(-step / 80.0) + 0.2));
      grpo.add(new Point(step, 0.6 * Math.exp(-step / 120.0) + 0.25));
      proxy.add(new Point(step, 0.1 + step / 400.0));
    }
    for (int items = 0; items <= 2000; items += 100) {
      share.add(new Point(items, Math.min(0.8, Math.max(0, (items - 400) / 1500.0))));
      kappa.add(new Point(items, 0.72 + 0.05 * Math.sin(items / 300.0)));
    }
    return new Report(
        Text.key("report.title"),
        Text.key("report.summary"),
        List.of(
            new Section.KpiTable(
                Text.key("section.kpis"),
                List.of(
                    new Kpi(Text.key("kpi.qualityGain"), "+0.42", Text.literal("DPO β=0.1 vs SFT")),
                    new Kpi(Text.key("kpi.unsafeRate"), "3.1 % → 0.4 %", Text.literal("")),
                    new Kpi(Text.key("kpi.labels"), "820 / 1180", Text.literal("59 % AI")),
                    new Kpi(
                        Text.key("kpi.costSaved"),
                        "$ 1,298",
                        Text.literal("$1.20 human, $0.02 AI"),
                        true),
                    new Kpi(Text.key("kpi.timeToDecision"), "38 min", Text.literal("")),
                    new Kpi(Text.key("kpi.rollbacks"), "1", Text.literal("SimPO (length proxy)")))),
            new Section.LineChart(
                Text.key("section.training"),
                Text.key("axis.step"),
                Text.key("axis.loss"),
                List.of(
                    new Series(Text.literal("DPO"), dpo),
                    new Series(Text.literal("GRPO"), grpo),
                    new Series(Text.literal("GRPO proxy reward"), proxy, true))),
            new Section.ScatterChart(
                Text.key("section.frontier"),
                Text.key("axis.kl"),
                Text.key("axis.goldReward"),
                frontier(),
                METHODS.stream().map(Text::literal).toList(),
                true,
                Text.literal(
                    "One line per method joins its checkpoints from the first to the last; up and to the left"
                        + " is better.")),
            new Section.IntervalBars(
                Text.key("section.winrates"),
                Text.key("axis.winRate"),
                List.of(
                    new IntervalBar(Text.literal("DPO"), 0.64, 0.59, 0.69),
                    new IntervalBar(Text.literal("GRPO"), 0.61, 0.55, 0.66),
                    new IntervalBar(Text.literal("SimPO"), 0.41, 0.36, 0.47)),
                0.5,
                Text.literal("Judged in both orders; the dashed line is a tie (0.5).")),
            new Section.LineChart(
                Text.key("section.handover"),
                Text.key("axis.items"),
                Text.key("axis.aiShare"),
                List.of(
                    new Series(Text.key("series.aiShare"), share),
                    new Series(Text.key("series.kappa"), kappa, false, true)),
                Text.literal(""),
                Text.key("axis.kappa"),
                new Section.AxisRange(0, 1),
                new Section.AxisRange(0, 1)),
            new Section.StageTimeline(
                Text.key("section.gate"),
                List.of(
                    new StageEvent(
                        "DPO",
                        "shadow",
                        Duration.ofMinutes(5),
                        "PROMOTE",
                        Outcome.ADVANCE,
                        Text.literal("all PASS")),
                    new StageEvent(
                        "DPO",
                        "canary",
                        Duration.ofMinutes(20),
                        "PROMOTE",
                        Outcome.ADVANCE,
                        Text.literal("all PASS")),
                    new StageEvent(
                        "DPO",
                        "full",
                        Duration.ofMinutes(38),
                        "COMPLETE",
                        Outcome.ADVANCE,
                        Text.literal("done")),
                    new StageEvent(
                        "SimPO",
                        "canary",
                        Duration.ofMinutes(12),
                        "ROLLBACK",
                        Outcome.ROLLBACK,
                        Text.literal("guardrail response-length BREACH"))))));
  }
}
