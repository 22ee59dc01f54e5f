package dev.align4j.examples.poc.feedback;

import dev.align4j.core.eval.HealthStatus;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.feedback.agreement.ConfidenceInterval;
import dev.align4j.feedback.agreement.PositionBiasReport;
import dev.align4j.feedback.calibration.CalibrationReport;
import org.jspecify.annotations.Nullable;

/**
 * The AI labeller's position bias as the run measured it on the audited items, where the judge asked in both orders.
 *
 * @param plantedLogit the bias the simulation planted (logits in favour of the first-shown reply); shown beside the
 *     measurement for the reader, never used by it
 * @param report the library's position-bias report over the audited AI labels: how often the first-shown reply won
 *     a single-order verdict, with the exact binomial p-value against ½
 * @param firstPositionRate that share with its 95 % Wilson interval ([0, 1] around ½ without a decisive verdict)
 * @param allItems the same report over every AI label of the run (the judge asks in both orders on every pair, so
 *     its position bias is measurable without any human label)
 * @param calibration the library's calibration of the judge against the people's labels on the audited items
 *     ({@code JudgeCalibrator}: accuracy, κ, flip rate under swapping); null with fewer than 20 audited items
 *     (too few for a bootstrap interval of κ)
 * @param calibrationStatus the calibration judged by {@code CalibrationHealth} with its defaults (flip rate at most
 *     0.35, κ's lower bound at least 0.4); null without a calibration
 * @param routedForInconsistency pairs the router sent to people because the judge's two orders disagreed
 * @param detected whether the bias is significant at α = 0.05 on the audited items (the report's p-value)
 */
public record PositionBiasFinding(
    double plantedLogit,
    PositionBiasReport report,
    ConfidenceInterval firstPositionRate,
    PositionBiasReport allItems,
    @Nullable CalibrationReport calibration,
    @Nullable HealthStatus calibrationStatus,
    long routedForInconsistency,
    boolean detected) {
  /** Validates. */
  public PositionBiasFinding {
    Arguments.finite("plantedLogit", plantedLogit);
    Arguments.nonNull("report", report);
    Arguments.nonNull("firstPositionRate", firstPositionRate);
    Arguments.nonNull("allItems", allItems);
  }
}
