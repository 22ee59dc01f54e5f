package dev.align4j.feedback.calibration;

/**
 * One bin of a {@link CalibrationCurve}: the items whose confidence falls in {@code (lower, upper]} (the first bin
 * also holds {@code lower} itself), their mean confidence and their accuracy.
 *
 * @param index the bin's index, 0 = least confident
 * @param lower the bin's lower edge (exclusive, except for bin 0)
 * @param upper the bin's upper edge (inclusive)
 * @param count items in the bin
 * @param meanConfidence mean confidence of those items (NaN when the bin is empty)
 * @param accuracy share of those items the judge got right (NaN when the bin is empty)
 */
public record ReliabilityBin(
    int index, double lower, double upper, int count, double meanConfidence, double accuracy) {

  /** {@code |accuracy − meanConfidence|}, the bin's calibration gap (NaN when empty). */
  public double gap() {
    return Math.abs(accuracy - meanConfidence);
  }
}
