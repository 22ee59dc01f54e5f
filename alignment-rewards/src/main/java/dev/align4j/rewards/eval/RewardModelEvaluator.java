package dev.align4j.rewards.eval;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.eval.LengthBiasVerdict;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.math.StableMath;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.rule.LengthUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a reward model the way RewardBench and RewardBench 2 do, plus the checks a practitioner wants before
 * optimising against it:
 *
 * <ul>
 *   <li><b>pairwise accuracy</b>: {@code 1[r(x, y_c) > r(x, y_r)]}, ties wrong (RewardBench {@code run_rm.py}), per
 *       category and overall, and per section weighted by example counts ({@link SectionScheme});
 *   <li><b>best-of-n accuracy</b> (RewardBench 2): a case scores {@code 1/k} when the correct completion is among the
 *       k completions tied at the maximum, else 0;
 *   <li><b>calibration</b>: expected calibration error (Guo et al. 2017) of the Bradley–Terry probability
 *       {@code p = σ(r_c − r_r)}, with confidence {@code max(p, 1 − p)}, over 10 equal-width bins on [0.5, 1];
 *       meaningful for models whose score differences are log-odds;
 *   <li><b>agreement with held-out human labels</b>: the share of decisive human comparisons (outcome A or B) the
 *       model orders the same way (ties wrong; TIE and BOTH_BAD labels are not counted);
 *   <li><b>length bias</b>: Pearson and Spearman correlations between score and completion length over every scored
 *       completion (|ρ| = 1 for a reward that is a monotone function of length alone), and a verdict on the Pearson
 *       correlation: its Fisher-z 95 % interval against ±0.1 ({@link LengthBiasVerdict}: biased when the whole
 *       interval lies beyond 0.1 in either direction).
 * </ul>
 *
 * Each completion is scored once per case, on the caller's thread.
 */
public final class RewardModelEvaluator {
  private final SectionScheme scheme;
  private final LengthUnit lengthUnit;
  private final int bins;

  private RewardModelEvaluator(SectionScheme scheme, LengthUnit lengthUnit, int bins) {
    this.scheme = Require.nonNull("scheme", scheme);
    this.lengthUnit = Require.nonNull("lengthUnit", lengthUnit);
    this.bins = Require.inClosedRange("bins", bins, 1, 1000);
  }

  /** An evaluator with no sections, length in words and 10 calibration bins. */
  public static RewardModelEvaluator standard() {
    return new RewardModelEvaluator(SectionScheme.none(), LengthUnit.WORDS, 10);
  }

  /** An evaluator with the given sections, length unit and number of calibration bins. */
  public static RewardModelEvaluator of(SectionScheme scheme, LengthUnit lengthUnit, int bins) {
    return new RewardModelEvaluator(scheme, lengthUnit, bins);
  }

  /** Evaluates on test pairs only. */
  public EvaluationReport evaluate(RewardModel model, List<PreferenceCase> pairs) {
    return evaluate(model, pairs, List.of(), List.of());
  }

  /**
   * Evaluates {@code model}.
   *
   * @param pairs RewardBench-style pairs (may be empty)
   * @param bestOfN RewardBench 2-style cases (may be empty)
   * @param humanLabels held-out human comparisons (may be empty)
   * @throws IllegalArgumentException when all three are empty
   */
  public EvaluationReport evaluate(
      RewardModel model,
      List<PreferenceCase> pairs,
      List<BestOfNCase> bestOfN,
      List<PairwiseComparison> humanLabels) {
    Require.nonNull("model", model);
    Require.nonNull("pairs", pairs);
    Require.nonNull("bestOfN", bestOfN);
    Require.nonNull("humanLabels", humanLabels);
    Require.argument(
        !pairs.isEmpty() || !bestOfN.isEmpty() || !humanLabels.isEmpty(),
        "pairs, bestOfN and humanLabels must not all be empty (nothing to evaluate)");
    List<double[]> scoreLength = new ArrayList<>();
    List<double[]> calibration = new ArrayList<>();
    Map<String, int[]> cats = new TreeMap<>();
    int correct = 0;
    for (PreferenceCase c : pairs) {
      double rc = scored(model, c.prompt(), c.chosen(), scoreLength);
      double rr = scored(model, c.prompt(), c.rejected(), scoreLength);
      boolean ok = rc > rr;
      int[] cr = cats.computeIfAbsent(c.category(), k -> new int[2]);
      cr[0]++;
      if (ok) {
        cr[1]++;
        correct++;
      }
      calibration.add(new double[] {rc - rr, ok ? 1 : 0});
    }
    int humans = 0;
    int agree = 0;
    for (PairwiseComparison h : humanLabels) {
      if (h.outcome() != Outcome.A && h.outcome() != Outcome.B) {
        continue;
      }
      double ra = scored(model, h.prompt(), h.a(), scoreLength);
      double rb = scored(model, h.prompt(), h.b(), scoreLength);
      double diff = h.outcome() == Outcome.A ? ra - rb : rb - ra;
      humans++;
      if (diff > 0) {
        agree++;
      }
      calibration.add(new double[] {diff, diff > 0 ? 1 : 0});
    }
    double bonSum = 0;
    double chance = 0;
    for (BestOfNCase b : bestOfN) {
      double rc = scored(model, b.prompt(), b.correct(), scoreLength);
      double max = rc;
      double[] others = new double[b.incorrect().size()];
      for (int i = 0; i < others.length; i++) {
        others[i] = scored(model, b.prompt(), b.incorrect().get(i), scoreLength);
        max = Math.max(max, others[i]);
      }
      if (rc == max) {
        int tied = 1;
        for (double o : others) {
          if (o == max) {
            tied++;
          }
        }
        bonSum += 1.0 / tied;
      }
      chance += 1.0 / (others.length + 1);
    }
    Map<String, CategoryResult> categories = new LinkedHashMap<>();
    cats.forEach((k, v) -> categories.put(k, new CategoryResult(v[0], v[1])));
    Map<String, Double> sections = scheme.scores(categories);
    Double sectionScore =
        sections.isEmpty()
            ? null
            : sections.values().stream().mapToDouble(Double::doubleValue).average().getAsDouble();
    double[] scores = scoreLength.stream().mapToDouble(a -> a[0]).toArray();
    double[] lengths = scoreLength.stream().mapToDouble(a -> a[1]).toArray();
    @Nullable Double pearson = pearson(scores, lengths);
    return new EvaluationReport(
        pairs.size(),
        pairs.isEmpty() ? null : (double) correct / pairs.size(),
        categories,
        sections,
        sectionScore,
        bestOfN.size(),
        bestOfN.isEmpty() ? null : bonSum / bestOfN.size(),
        bestOfN.isEmpty() ? null : chance / bestOfN.size(),
        calibration.isEmpty() ? null : expectedCalibrationError(calibration, bins),
        humans,
        humans == 0 ? null : (double) agree / humans,
        pearson,
        spearman(scores, lengths),
        pearson == null
            ? null
            : LengthBiasVerdict.ofCorrelation(
                "reward_model",
                pearson,
                scores.length,
                LengthBiasVerdict.DEFAULT_THRESHOLD,
                LengthBiasVerdict.DEFAULT_ALPHA));
  }

  private double scored(RewardModel model, Prompt p, Completion c, List<double[]> sink) {
    double r = model.score(p, c);
    if (!Double.isFinite(r)) {
      throw new IllegalStateException(
          "the reward model returned a non-finite score " + r + " for " + c);
    }
    sink.add(new double[] {r, lengthUnit.measure(c)});
    return r;
  }

  /**
   * ECE over {@code (score difference, correct)} rows: bins of confidence {@code max(p, 1 − p)} on [0.5, 1], each
   * contributing {@code (n_b / N)·|accuracy_b − mean confidence_b|}.
   */
  static double expectedCalibrationError(List<double[]> rows, int bins) {
    double[] conf = new double[bins];
    double[] acc = new double[bins];
    int[] n = new int[bins];
    for (double[] r : rows) {
      double p = StableMath.sigmoid(r[0]);
      double c = Math.max(p, 1 - p);
      int b = Math.min(bins - 1, (int) ((c - 0.5) / 0.5 * bins));
      conf[b] += c;
      acc[b] += r[1];
      n[b]++;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (n[b] > 0) {
        ece += (double) n[b] / rows.size() * Math.abs(acc[b] / n[b] - conf[b] / n[b]);
      }
    }
    return ece;
  }

  /** Pearson's r, or null when fewer than two values or either side is constant. */
  static @Nullable Double pearson(double[] x, double[] y) {
    int n = x.length;
    if (n < 2) {
      return null;
    }
    double mx = Arrays.stream(x).average().getAsDouble();
    double my = Arrays.stream(y).average().getAsDouble();
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    if (sxx == 0 || syy == 0) {
      return null;
    }
    return Math.max(-1.0, Math.min(1.0, sxy / Math.sqrt(sxx * syy)));
  }

  /** Spearman's ρ (Pearson on average ranks), or null when undefined. */
  static @Nullable Double spearman(double[] x, double[] y) {
    return pearson(ranks(x), ranks(y));
  }

  private static double[] ranks(double[] v) {
    Integer[] idx = new Integer[v.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
    double[] r = new double[v.length];
    int i = 0;
    while (i < idx.length) {
      int j = i;
      while (j + 1 < idx.length && v[idx[j + 1]] == v[idx[i]]) {
        j++;
      }
      double avg = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[idx[k]] = avg;
      }
      i = j + 1;
    }
    return r;
  }
}
