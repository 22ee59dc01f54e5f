package dev.align4j.rollout;

import dev.align4j.core.GateDecision;
import dev.align4j.core.GateReason;
import dev.align4j.core.RolloutStage;
import dev.align4j.core.check.Require;
import dev.align4j.rollout.guardrail.PreconditionResult;
import dev.align4j.rollout.input.EvaluationInput;
import dev.align4j.rollout.input.HumanOverride;
import dev.align4j.rollout.input.MetricData;
import dev.align4j.rollout.metric.Criticality;
import dev.align4j.rollout.metric.MetricResult;
import dev.align4j.rollout.metric.MetricSpec;
import dev.align4j.rollout.metric.NanPolicy;
import dev.align4j.rollout.metric.Scorecard;
import dev.align4j.rollout.metric.Verdict;
import dev.align4j.rollout.stage.Step;
import dev.align4j.rollout.stats.AcceptableRange;
import dev.align4j.rollout.stats.ArmSummary;
import dev.align4j.rollout.stats.Holm;
import dev.align4j.rollout.stats.TestResult;
import dev.align4j.rollout.validity.SampleRatioCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pure decision function of a gate: {@code (configuration, inputs) → decision}. No clock, no state, no I/O, so
 * that every decision can be replayed from its record.
 *
 * <p>Order of precedence at a look (first match decides):
 *
 * <ol>
 *   <li>kill switch → ABORT; a terminal stage or PAUSED → HOLD; time running backwards → HOLD;
 *   <li>a CRITICAL metric shows harm (Holm at {@code alphaHarm}, or one event for an event counter) → ROLLBACK
 *       (this acts even on a broken split: safety first);
 *   <li>sample-ratio mismatch on the canary split → PAUSE_FOR_HUMAN (the comparison cannot be trusted);
 *   <li>some NORMAL metric shows harm: score ≤ marginal → ROLLBACK, otherwise PAUSE_FOR_HUMAN;
 *   <li>stale data or NaN under {@code BLOCK_PROMOTION} → HOLD;
 *   <li>minimum duration, minimum sample, must-have data or a fixed horizon not reached → EXTEND (PAUSE_FOR_HUMAN
 *       once the maximum duration is over); a gating metric without data counts as missing when it must have data or
 *       a minimum sample applies to it, and a stage whose gating metrics have no data at all never promotes;
 *   <li>a precondition fails → HOLD (PAUSE_FOR_HUMAN after the maximum duration);
 *   <li>every gating metric PASSes (acceptability shown at {@code alphaPromote}) → PROMOTE to the next step;
 *   <li>otherwise HOLD, or PAUSE_FOR_HUMAN (inconclusive) once the maximum duration is over.
 * </ol>
 *
 * <p>Every decision lists one reason per applicable metric (check = metric name, code = verdict), then the
 * validity and precondition reasons, then the gate's own reason (check {@code "gate"}).
 */
public final class GateEvaluator {
  private GateEvaluator() {}

  /** Evaluates the evidence in {@code in} under {@code config}. */
  public static Evaluation evaluate(GateConfig config, EvaluationInput in) {
    return evaluate(config, in, true);
  }

  /**
   * Evaluates; with {@code explain == false} the per-metric messages are left empty (the simulator's fast path;
   * decisions are identical).
   */
  public static Evaluation evaluate(GateConfig config, EvaluationInput in, boolean explain) {
    Require.nonNull("config", config);
    Require.nonNull("in", in);
    RolloutStage stage = in.stage();
    int step = in.stepIndex();
    if (in.killSwitch()) {
      return done(new GateDecision.Abort(List.of(gate("KILL_SWITCH", "kill switch engaged"))), RolloutStage.ABORTED,
          step);
    }
    if (stage.isTerminal()) {
      return done(new GateDecision.Hold(List.of(gate("STAGE_TERMINAL", "stage " + stage + " is terminal"))), stage,
          step);
    }
    if (stage == RolloutStage.PAUSED) {
      return done(new GateDecision.Hold(List.of(gate("AWAITING_HUMAN", "paused; waiting for a human decision"))),
          stage, step);
    }
    Require.inClosedRange("stepIndex", step, 0, config.plan().size() - 1);
    Step planStep = config.plan().step(step);
    Require.argument(planStep.stage() == stage, "stage must match plan step %d (%s), was %s", step, planStep.label(),
        stage);
    if ((in.lastEvaluatedAt() != null && in.now().isBefore(in.lastEvaluatedAt()))
        || in.now().isBefore(in.stageEnteredAt())) {
      return done(new GateDecision.Hold(List.of(gate("CLOCK_NOT_MONOTONIC", "evaluation time " + in.now()
          + " is before the previous evaluation " + in.lastEvaluatedAt() + " or the step start "
          + in.stageEnteredAt()))), stage, step);
    }

    // 1. Metrics.
    Map<String, MetricData> data = new HashMap<>();
    for (MetricData d : in.metrics()) {
      data.put(d.name(), d);
    }
    List<MetricSpec> specs = new ArrayList<>();
    for (MetricSpec m : config.metrics()) {
      if (m.appliesTo(stage)) {
        specs.add(m);
      }
    }
    int k = specs.size();
    TestResult[] tests = new TestResult[k];
    Verdict[] pre = new Verdict[k];
    AcceptableRange[] ranges = new AcceptableRange[k];
    long[] nc = new long[k];
    long[] ni = new long[k];
    double[] pHarm = new double[k];
    boolean[] gating = new boolean[k];
    int family = 0;
    for (int i = 0; i < k; i++) {
      MetricSpec m = specs.get(i);
      MetricData d = data.get(m.name());
      ArmSummary c = d == null ? ArmSummary.EMPTY : d.candidate();
      ArmSummary inc = d == null ? ArmSummary.EMPTY : d.incumbent();
      boolean two = m.test().twoSample();
      nc[i] = c.n();
      ni[i] = two ? inc.n() : 0;
      long nEff = two ? Math.min(c.n(), inc.n()) : c.n();
      ranges[i] = m.acceptableRange(two ? inc : null);
      gating[i] = m.criticality() != Criticality.REPORT_ONLY;
      if (gating[i]) {
        family++;
      }
      pHarm[i] = 1;
      tests[i] = TestResult.noData();
      if (m.nanPolicy() == NanPolicy.BLOCK_PROMOTION && (c.nanCount() > 0 || inc.nanCount() > 0)) {
        pre[i] = Verdict.INVALID_DATA;
      } else if (m.failOnAnyEvent() && c.n() > 0 && c.sum() > 0) {
        pre[i] = Verdict.BREACH;
        pHarm[i] = 0;
        tests[i] = new TestResult(c.n(), c.sum(), c.sum(), c.sum(), c.sum(), 0, 1);
      } else if (c.n() == 0 || (two && inc.n() == 0)) {
        pre[i] = Verdict.NO_DATA;
      } else if (!m.test().guarantee().mayDecideAt(nEff)) {
        pre[i] = Verdict.AWAITING_HORIZON;
      } else if (m.failOnAnyEvent() && !Double.isFinite(m.upperBound()) && !Double.isFinite(m.lowerBound())) {
        pre[i] = null;
        tests[i] = new TestResult(c.n(), 0, 0, 0, 0, 1, 0);
      } else {
        pre[i] = null;
        tests[i] = m.test().evaluate(c, two ? inc : null, ranges[i], config.alphaHarm());
        pHarm[i] = tests[i].pHarm();
      }
    }
    // Holm over a fixed family: every gating metric applicable at this stage (untested ones have p = 1).
    double[] familyP = new double[family];
    int[] familyIndex = new int[family];
    int f = 0;
    for (int i = 0; i < k; i++) {
      if (gating[i]) {
        familyP[f] = pHarm[i];
        familyIndex[f++] = i;
      }
    }
    boolean[] harm = new boolean[k];
    double[] spent = new double[k];
    if (family > 0) {
      Holm.Result holm = Holm.apply(familyP, config.alphaHarm());
      for (int j = 0; j < family; j++) {
        harm[familyIndex[j]] = holm.rejected()[j];
        spent[familyIndex[j]] = holm.levels()[j];
      }
    }
    List<MetricResult> results = new ArrayList<>(k);
    List<GateReason> reasons = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      MetricSpec m = specs.get(i);
      long minSample = Math.max(m.minSamplePerArm(), planStep.limits().minSamplePerArm());
      long nEff = m.test().twoSample() ? Math.min(nc[i], ni[i]) : nc[i];
      TestResult t = tests[i];
      Verdict v;
      if (!gating[i]) {
        harm[i] = pre[i] == null && t.pHarm() <= config.alphaHarm();
        spent[i] = config.alphaHarm();
      }
      if (pre[i] == Verdict.BREACH) {
        v = Verdict.BREACH;
      } else if (pre[i] != null) {
        v = pre[i];
      } else if (harm[i] && distanceOutside(t.estimate(), ranges[i]) >= m.effectSizeFloor()) {
        v = Verdict.BREACH;
      } else if (nEff < minSample) {
        v = Verdict.INSUFFICIENT_DATA;
      } else if (t.pAcceptable() <= config.alphaPromote()) {
        v = Verdict.PASS;
      } else {
        v = Verdict.INCONCLUSIVE;
      }
      String msg = !explain ? "" : String.format(Locale.ROOT,
          "estimate %.6g, interval [%.6g, %.6g], acceptable [%.6g, %.6g], p_harm %.3g (alpha %.3g), "
              + "p_acceptable %.3g (alpha %.3g), n %d/%d, min %d, test %s%s",
          t.estimate(), t.lower(), t.upper(), ranges[i].lo(), ranges[i].hi(), t.pHarm(), spent[i],
          t.pAcceptable(), config.alphaPromote(), nc[i], ni[i], minSample, m.test().name(),
          gating[i] ? "" : " (report only)");
      results.add(new MetricResult(m.name(), m.criticality(), v, nc[i], ni[i], t, ranges[i].lo(), ranges[i].hi(),
          spent[i], msg));
      reasons.add(new GateReason(m.name(), v.name(), msg));
    }
    double score = Scorecard.score(specs, results, config.groupWeights());

    // 2. Critical breaches.
    for (int i = 0; i < k; i++) {
      if (specs.get(i).criticality() == Criticality.CRITICAL && results.get(i).verdict() == Verdict.BREACH) {
        reasons.add(gate("CRITICAL_BREACH", "critical metric " + specs.get(i).name() + " breached; score forced to 0"));
        return done(new GateDecision.Rollback(reasons), RolloutStage.ROLLED_BACK, step, results, score);
      }
    }
    // 3. Validity: sample-ratio mismatch on the live split.
    if (stage == RolloutStage.CANARY && in.assignedCandidate() + in.assignedIncumbent() > 0) {
      boolean sequential = config.srmMethod() == GateConfig.SrmMethod.SEQUENTIAL;
      SampleRatioCheck.Result srm = sequential
          ? SampleRatioCheck.sequential(in.assignedCandidate(), in.assignedIncumbent(), planStep.weight().fraction(),
              SampleRatioCheck.DEFAULT_CONCENTRATION)
          : SampleRatioCheck.test(in.assignedCandidate(), in.assignedIncumbent(), planStep.weight().fraction());
      String msg = !explain ? "" : String.format(Locale.ROOT,
          "%s %.4g, p %.3g (threshold %.3g), observed share %.5f, expected %.5f", sequential ? "ln M" : "chi2",
          srm.statistic(), srm.pValue(), config.srmAlpha(), srm.observedCandidateShare(),
          srm.expectedCandidateShare());
      if (srm.pValue() < config.srmAlpha()) {
        reasons.add(new GateReason("sample_ratio_mismatch", "FAIL", msg));
        reasons.add(gate("INVALID_EXPERIMENT", "assignment split does not match the configured weight"));
        return done(new GateDecision.PauseForHuman(reasons), RolloutStage.PAUSED, step, results, score);
      }
      reasons.add(new GateReason("sample_ratio_mismatch", "PASS", msg));
    }
    // 4. Normal breaches.
    boolean anyBreach = false;
    for (int i = 0; i < k; i++) {
      anyBreach |= gating[i] && results.get(i).verdict() == Verdict.BREACH;
    }
    if (anyBreach) {
      if (score <= config.scoreMarginal()) {
        reasons.add(gate("SCORE_AT_OR_BELOW_MARGINAL", String.format(Locale.ROOT, "score %.1f <= marginal %.1f",
            score, config.scoreMarginal())));
        return done(new GateDecision.Rollback(reasons), RolloutStage.ROLLED_BACK, step, results, score);
      }
      reasons.add(gate("BREACH_NEEDS_REVIEW", String.format(Locale.ROOT,
          "a metric breached but score %.1f > marginal %.1f", score, config.scoreMarginal())));
      return done(new GateDecision.PauseForHuman(reasons), RolloutStage.PAUSED, step, results, score);
    }
    // 5. Freshness and data validity.
    if (config.maxStaleness() != null && in.lastDataAt() != null) {
      Duration age = Duration.between(in.lastDataAt(), in.now());
      if (age.compareTo(config.maxStaleness()) > 0) {
        reasons.add(new GateReason("data_freshness", "STALE", "newest data is " + age + " old, limit "
            + config.maxStaleness()));
        reasons.add(gate("DATA_STALE", "no decision on stale data"));
        return done(new GateDecision.Hold(reasons), stage, step, results, score);
      }
    }
    Duration elapsed = Duration.between(in.stageEnteredAt(), in.now());
    boolean pastMax = elapsed.compareTo(planStep.limits().maxDuration()) >= 0;
    for (int i = 0; i < k; i++) {
      if (gating[i] && results.get(i).verdict() == Verdict.INVALID_DATA) {
        reasons.add(gate("INVALID_DATA", "metric " + specs.get(i).name() + " has NaN observations under "
            + "BLOCK_PROMOTION"));
        return pastMax ? done(new GateDecision.PauseForHuman(reasons), RolloutStage.PAUSED, step, results, score)
            : done(new GateDecision.Hold(reasons), stage, step, results, score);
      }
    }
    // 6. Enough data and time?
    List<String> missing = new ArrayList<>();
    if (elapsed.compareTo(planStep.limits().minDuration()) < 0) {
      missing.add("minimum duration " + planStep.limits().minDuration() + " (elapsed " + elapsed + ")");
    }
    boolean anyEvidence = false;
    boolean anyGating = false;
    for (int i = 0; i < k; i++) {
      Verdict v = results.get(i).verdict();
      anyGating |= gating[i];
      anyEvidence |= gating[i] && v != Verdict.NO_DATA;
      if (gating[i] && (v == Verdict.INSUFFICIENT_DATA || v == Verdict.AWAITING_HORIZON
          || (v == Verdict.NO_DATA && noDataBlocks(specs.get(i), planStep)))) {
        missing.add(specs.get(i).name() + " " + v);
      }
    }
    if (anyGating && !anyEvidence && missing.isEmpty()) {
      missing.add("any gating metric with data");
    }
    if (!missing.isEmpty()) {
      if (pastMax) {
        reasons.add(gate("INSUFFICIENT_DATA_AT_DEADLINE", "maximum duration " + planStep.limits().maxDuration()
            + " reached without " + missing));
        return done(new GateDecision.PauseForHuman(reasons), RolloutStage.PAUSED, step, results, score);
      }
      reasons.add(gate("INSUFFICIENT_DATA", "waiting for " + missing));
      return done(new GateDecision.Extend(reasons), stage, step, results, score);
    }
    // 7. Preconditions.
    boolean preconditionsOk = true;
    for (PreconditionResult p : in.preconditions()) {
      reasons.add(new GateReason(p.name(), p.code(), p.message()));
      preconditionsOk &= p.satisfied();
    }
    if (!preconditionsOk) {
      reasons.add(gate("PRECONDITION_FAILED", "a precondition for promotion does not hold"));
      return pastMax ? done(new GateDecision.PauseForHuman(reasons), RolloutStage.PAUSED, step, results, score)
          : done(new GateDecision.Hold(reasons), stage, step, results, score);
    }
    // 8. Promote?
    boolean allPass = true;
    for (int i = 0; i < k; i++) {
      Verdict v = results.get(i).verdict();
      if (gating[i] && !(v == Verdict.PASS || (v == Verdict.NO_DATA && !noDataBlocks(specs.get(i), planStep)))) {
        allPass = false;
      }
    }
    if (allPass && score >= config.scorePass()) {
      Step next = config.plan().step(step + 1);
      reasons.add(gate("ALL_GUARDRAILS_PASS", "promote " + planStep.label() + " -> " + next.label()));
      return done(new GateDecision.Promote(next.stage(), reasons), next.stage(), step + 1, results, score);
    }
    if (pastMax) {
      reasons.add(gate("INCONCLUSIVE_AT_DEADLINE", "maximum duration " + planStep.limits().maxDuration()
          + " reached without a conclusion"));
      return done(new GateDecision.PauseForHuman(reasons), RolloutStage.PAUSED, step, results, score);
    }
    reasons.add(gate("INCONCLUSIVE", "no guardrail breached; not all shown acceptable yet"));
    return done(new GateDecision.Hold(reasons), stage, step, results, score);
  }

  /** Applies a human override to the state in {@code in}; throws if the action is not allowed there. */
  public static Evaluation override(GateConfig config, EvaluationInput in, HumanOverride o) {
    Require.nonNull("config", config);
    Require.nonNull("in", in);
    Require.nonNull("o", o);
    RolloutStage stage = in.stage();
    int step = in.stepIndex();
    GateReason why = new GateReason("human_override", o.action().name(), "actor=" + o.actor() + "; reason="
        + o.reason());
    switch (o.action()) {
      case ABORT:
        Require.argument(stage != RolloutStage.ABORTED, "override ABORT needs a stage other than ABORTED, was %s",
            stage);
        return done(new GateDecision.Abort(List.of(why)), RolloutStage.ABORTED, step);
      case ROLLBACK:
        Require.argument(stage != RolloutStage.ABORTED && stage != RolloutStage.ROLLED_BACK,
            "override ROLLBACK needs a stage other than ABORTED or ROLLED_BACK, was %s", stage);
        return done(new GateDecision.Rollback(List.of(why)), RolloutStage.ROLLED_BACK, step);
      case RESUME:
        Require.argument(stage == RolloutStage.PAUSED, "override RESUME needs stage PAUSED, was %s", stage);
        return done(new GateDecision.Hold(List.of(why)), config.plan().step(step).stage(), step);
      default:
        Require.argument(!stage.isTerminal(), "override PROMOTE needs a non-terminal stage, was %s", stage);
        Step next = config.plan().step(step + 1);
        return done(new GateDecision.Promote(next.stage(), List.of(why)), next.stage(), step + 1);
    }
  }

  /**
   * Whether a metric without data blocks promotion: when it must have data, or when a minimum sample applies to it
   * (its own or the step's). Only metrics with neither are skipped when absent (Kayenta's no-data rule).
   */
  private static boolean noDataBlocks(MetricSpec m, Step step) {
    return m.mustHaveData() || Math.max(m.minSamplePerArm(), step.limits().minSamplePerArm()) > 0;
  }

  private static double distanceOutside(double x, AcceptableRange r) {
    if (Double.isNaN(x)) {
      return Double.POSITIVE_INFINITY;
    }
    return x > r.hi() ? x - r.hi() : x < r.lo() ? r.lo() - x : 0;
  }

  private static GateReason gate(String code, String message) {
    return new GateReason("gate", code, message);
  }

  private static Evaluation done(GateDecision d, RolloutStage after, int step) {
    return new Evaluation(d, List.of(), Double.NaN, after, step);
  }

  private static Evaluation done(GateDecision d, RolloutStage after, int step, List<MetricResult> results,
      double score) {
    return new Evaluation(d, results, score, after, step);
  }
}
