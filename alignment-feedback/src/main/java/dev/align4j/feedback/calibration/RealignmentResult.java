package dev.align4j.feedback.calibration;

import dev.align4j.core.check.Require;

/**
 * Agreement of a judge with people on a held-out set before and after re-alignment.
 *
 * @param before the calibration of the original judge on the held-out items
 * @param after the calibration of the re-aligned judge on the same held-out items
 */
public record RealignmentResult(CalibrationReport before, CalibrationReport after) {

  /** Validates. */
  public RealignmentResult {
    Require.nonNull("before", before);
    Require.nonNull("after", after);
    Require.argument(
        before.items() == after.items(),
        "before and after must cover the same items, had %d and %d",
        before.items(),
        after.items());
  }

  /** {@code κ_after − κ_before} (point estimates). */
  public double kappaGain() {
    return after.kappa().estimate() - before.kappa().estimate();
  }
}
