package dev.align4j.feedback.calibration;

import dev.align4j.core.check.Require;
import dev.align4j.feedback.agreement.ConfidenceInterval;
import dev.align4j.feedback.agreement.LengthBiasReport;
import dev.align4j.feedback.agreement.PositionBiasReport;
import org.jspecify.annotations.Nullable;

/**
 * A judge's calibration against human labels, made by {@link JudgeCalibrator}.
 *
 * @param judge the judge's name
 * @param items the items labelled by both
 * @param accuracy share of items whose judge outcome is the people's (A, B, or no preference), with a Wilson interval
 * @param kappa Cohen's κ of judge against people over the three categories A / B / no preference, with a
 *     percentile-bootstrap interval over items
 * @param flipRate share of both-orders items whose verdict changed when A and B were swapped
 *     ({@code 1 − }{@link PositionBiasReport#consistencyRate()}), with a Wilson interval; null when no item carries
 *     both per-order verdicts
 * @param position the position-bias report over the judge's labels
 * @param length the length-bias report over the judge's labels
 * @param curve the reliability curve of the judge's confidence over the items with a human winner
 * @param band the undecided band chosen from the curve at the calibrator's target accuracy
 */
public record CalibrationReport(
    String judge,
    int items,
    ConfidenceInterval accuracy,
    ConfidenceInterval kappa,
    @Nullable ConfidenceInterval flipRate,
    PositionBiasReport position,
    LengthBiasReport length,
    CalibrationCurve curve,
    UndecidedBand band) {

  /** Validates. */
  public CalibrationReport {
    Require.nonBlank("judge", judge);
    Require.positive("items", items);
    Require.nonNull("accuracy", accuracy);
    Require.nonNull("kappa", kappa);
    Require.nonNull("position", position);
    Require.nonNull("length", length);
    Require.nonNull("curve", curve);
    Require.nonNull("band", band);
  }
}
