package dev.align4j.feedback.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.eval.HealthStatus;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.agreement.LengthBiasReport;
import dev.align4j.feedback.judge.JudgeAttributes;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Calibration report, reliability curve, undecided band and health signal. Reference values were computed outside
 * the implementation with numpy/scipy: {@code np.digitize(c, np.linspace(.5, 1, M + 1)[1:-1])} for the bins, the
 * textbook κ from the joint table, and the Wilson interval with {@code scipy.stats.norm.ppf(0.975)}.
 */
class JudgeCalibrationTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** A judge label with soft label {@code pA} and per-order verdicts (outcome from pA as the soft-average judge). */
  static PairwiseComparison judged(int i, double pA, String v1, String v2, String a, String b) {
    Outcome o = pA > 0.5 ? Outcome.A : pA < 0.5 ? Outcome.B : Outcome.TIE;
    Map<String, String> attrs =
        Map.of(
            JudgeAttributes.VERDICT_A_FIRST,
            v1,
            JudgeAttributes.VERDICT_B_FIRST,
            v2,
            JudgeAttributes.ORDER_CONSISTENT,
            String.valueOf(v1.equals(v2)));
    return new PairwiseComparison(
        Prompt.of("question " + i),
        Completion.of(a),
        Completion.of(b),
        o,
        pA,
        null,
        Presentation.BOTH_ORDERS,
        new Provenance(SourceKind.AI, "judge-x", null, null, T0, attrs));
  }

  /** The 12 items of the reference table (pA, verdict A first, verdict B first, human). */
  static List<JudgedPair> table() {
    Object[][] rows = {
      {0.9, "A", "A", Outcome.A}, {0.8, "A", "A", Outcome.A}, {0.7, "A", "B", Outcome.B},
      {0.2, "B", "B", Outcome.B}, {0.1, "B", "B", Outcome.A}, {0.5, "A", "B", Outcome.TIE},
      {0.65, "A", "A", Outcome.A}, {0.35, "B", "A", Outcome.B}, {0.95, "A", "A", Outcome.B},
      {0.05, "B", "B", Outcome.B}, {0.6, "A", "A", Outcome.TIE}, {0.55, "A", "TIE", Outcome.A}
    };
    List<JudgedPair> out = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      out.add(
          new JudgedPair(
              "item" + i,
              judged(
                  i,
                  (double) rows[i][0],
                  (String) rows[i][1],
                  (String) rows[i][2],
                  "a".repeat(5 + i),
                  "b".repeat(9)),
              (Outcome) rows[i][3]));
    }
    return out;
  }

  @Test
  void reliability_curve_and_ece_match_numpy() {
    double[] conf = {
      0.5, 0.52, 0.55, 0.58, 0.61, 0.66, 0.7, 0.73, 0.75, 0.81, 0.86, 0.9, 0.93, 0.97, 1.0, 1.0,
      0.64, 0.88
    };
    double[] correct = {0.5, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 1};
    CalibrationCurve c = CalibrationCurve.of(conf, correct, 5);
    int[] counts = {4, 3, 3, 3, 5};
    double[] meanConf = {0.5375, 0.6366666666666667, 0.7266666666666666, 0.85, 0.96};
    double[] acc = {0.625, 0.3333333333333333, 0.6666666666666666, 1.0, 0.8};
    for (int b = 0; b < 5; b++) {
      ReliabilityBin bin = c.bins().get(b);
      assertEquals(counts[b], bin.count(), "bin " + b);
      assertEquals(meanConf[b], bin.meanConfidence(), 1e-12, "bin " + b);
      assertEquals(acc[b], bin.accuracy(), 1e-12, "bin " + b);
      assertEquals(0.5 + 0.1 * b, bin.lower(), 1e-12);
    }
    assertEquals(0.14944444444444444, c.expectedCalibrationError(), 1e-12);
    assertEquals(0.3033333333333334, c.maxCalibrationError(), 1e-12);
    assertEquals(18, c.items());
    // selective accuracy at the edges 0.5, 0.6, 0.7: 0.694, 0.714, 0.818 -> the judge decides from
    // 0.7 up
    assertEquals(new UndecidedBand(0.5, 0.7), c.undecidedBand(0.81));
    assertEquals(UndecidedBand.NONE, c.undecidedBand(0.69));
    assertEquals(UndecidedBand.ALWAYS, c.undecidedBand(0.9));
  }

  @Test
  void report_matches_reference_accuracy_kappa_flip_rate_and_curve() {
    List<JudgedPair> items = table();
    CalibrationReport r =
        JudgeCalibrator.builder().resamples(400).build().calibrate("judge-x", items);
    assertEquals(12, r.items());
    assertEquals(8.0 / 12, r.accuracy().estimate(), 1e-12);
    assertEquals(0.39062208887279953, r.accuracy().lower(), 1e-12);
    assertEquals(0.8618799089087867, r.accuracy().upper(), 1e-12);
    assertEquals(0.4482758620689654, r.kappa().estimate(), 1e-12);
    assertTrue(
        r.kappa().lower() < r.kappa().estimate() && r.kappa().estimate() < r.kappa().upper(),
        r.toString());
    assertEquals(4.0 / 12, r.flipRate().estimate(), 1e-12);
    assertEquals(0.13812009109121315, r.flipRate().lower(), 1e-12);
    assertEquals(0.6093779111272004, r.flipRate().upper(), 1e-12);
    assertEquals(1 - r.position().consistencyRate(), r.flipRate().estimate(), 1e-12);
    assertEquals(
        LengthBiasReport.of("judge-x", items.stream().map(JudgedPair::judge).toList()), r.length());
    // curve over the 10 items with a human winner, 10 bins (numpy reference)
    CalibrationCurve c = r.curve();
    assertEquals(10, c.items());
    assertEquals(0.395, c.expectedCalibrationError(), 1e-12);
    assertEquals(0.7, c.maxCalibrationError(), 1e-12);
    int[] counts = {0, 1, 0, 2, 1, 0, 2, 0, 2, 2};
    for (int b = 0; b < 10; b++) {
      assertEquals(counts[b], c.bins().get(b).count(), "bin " + b);
    }
    assertTrue(Double.isNaN(c.bins().get(0).accuracy()));
    assertEquals(0.5, c.bins().get(8).accuracy(), 1e-12);
    // deterministic for the seed
    assertEquals(r, JudgeCalibrator.builder().resamples(400).build().calibrate("judge-x", items));
  }

  @Test
  void a_judge_without_per_order_verdicts_has_no_flip_rate_and_bad_input_is_named() {
    List<JudgedPair> items = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      PairwiseComparison hard =
          new PairwiseComparison(
              Prompt.of("q"),
              Completion.of("x" + i),
              Completion.of("y"),
              i % 2 == 0 ? Outcome.A : Outcome.B,
              null,
              null,
              Presentation.A_FIRST,
              Provenance.human("p", T0));
      items.add(new JudgedPair("i" + i, hard, i < 2 ? Outcome.A : Outcome.B));
    }
    CalibrationReport r = JudgeCalibrator.standard().calibrate("hard", items);
    assertNull(r.flipRate());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> JudgeCalibrator.standard().calibrate("j", items.subList(0, 1)));
    assertTrue(
        e.getMessage().contains("items") && e.getMessage().contains("had 1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CalibrationCurve.of(new double[] {0.4}, new double[] {1}, 5));
    assertTrue(
        e.getMessage().contains("confidence[0]") && e.getMessage().contains("0.4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new UndecidedBand(0.7, 0.6));
    assertTrue(e.getMessage().contains("upper"), e.getMessage());
  }

  @Property(trials = 60)
  void ece_is_a_weighted_mean_of_gaps_and_perfect_calibration_has_none(Gen gen) {
    int n = gen.intIn(1, 80);
    int m = gen.intIn(1, 12);
    double[] conf = new double[n];
    double[] correct = new double[n];
    for (int i = 0; i < n; i++) {
      conf[i] = gen.doubleIn(0.5, 1.0);
      correct[i] = gen.bool() ? 1 : 0;
    }
    CalibrationCurve c = CalibrationCurve.of(conf, correct, m);
    assertEquals(m, c.bins().size());
    assertEquals(n, c.bins().stream().mapToInt(ReliabilityBin::count).sum());
    assertTrue(
        c.expectedCalibrationError() >= 0
            && c.expectedCalibrationError() <= c.maxCalibrationError() + 1e-12,
        c.toString());
    for (ReliabilityBin b : c.bins()) {
      if (b.count() > 0) {
        assertTrue(
            b.meanConfidence() >= b.lower() - 1e-12 && b.meanConfidence() <= b.upper() + 1e-12,
            b.toString());
      }
    }
    // a judge whose correctness equals its confidence in expectation, item by item: gap 0 in every
    // bin
    CalibrationCurve perfect = CalibrationCurve.of(conf, conf, m);
    assertEquals(0.0, perfect.expectedCalibrationError(), 1e-12);
    // the band only grows with the target accuracy
    double lo = gen.doubleIn(0.05, 0.95);
    double hi = gen.doubleIn(lo, 1.0);
    assertTrue(
        c.undecidedBand(lo).upper() <= c.undecidedBand(hi).upper()
            || c.undecidedBand(hi).abstainsAlways());
  }

  @Test
  void health_fails_on_kappa_lower_bound_and_flip_rate_warns_on_length_and_before_any_report() {
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    CalibrationHealth health = CalibrationHealth.builder().clock(clock).build();
    HealthStatus none = health.status();
    assertEquals(HealthStatus.State.WARNING, none.state());
    assertEquals("NOT_CALIBRATED", none.code());

    CalibrationReport table =
        JudgeCalibrator.builder().resamples(400).build().calibrate("judge-x", table());
    health.update(table);
    HealthStatus s = health.status();
    assertEquals(HealthStatus.State.FAILED, s.state(), s.toString());
    assertEquals("KAPPA_BELOW_MIN", s.code());
    assertEquals(table.kappa().lower(), s.evidence().get("kappa_lower"), 1e-15);
    assertEquals(T0, s.at());
    assertFalse(s.allowsPromotion());

    // same report, κ threshold lowered below its bound: the flip rate 0.333 fails a 0.3 maximum,
    // passes the 0.35
    HealthStatus flip =
        CalibrationHealth.builder().minKappaLower(-1).maxFlipRate(0.3).build().judge(table, T0);
    assertEquals("FLIP_RATE_ABOVE_MAX", flip.code());
    HealthStatus ok = CalibrationHealth.builder().minKappaLower(-1).build().judge(table, T0);
    assertTrue(ok.allowsPromotion(), ok.toString());

    // a consistent, accurate judge that always picks the longer answer (people agree): length
    // warning only
    List<JudgedPair> longer = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      boolean aLong = i % 2 == 0;
      double pA = aLong ? 0.9 : 0.1;
      String v = aLong ? "A" : "B";
      longer.add(
          new JudgedPair(
              "l" + i,
              judged(
                  i,
                  pA,
                  v,
                  v,
                  aLong ? "long answer text" : "short",
                  aLong ? "short" : "long answer text"),
              aLong ? Outcome.A : Outcome.B));
    }
    HealthStatus warn =
        CalibrationHealth.builder()
            .build()
            .judge(JudgeCalibrator.standard().calibrate("j", longer), T0);
    assertEquals(HealthStatus.State.WARNING, warn.state(), warn.toString());
    assertEquals("LENGTH_BIAS", warn.code());
  }

  @Test
  void the_length_warning_is_the_length_bias_verdict_not_a_p_value() {
    // the judge picks the longer answer in 120 of 200 pairs and people agree with every verdict:
    // the binomial
    // p-value is 0.0057 (scipy.stats.binomtest(120, 200)), "significant", but the Wilson 95 %
    // interval of p is
    // [0.5308, 0.6654], so the length-win correlation 2p - 1 = 0.2 has interval [0.0617, 0.3308]:
    // not wholly beyond
    // 0.1, an INCONCLUSIVE verdict, which is evidence and not a warning
    List<JudgedPair> items = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      boolean aLong = i % 2 == 0;
      boolean pickLonger = i < 120;
      boolean pickA = aLong == pickLonger;
      String v = pickA ? "A" : "B";
      items.add(
          new JudgedPair(
              "m" + i,
              judged(
                  i,
                  pickA ? 0.9 : 0.1,
                  v,
                  v,
                  aLong ? "a long answer text" : "short",
                  aLong ? "short" : "a long answer text"),
              pickA ? Outcome.A : Outcome.B));
    }
    CalibrationReport r = JudgeCalibrator.builder().resamples(200).build().calibrate("j", items);
    assertEquals(0.005685155996750306, r.length().pValue(), 1e-9);
    HealthStatus s = CalibrationHealth.builder().build().judge(r, T0);
    assertEquals(HealthStatus.State.HEALTHY, s.state(), s.toString());
    assertEquals(0.2, s.evidence().get("length_win_correlation"), 1e-12);
    assertEquals(
        2 * 0.5308367203926201 - 1, s.evidence().get("length_win_correlation_lower"), 1e-9);
    assertEquals(
        2 * 0.6653942143319267 - 1, s.evidence().get("length_win_correlation_upper"), 1e-9);
    // a threshold of 0.05 puts the whole interval beyond it: BIASED, the warning
    HealthStatus strict =
        CalibrationHealth.builder().lengthBiasThreshold(0.05).build().judge(r, T0);
    assertEquals("LENGTH_BIAS", strict.code(), strict.toString());
  }
}
