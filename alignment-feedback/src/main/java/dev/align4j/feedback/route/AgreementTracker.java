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
 *
 * <p>The two labels of a pair are about the same item, and the human's is read in the AI label's order by content,
 * not by position: a pairwise human label is matched to the AI label's A and B by their texts
 * ({@link PairwiseComparison#orientedTo}), so a label stored with A = the preferred answer still agrees with an AI
 * label that put that answer second; a ranking's top candidate is located among the AI ranking's candidates by text.
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
    Require.argument(
        minSamples <= window, "minSamples must be <= window (%d), was %d", window, minSamples);
  }

  /**
   * Records one (AI, human) pair on {@code slice}.
   *
   * @throws IllegalArgumentException when the two labels are of different kinds, or are not about the same answers
   *     (other texts or another prompt); nothing is recorded then
   */
  public synchronized void record(String slice, Feedback ai, Feedback human) {
    Require.nonBlank("slice", slice);
    int[] categories = categories(Require.nonNull("ai", ai), Require.nonNull("human", human));
    ArrayDeque<int[]> q = pairs.computeIfAbsent(slice, k -> new ArrayDeque<>());
    q.addLast(categories);
    while (q.size() > window) {
      q.removeFirst();
    }
  }

  /**
   * The categories {@code {ai, human}} of an (AI, human) pair as {@link #record} counts them, the human label read in
   * the AI label's order by content; the pair agrees when the two are equal.
   *
   * @throws IllegalArgumentException when the labels are of different kinds or not about the same answers
   */
  public static int[] categories(Feedback ai, Feedback human) {
    Require.argument(
        ai.getClass() == human.getClass(),
        "the AI and the human label must be of the same kind, were %s and %s",
        ai.getClass().getSimpleName(),
        human.getClass().getSimpleName());
    if (ai instanceof PairwiseComparison) {
      PairwiseComparison a = (PairwiseComparison) ai;
      PairwiseComparison h;
      try {
        h = ((PairwiseComparison) human).orientedTo(a.prompt(), a.a(), a.b());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "the human label must be about the AI label's answers: " + e.getMessage(), e);
      }
      return new int[] {category(a), category(h)};
    }
    if (ai instanceof Ranking) {
      Ranking a = (Ranking) ai;
      Ranking h = (Ranking) human;
      String top = h.candidates().get(h.order().get(0)).text();
      int index = -1;
      for (int i = 0; i < a.candidates().size() && index < 0; i++) {
        if (a.candidates().get(i).text().equals(top)) {
          index = i;
        }
      }
      Require.argument(
          index >= 0 && a.prompt().equals(h.prompt()),
          "the human ranking must rank the AI ranking's answers of the same prompt, its best answer \"%s\" is not "
              + "among them",
          Require.abbreviate(top, 40));
      return new int[] {category(a), index};
    }
    return new int[] {category(ai), category(human)};
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
