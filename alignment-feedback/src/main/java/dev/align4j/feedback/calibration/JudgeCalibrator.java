package dev.align4j.feedback.calibration;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.math.WilsonInterval;
import dev.align4j.feedback.agreement.CohenKappa;
import dev.align4j.feedback.agreement.ConfidenceInterval;
import dev.align4j.feedback.agreement.LengthBiasReport;
import dev.align4j.feedback.agreement.PositionBiasReport;
import dev.align4j.feedback.agreement.Weighting;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures a pairwise judge against human labels ({@link CalibrationReport}): accuracy with a Wilson interval, Cohen's
 * κ with a percentile-bootstrap interval ({@link CohenKappa#withInterval}), the position-flip rate from
 * {@link PositionBiasReport}, the {@link LengthBiasReport}, the reliability curve of the judge's confidence
 * ({@link CalibrationCurve}) and the undecided band chosen from it.
 *
 * <p>Defaults: 10 bins over [½, 1] (width 0.05; 10 bins as in Naeini et al. 2015's ECE), 1000 bootstrap resamples at
 * level 0.95 (Efron and Tibshirani 1993 recommend ≥ 1000 for percentile intervals), seed 0, target accuracy 0.81 for
 * the band (human–human agreement without ties on MT-Bench, Zheng et al. 2023). Deterministic for a seed.
 */
public final class JudgeCalibrator {
  private final int bins;
  private final int resamples;
  private final double level;
  private final long seed;
  private final double targetAccuracy;

  private JudgeCalibrator(Builder b) {
    this.bins = b.bins;
    this.resamples = b.resamples;
    this.level = b.level;
    this.seed = b.seed;
    this.targetAccuracy = b.targetAccuracy;
  }

  /** A builder with the published defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A calibrator with the defaults. */
  public static JudgeCalibrator standard() {
    return builder().build();
  }

  /**
   * The report of {@code judge} over {@code items} (at least 2).
   *
   * @throws IllegalArgumentException when there are fewer than 2 items or κ is undefined on most resamples
   */
  public CalibrationReport calibrate(String judge, List<JudgedPair> items) {
    Require.nonBlank("judge", judge);
    Require.nonNull("items", items);
    int n = items.size();
    Require.argument(n >= 2, "items must hold at least 2 judged pairs, had %d", n);
    int[] judgeCat = new int[n];
    int[] humanCat = new int[n];
    int agree = 0;
    List<PairwiseComparison> labels = new ArrayList<>(n);
    List<Double> conf = new ArrayList<>();
    List<Double> right = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JudgedPair item = Require.nonNull("items[" + i + "]", items.get(i));
      judgeCat[i] = JudgedPair.category(item.judge().outcome());
      humanCat[i] = JudgedPair.category(item.human());
      if (judgeCat[i] == humanCat[i]) {
        agree++;
      }
      labels.add(item.judge());
      if (item.human() == Outcome.A || item.human() == Outcome.B) {
        conf.add(item.confidence());
        right.add(correctness(item.judge().effectiveProbabilityA(), item.human()));
      }
    }
    ConfidenceInterval accuracy = proportion(agree, n);
    ConfidenceInterval kappa =
        CohenKappa.withInterval(
            judgeCat, humanCat, 3, Weighting.NONE, resamples, level, new SplittableRandom(seed));
    PositionBiasReport position = PositionBiasReport.of(judge, labels);
    ConfidenceInterval flip =
        position.pairs() == 0
            ? null
            : proportion(position.pairs() - position.consistent(), position.pairs());
    LengthBiasReport length = LengthBiasReport.of(judge, labels);
    CalibrationCurve curve = CalibrationCurve.of(unbox(conf), unbox(right), bins);
    return new CalibrationReport(
        judge,
        n,
        accuracy,
        kappa,
        flip,
        position,
        length,
        curve,
        curve.undecidedBand(targetAccuracy));
  }

  /** 1 when the judge's side is the people's winner, 0 when not, ½ when the judge names no side. */
  static double correctness(double pA, Outcome human) {
    if (pA == 0.5) {
      return 0.5;
    }
    return (pA > 0.5) == (human == Outcome.A) ? 1.0 : 0.0;
  }

  private ConfidenceInterval proportion(int x, int n) {
    double[] w = WilsonInterval.twoSided(x, n, 1 - level);
    return new ConfidenceInterval((double) x / n, w[0], w[1], level);
  }

  private static double[] unbox(List<Double> xs) {
    double[] out = new double[xs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = xs.get(i);
    }
    return out;
  }

  /** Configures a {@link JudgeCalibrator}. */
  public static final class Builder {
    private int bins = 10;
    private int resamples = 1000;
    private double level = 0.95;
    private long seed;
    private double targetAccuracy = 0.81;

    private Builder() {}

    /** Reliability bins over [½, 1] (default 10). */
    public Builder bins(int m) {
      this.bins = Require.inClosedRange("bins", m, 1, 1000);
      return this;
    }

    /** Bootstrap resamples for κ's interval (default 1000). */
    public Builder resamples(int b) {
      this.resamples = Require.inClosedRange("resamples", b, 10, 1_000_000);
      return this;
    }

    /** Confidence level of every interval (default 0.95). */
    public Builder level(double l) {
      this.level = Require.inOpenRange("level", l, 0, 1);
      return this;
    }

    /** Seed of the bootstrap (default 0). */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** Accuracy the judge must reach on the items it decides, for the undecided band (default 0.81). */
    public Builder targetAccuracy(double a) {
      this.targetAccuracy = Require.inClosedRange("targetAccuracy", a, Double.MIN_VALUE, 1.0);
      return this;
    }

    /** Builds the calibrator. */
    public JudgeCalibrator build() {
      return new JudgeCalibrator(this);
    }
  }
}
