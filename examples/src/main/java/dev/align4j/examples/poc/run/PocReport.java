package dev.align4j.examples.poc.run;

import dev.align4j.core.GateDecision;
import dev.align4j.examples.poc.feedback.CategoryAccuracy;
import dev.align4j.examples.poc.feedback.DesirabilityResult;
import dev.align4j.examples.poc.feedback.FeedbackTotals;
import dev.align4j.examples.poc.feedback.GoldLabelledPairs;
import dev.align4j.examples.poc.feedback.HandOverPoint;
import dev.align4j.examples.poc.policy.CandidateEvaluation;
import dev.align4j.examples.poc.policy.TrainingRun;
import dev.align4j.examples.poc.report.Report;
import dev.align4j.examples.poc.report.Section;
import dev.align4j.examples.poc.report.Section.AxisRange;
import dev.align4j.examples.poc.report.Section.IntervalBar;
import dev.align4j.examples.poc.report.Section.Kpi;
import dev.align4j.examples.poc.report.Section.LabelledPoint;
import dev.align4j.examples.poc.report.Section.Point;
import dev.align4j.examples.poc.report.Section.Series;
import dev.align4j.examples.poc.report.Section.StageEvent;
import dev.align4j.examples.poc.report.Text;
import dev.align4j.examples.poc.rollout.RolloutResult;
import dev.align4j.feedback.agreement.ConfidenceInterval;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a run's numbers into the report: a one-page KPI summary first, then the steps' charts. Numbers are formatted
 * here (language-neutral digits, {@link Locale#ROOT}); words come from the report's message bundles.
 */
public final class PocReport {
  private PocReport() {}

  /** The report of {@code r}. */
  public static Report build(PocResult r) {
    List<Section> sections = new ArrayList<>();
    sections.add(kpis(r));
    sections.add(outcomes(r));
    sections.add(trainingCurves(r));
    sections.add(klCurves(r));
    sections.add(frontier(r));
    sections.add(overOptimisation(r));
    sections.add(winRates(r));
    sections.add(winRatesByOrder(r, true));
    sections.add(winRatesByOrder(r, false));
    sections.add(evaluationTable(r));
    sections.add(rewardModel(r));
    sections.add(lengthBaseline(r));
    sections.add(handOver(r));
    sections.add(cost(r));
    sections.add(timeline(r));
    return new Report(
        Text.key("report.title"),
        Text.format("report.summaryRun", Long.toString(r.config().seed())),
        sections);
  }

  private static Section kpis(PocResult r) {
    CandidateEvaluation best = r.evaluation(r.chosen());
    FeedbackTotals t = r.feedback().totals();
    RolloutResult chosen = r.rollout(r.chosen());
    List<Kpi> rows = new ArrayList<>();
    rows.add(
        new Kpi(
            Text.key("kpi.qualityGain"),
            fmt("%+.2f", best.goldGain()),
            Text.format(
                "kpi.qualityGain.note",
                r.chosen(),
                fmt("%.2f", best.sftGold().mean()),
                fmt("%.2f", best.gold().mean()),
                fmt("%.2f", best.pairedGoldGain().low()),
                fmt("%.2f", best.pairedGoldGain().high()))));
    rows.add(
        new Kpi(
            Text.key("kpi.unsafeRate"),
            fmt("%+.1f pt", 100 * (best.unsafe().rate() - best.sftUnsafe().rate())),
            Text.format(
                "kpi.unsafeRate.note",
                fmt("%.1f %%", 100 * best.sftUnsafe().rate()),
                fmt("%.1f %%", 100 * best.unsafe().rate()))));
    rows.add(
        new Kpi(
            Text.key("kpi.labels"),
            t.humanLabels() + " / " + t.aiOnly(),
            Text.format(
                "kpi.labels.note",
                fmt("%.0f %%", 100 * t.aiShare()),
                Long.toString(t.audits()),
                kappa(r))));
    rows.add(
        new Kpi(
            Text.key("kpi.costSaved"),
            fmt("%.0f %%", 100 * t.costSaved() / t.allHumanCost()),
            Text.format(
                "kpi.costSaved.note",
                fmt("%.2f", t.cost()),
                fmt("%.2f", t.allHumanCost()),
                fmt("%.2f", r.config().feedback().humanCostPerLabel()),
                fmt("%.3f", r.config().feedback().aiCostPerLabel())),
            true));
    rows.add(
        new Kpi(
            Text.key("kpi.timeToDecision"),
            fmt("%.0f h", chosen.hoursToDecision()),
            Text.format(
                chosen.promotedToFull() ? "kpi.timeToDecision.full" : "kpi.timeToDecision.other",
                r.chosen(),
                String.valueOf(chosen.finalStage()))));
    long rollbacks = r.rollouts().stream().filter(RolloutResult::rolledBack).count();
    RolloutResult over = r.rollout(r.overOptimised());
    rows.add(
        new Kpi(
            Text.key("kpi.rollbacks"),
            Long.toString(rollbacks),
            over.rolledBack()
                ? Text.format(
                    "kpi.rollbacks.note",
                    r.overOptimised(),
                    over.firedGuardrail().orElse("?"),
                    fmt("%.0f", over.hoursToDecision()))
                : Text.format("kpi.rollbacks.none", r.overOptimised())));
    long stopped = r.runs().stream().filter(x -> x.monitorFiring().isPresent()).count();
    rows.add(
        new Kpi(
            Text.key("kpi.monitor"),
            stopped + " / " + r.runs().size(),
            r.run(r.overOptimised())
                .monitorFiring()
                .map(
                    f ->
                        Text.format(
                            stopped > 1 ? "kpi.monitor.noteOthers" : "kpi.monitor.note",
                            r.overOptimised(),
                            Long.toString(f.step()),
                            f.rule(),
                            Long.toString(r.run(r.overOptimised()).last().step()),
                            Long.toString(stopped - 1)))
                .orElse(Text.format("kpi.monitor.missed", r.overOptimised()))));
    DesirabilityResult d = r.desirability();
    rows.add(
        new Kpi(
            Text.key("kpi.rewardModel"),
            fmt("%.2f", d.overallAccuracy().accuracy()),
            Text.format(
                "kpi.rewardModel.note", fmt("%.2f", d.lengthBaselineAccuracy().accuracy()))));
    return new Section.KpiTable(
        Text.key("section.kpis"),
        rows,
        Text.format("caption.kpis", r.chosen(), Long.toString(r.config().seed())));
  }

  private static Section outcomes(PocResult r) {
    List<Kpi> rows = new ArrayList<>();
    for (RolloutResult ro : r.rollouts()) {
      Text note =
          ro.promotedToFull()
              ? Text.format(
                  "outcome.promoted.note",
                  fmt("%.1f %%", 100 * ro.candidate().thumbsUpRate()),
                  fmt("%.1f %%", 100 * ro.baseline().thumbsUpRate()),
                  Long.toString(ro.auditRecords()))
              : ro.rolledBack()
                  ? Text.format(
                      "outcome.rolledBack.note",
                      ro.firedGuardrail().orElse("?"),
                      Long.toString(ro.auditRecords()))
                  : Text.format("outcome.other.note", String.valueOf(ro.finalStage()));
      rows.add(
          new Kpi(
              Text.literal(ro.candidateName()),
              String.valueOf(ro.finalStage()) + fmt(" (%.0f h)", ro.hoursToDecision()),
              note));
    }
    return new Section.KpiTable(Text.key("section.outcomes"), rows, Text.key("caption.outcomes"));
  }

  private static Section trainingCurves(PocResult r) {
    List<Series> series = new ArrayList<>();
    for (TrainingRun run : methods(r)) {
      List<Point> pts = new ArrayList<>();
      for (TrainingRun.StepPoint p : run.curve()) {
        pts.add(new Point(p.step(), p.reward()));
      }
      if (!pts.isEmpty()) {
        series.add(new Series(Text.literal(run.name()), pts));
      }
    }
    return new Section.LineChart(
        Text.key("section.training"),
        Text.key("axis.step"),
        Text.key("axis.trainingReward"),
        series,
        Text.key("caption.training"));
  }

  private static Section klCurves(PocResult r) {
    List<Series> series = new ArrayList<>();
    for (TrainingRun run : methods(r)) {
      List<Point> pts = new ArrayList<>();
      for (TrainingRun.StepPoint p : run.curve()) {
        pts.add(new Point(p.step(), p.kl()));
      }
      if (!pts.isEmpty()) {
        series.add(new Series(Text.literal(run.name()), pts));
      }
    }
    return new Section.LineChart(
        Text.key("section.kl"),
        Text.key("axis.step"),
        Text.key("axis.kl"),
        series,
        Text.key("caption.kl"));
  }

  private static Section frontier(PocResult r) {
    List<LabelledPoint> points = new ArrayList<>();
    List<Text> groups = new ArrayList<>();
    List<TrainingRun> methods = methods(r);
    for (int g = 0; g < methods.size(); g++) {
      TrainingRun run = methods.get(g);
      groups.add(Text.literal(run.name()));
      List<TrainingRun.Checkpoint> cps = run.checkpoints();
      for (int i = 0; i < cps.size(); i++) {
        TrainingRun.Checkpoint c = cps.get(i);
        String label = i == cps.size() - 1 ? run.name() : "";
        points.add(new LabelledPoint(Text.literal(label), c.kl(), c.gold(), g));
      }
    }
    return new Section.ScatterChart(
        Text.key("section.frontier"),
        Text.key("axis.kl"),
        Text.key("axis.goldReward"),
        points,
        groups,
        true,
        Text.key("caption.frontier"));
  }

  /** The runs of the methods compared on one budget: every run but the over-optimised proxy run. */
  private static List<TrainingRun> methods(PocResult r) {
    return r.runs().stream().filter(x -> !x.name().equals(r.overOptimised())).toList();
  }

  private static Section overOptimisation(PocResult r) {
    TrainingRun proxy = r.run(r.overOptimised());
    List<Point> proxyReward = new ArrayList<>();
    for (TrainingRun.StepPoint p : proxy.curve()) {
      proxyReward.add(new Point(p.step(), p.reward()));
    }
    List<Point> gold = new ArrayList<>();
    for (TrainingRun.Checkpoint c : proxy.checkpoints()) {
      gold.add(new Point(c.step(), c.gold()));
    }
    List<Series> series = new ArrayList<>();
    if (!proxyReward.isEmpty()) {
      series.add(new Series(Text.key("series.proxyScore"), proxyReward));
    }
    series.add(new Series(Text.key("series.goldHidden"), gold, false, !proxyReward.isEmpty()));
    Text caption =
        proxy
            .monitorFiring()
            .map(
                f ->
                    Text.format(
                        "caption.overOptimisation",
                        Long.toString(f.step()),
                        f.rule(),
                        fmt("%.1f", proxy.last().kl())))
            .orElse(Text.key("caption.overOptimisation.missed"));
    return new Section.LineChart(
        Text.format("section.overOptimisation", proxy.name()),
        Text.key("axis.step"),
        proxyReward.isEmpty() ? Text.key("axis.goldReward") : Text.key("axis.proxyScore"),
        series,
        caption,
        proxyReward.isEmpty() ? Text.literal("") : Text.key("axis.goldReward"),
        AxisRange.auto(),
        AxisRange.auto());
  }

  private static Section winRates(PocResult r) {
    List<IntervalBar> bars = new ArrayList<>();
    for (CandidateEvaluation e : r.evaluations()) {
      CandidateEvaluation.Proportion p = e.combined();
      bars.add(new IntervalBar(Text.literal(e.name()), p.rate(), p.low(), p.high()));
    }
    return new Section.IntervalBars(
        Text.key("section.winrates"),
        Text.key("axis.winRate"),
        bars,
        0.5,
        Text.key("caption.winrates"));
  }

  /**
   * The win rates in each presentation order, one chart per order with the candidates in run order (each candidate
   * keeps its colour in both): twelve bars named "DPO, shown first" … in one chart had labels wider than their slots.
   */
  private static Section winRatesByOrder(PocResult r, boolean candidateFirst) {
    List<IntervalBar> bars = new ArrayList<>();
    for (CandidateEvaluation e : r.evaluations()) {
      CandidateEvaluation.Proportion p = candidateFirst ? e.candidateFirst() : e.candidateSecond();
      bars.add(new IntervalBar(Text.literal(e.name()), p.rate(), p.low(), p.high()));
    }
    return new Section.IntervalBars(
        Text.key(candidateFirst ? "section.winratesFirst" : "section.winratesSecond"),
        Text.key("axis.winRate"),
        bars,
        0.5,
        candidateFirst ? Text.literal("") : Text.key("caption.winratesByOrder"));
  }

  private static Section evaluationTable(PocResult r) {
    List<Kpi> rows = new ArrayList<>();
    for (int i = 0; i < r.runs().size(); i++) {
      CandidateEvaluation e = r.evaluations().get(i);
      TrainingRun run = r.runs().get(i);
      rows.add(
          new Kpi(
              Text.literal(e.name()),
              e.lengthControlIdentified()
                  ? fmt("%.2f", e.lengthControlled().lengthControlledWinRate())
                  : "n/a",
              Text.format(
                  run.monitorFiring().isPresent() ? "eval.row.stopped" : "eval.row",
                  fmt("%.2f", e.klToSft().orElse(Double.NaN)),
                  fmt("%+.0f", e.lengthDrift()),
                  fmt("%.1f %%", 100 * e.unsafe().rate()),
                  fmt("%+.2f", e.goldGain()),
                  run.monitorFiring().map(f -> Long.toString(f.step())).orElse(""),
                  Long.toString(run.last().step()))));
    }
    CandidateEvaluation any = r.evaluations().get(0);
    return new Section.KpiTable(
        Text.key("section.evaluation"),
        rows,
        Text.format(
            "caption.evaluation",
            fmt("%.1f %%", 100 * any.sftUnsafe().rate()),
            fmt("%.2f", any.sftGold().mean()),
            Text.key("lc.caveat")));
  }

  private static Section rewardModel(PocResult r) {
    DesirabilityResult d = r.desirability();
    // one chart for the model and one for the baseline, each labelled by category alone: ten bars
    // named
    // "Reward model: correctness" … in one chart have labels wider than their slots, drawn over
    // each other
    List<IntervalBar> bars = new ArrayList<>();
    for (String c : GoldLabelledPairs.categories()) {
      bars.add(bar(Text.key("category." + c), d.preferenceModelScores().category(c)));
    }
    bars.add(bar(Text.key("category.all"), d.overallAccuracy()));
    return new Section.IntervalBars(
        Text.key("section.rewardModel"),
        Text.key("axis.accuracy"),
        bars,
        0.5,
        Text.format(
            "caption.rewardModel",
            Integer.toString(d.trainingPairs()),
            Integer.toString(d.humanLabelledPairs()),
            d.preferenceModelScores().lengthPearson() == null
                ? "n/a"
                : fmt("%.2f", d.preferenceModelScores().lengthPearson()),
            d.proxyScores().lengthPearson() == null
                ? "n/a"
                : fmt("%.2f", d.proxyScores().lengthPearson())));
  }

  private static Section lengthBaseline(PocResult r) {
    DesirabilityResult d = r.desirability();
    List<IntervalBar> bars = new ArrayList<>();
    for (String c : GoldLabelledPairs.categories()) {
      bars.add(bar(Text.key("category." + c), d.lengthBaselineScores().category(c)));
    }
    bars.add(bar(Text.key("category.all"), d.lengthBaselineAccuracy()));
    return new Section.IntervalBars(
        Text.key("section.lengthBaseline"),
        Text.key("axis.accuracy"),
        bars,
        0.5,
        Text.key("caption.lengthBaseline"));
  }

  private static IntervalBar bar(Text label, CategoryAccuracy a) {
    double v = a.accuracy();
    return new IntervalBar(label, v, Math.min(v, a.lower()), Math.max(v, a.upper()));
  }

  private static Section handOver(PocResult r) {
    List<Point> share = new ArrayList<>();
    List<Point> kappa = new ArrayList<>();
    for (HandOverPoint p : r.feedback().timeline()) {
      share.add(new Point(p.itemsSoFar(), p.aiShare()));
      if (p.kappa() != null) {
        kappa.add(new Point(p.itemsSoFar(), p.kappa().estimate()));
      }
    }
    List<Series> series = new ArrayList<>();
    series.add(new Series(Text.key("series.aiShare"), share));
    if (!kappa.isEmpty()) {
      series.add(new Series(Text.key("series.kappa"), kappa, false, true));
    }
    return new Section.LineChart(
        Text.key("section.handover"),
        Text.key("axis.items"),
        Text.key("axis.aiShare"),
        series,
        Text.format(
            "caption.handover",
            fmt("%.2f", r.config().feedback().minKappa()),
            fmt("%.0f %%", 100 * r.config().feedback().auditFraction())),
        kappa.isEmpty() ? Text.literal("") : Text.key("axis.kappa"),
        new AxisRange(0, 1),
        new AxisRange(0, 1));
  }

  private static Section cost(PocResult r) {
    List<Point> actual = new ArrayList<>();
    List<Point> allHuman = new ArrayList<>();
    for (HandOverPoint p : r.feedback().timeline()) {
      actual.add(new Point(p.itemsSoFar(), p.cumulativeCost()));
      allHuman.add(new Point(p.itemsSoFar(), p.cumulativeAllHumanCost()));
    }
    return new Section.LineChart(
        Text.key("section.cost"),
        Text.key("axis.items"),
        Text.key("axis.cost"),
        List.of(
            new Series(Text.key("series.costHybrid"), actual, true),
            new Series(Text.key("series.costAllHuman"), allHuman, true)),
        Text.format(
            "caption.cost",
            fmt("%.2f", r.config().feedback().humanCostPerLabel()),
            fmt("%.3f", r.config().feedback().aiCostPerLabel())));
  }

  private static Section timeline(PocResult r) {
    List<StageEvent> events = new ArrayList<>();
    for (RolloutResult ro : r.rollouts()) {
      for (RolloutResult.GateEvent e : ro.timeline()) {
        events.add(
            new StageEvent(
                ro.candidateName(),
                e.step(),
                Duration.ofHours(e.hour()),
                e.decision().name(),
                outcome(e.decision()),
                e.breached().isEmpty()
                    ? Text.literal(e.reason())
                    : Text.format("gate.breached", String.join(", ", e.breached()), e.reason())));
      }
    }
    return new Section.StageTimeline(Text.key("section.gate"), events, Text.key("caption.gate"));
  }

  private static Section.Outcome outcome(GateDecision.Kind kind) {
    return switch (kind) {
      case PROMOTE -> Section.Outcome.ADVANCE;
      case ROLLBACK -> Section.Outcome.ROLLBACK;
      default -> Section.Outcome.HOLD;
    };
  }

  private static String kappa(PocResult r) {
    ConfidenceInterval k = r.feedback().kappa();
    return k == null ? "n/a" : fmt("%.2f [%.2f, %.2f]", k.estimate(), k.lower(), k.upper());
  }

  private static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
