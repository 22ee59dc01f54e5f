package dev.align4j.examples.poc.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a data range onto a pixel range, with "nice" tick values (steps of 1, 2 or 5 times a power of ten). A range of
 * zero width is widened by one unit on each side so that a constant series still draws.
 */
record LinearScale(
    double domainLow, double domainHigh, double pixelLow, double pixelHigh, double step) {

  private static final int TARGET_TICKS = 5;

  /** A scale covering {@code [min, max]} rounded out to whole ticks. */
  static LinearScale covering(double min, double max, double pixelLow, double pixelHigh) {
    double lo = min;
    double hi = max;
    if (hi - lo <= 0) {
      lo -= 1;
      hi += 1;
    }
    double step = niceStep((hi - lo) / TARGET_TICKS);
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
    return new LinearScale(lo, hi, pixelLow, pixelHigh, step);
  }

  private static double niceStep(double rough) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
    double fraction = rough / magnitude;
    double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return nice * magnitude;
  }

  /** The pixel position of {@code value}. */
  double map(double value) {
    return pixelLow + (value - domainLow) / (domainHigh - domainLow) * (pixelHigh - pixelLow);
  }

  /** A tick's label with as many decimals as the step needs (a step of 0.2 gives one), without trailing zeros. */
  String label(double tick) {
    int decimals = (int) Math.max(0, -Math.floor(Math.log10(step)));
    String plain =
        BigDecimal.valueOf(tick)
            .setScale(decimals, RoundingMode.HALF_UP)
            .stripTrailingZeros()
            .toPlainString();
    return plain.equals("-0") ? "0" : plain;
  }

  /** The tick values from the low to the high end. */
  List<Double> ticks() {
    List<Double> ticks = new ArrayList<>();
    long n = Math.round((domainHigh - domainLow) / step);
    for (long i = 0; i <= n; i++) {
      // in decimal arithmetic, so that 0 + 3 * 0.2 is the tick 0.6, not 0.6000000000000001
      BigDecimal t =
          BigDecimal.valueOf(domainLow)
              .add(BigDecimal.valueOf(step).multiply(BigDecimal.valueOf(i)));
      ticks.add(t.doubleValue());
    }
    return ticks;
  }
}
