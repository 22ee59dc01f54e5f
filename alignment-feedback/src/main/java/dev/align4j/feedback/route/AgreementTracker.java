package dev.align4j.feedback.route;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;
import dev.align4j.feedback.agreement.CohenKappa;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The judge's measured agreement with humans, per slice: Cohen's κ over the last {@code window} (AI, human) label pairs
 * of the slice, reported only once at least {@code minSamples} pairs exist. Labels become categories as follows:
 * pairwise A / B / tie (both-bad counts as a tie), binary yes / no, ranking the top-ranked candidate, rating the value
 * rounded to an integer step above the scale's minimum. Thread-safe.
 */
public final class AgreementTracker {
  private final int window;
  private final int minSamples;
  private final Map<String, ArrayDeque<int[]>> pairs = new HashMap<>();

  /**
   * @param window most recent pairs kept per slice
   * @param minSamples pairs needed before κ is reported
   */
  public AgreementTracker(int window, int minSamples) {
    this.window = Require.positive("window", window);
    this.minSamples = Require.positive("minSamples", minSamples);
    Require.argument(minSamples <= window, "minSamples must be <= window (%d), was %d", window, minSamples);
  }

  /** Records one (AI, human) pair on {@code slice}. */
  public synchronized void record(String slice, Feedback ai, Feedback human) {
    Require.nonBlank("slice", slice);
    ArrayDeque<int[]> q = pairs.computeIfAbsent(slice, k -> new ArrayDeque<>());
    q.addLast(new int[] {category(ai), category(human)});
    while (q.size() > window) {
      q.removeFirst();
    }
  }

  /** κ on the slice, or empty with fewer than {@code minSamples} pairs. */
  public synchronized OptionalDouble kappa(String slice) {
    ArrayDeque<int[]> q = pairs.get(slice);
    if (q == null || q.size() < minSamples) {
      return OptionalDouble.empty();
    }
    int[] a = new int[q.size()];
    int[] h = new int[q.size()];
    int k = 2;
    int i = 0;
    for (int[] p : q) {
      a[i] = p[0];
      h[i] = p[1];
      k = Math.max(k, Math.max(p[0], p[1]) + 1);
      i++;
    }
    double kappa = CohenKappa.of(a, h, k);
    return Double.isNaN(kappa) ? OptionalDouble.empty() : OptionalDouble.of(kappa);
  }

  /** Number of pairs held for the slice. */
  public synchronized int samples(String slice) {
    ArrayDeque<int[]> q = pairs.get(slice);
    return q == null ? 0 : q.size();
  }

  /** The category of a label as described in the class comment. */
  public static int category(Feedback f) {
    if (f instanceof PairwiseComparison) {
      Outcome o = ((PairwiseComparison) f).outcome();
      return o == Outcome.A ? 0 : o == Outcome.B ? 1 : 2;
    }
    if (f instanceof BinaryLabel) {
      return ((BinaryLabel) f).desirable() ? 1 : 0;
    }
    if (f instanceof Ranking) {
      return ((Ranking) f).order().get(0);
    }
    Rating r = (Rating) f;
    return (int) Math.round(r.value() - r.scale().min());
  }
}
