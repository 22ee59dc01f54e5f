package dev.align4j.feedback.aggregate;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import dev.align4j.feedback.agreement.ConfidenceInterval;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Bradley–Terry ratings of systems from pairwise outcomes, {@code P(i ≻ j) = σ(θ_i − θ_j)}, fitted by Hunter's (2004)
 * MM algorithm {@code γ_i ← W_i / Σ_j n_ij / (γ_i + γ_j)} with {@code γ = e^θ}; ties count half a win to each side.
 * A symmetric prior of {@code prior} pseudo-wins each way on every compared pair (default 0.1; 0 for the plain MLE)
 * keeps θ finite for a system that never won or never lost. θ is centred to mean 0 and mapped to the Elo scale of
 * Chatbot Arena, {@code elo = 1000 + 400·θ / ln 10}. Confidence intervals: percentile bootstrap over comparisons
 * (Chatbot Arena practice), seeded.
 */
public final class BradleyTerry {
  private final double prior;
  private final int maxIterations;
  private final double tolerance;
  private final int resamples;
  private final double level;
  private final long seed;

  private BradleyTerry(double prior, int maxIterations, double tolerance, int resamples, double level, long seed) {
    this.prior = Require.nonNegative("prior", prior);
    this.maxIterations = Require.positive("maxIterations", maxIterations);
    this.tolerance = Require.positive("tolerance", tolerance);
    this.resamples = Require.nonNegative("resamples", resamples);
    this.level = Require.inOpenRange("level", level, 0, 1);
    this.seed = seed;
  }

  /** Defaults: prior 0.1, 10,000 iterations, tolerance 1e-10, 200 bootstrap resamples, 95 % level, seed 0. */
  public static BradleyTerry standard() {
    return new BradleyTerry(0.1, 10_000, 1e-10, 200, 0.95, 0);
  }

  /** A copy with another prior (0 = maximum likelihood). */
  public BradleyTerry withPrior(double pseudoWins) {
    return new BradleyTerry(pseudoWins, maxIterations, tolerance, resamples, level, seed);
  }

  /** A copy with another bootstrap size (0 = no intervals), level and seed. */
  public BradleyTerry withBootstrap(int n, double confidence, long rngSeed) {
    return new BradleyTerry(prior, maxIterations, tolerance, n, confidence, rngSeed);
  }

  /** One system's rating. */
  public record SystemRating(String system, double theta, double elo, ConfidenceInterval eloInterval,
      int comparisons) {}

  /**
   * The fit.
   *
   * @param ratings by descending Elo
   * @param iterations MM iterations of the main fit
   * @param converged whether the main fit met the tolerance
   */
  public record Result(List<SystemRating> ratings, int iterations, boolean converged) {
    /** Copies. */
    public Result {
      ratings = List.copyOf(ratings);
    }

    /** The modelled probability that {@code a} beats {@code b}. */
    public double probability(String a, String b) {
      return StableMath.sigmoid(rating(a).theta() - rating(b).theta());
    }

    /** The rating of {@code system}. */
    public SystemRating rating(String system) {
      return ratings.stream().filter(r -> r.system().equals(system)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("system must be one of the rated systems, was " + system));
    }
  }

  /** Fits the ratings. */
  public Result fit(List<PairOutcome> outcomes) {
    Require.nonEmpty("outcomes", outcomes);
    Map<String, Integer> index = new LinkedHashMap<>();
    for (PairOutcome o : outcomes) {
      index.putIfAbsent(o.first(), index.size());
      index.putIfAbsent(o.second(), index.size());
    }
    int m = index.size();
    int[] f = new int[outcomes.size()];
    int[] s = new int[outcomes.size()];
    double[] sc = new double[outcomes.size()];
    int[] comparisons = new int[m];
    for (int j = 0; j < f.length; j++) {
      f[j] = index.get(outcomes.get(j).first());
      s[j] = index.get(outcomes.get(j).second());
      sc[j] = outcomes.get(j).scoreFirst();
      comparisons[f[j]]++;
      comparisons[s[j]]++;
    }
    int[] all = new int[f.length];
    for (int j = 0; j < all.length; j++) {
      all[j] = j;
    }
    int[] itOut = new int[1];
    String[] names = index.keySet().toArray(new String[0]);
    double[] theta = mm(f, s, sc, all, m, itOut, names);
    boolean converged = itOut[0] < maxIterations;
    double[][] boot = new double[m][resamples];
    RandomGenerator rng = new SplittableRandom(seed);
    int[] idx = new int[f.length];
    for (int b = 0; b < resamples; b++) {
      for (int j = 0; j < idx.length; j++) {
        idx[j] = rng.nextInt(idx.length);
      }
      double[] tb = mm(f, s, sc, idx, m, new int[1], null);
      for (int i = 0; i < m; i++) {
        boot[i][b] = elo(tb[i]);
      }
    }
    List<SystemRating> out = new ArrayList<>();
    for (Map.Entry<String, Integer> e : index.entrySet()) {
      int i = e.getValue();
      double est = elo(theta[i]);
      ConfidenceInterval ci;
      if (resamples >= 2) {
        double[] sorted = boot[i].clone();
        Arrays.sort(sorted);
        double lo = quantile(sorted, (1 - level) / 2);
        double hi = quantile(sorted, (1 + level) / 2);
        ci = new ConfidenceInterval(est, Math.min(lo, est), Math.max(hi, est), level);
      } else {
        ci = new ConfidenceInterval(est, est, est, level);
      }
      out.add(new SystemRating(e.getKey(), theta[i], est, ci, comparisons[i]));
    }
    out.sort((x, y) -> Double.compare(y.elo(), x.elo()));
    return new Result(out, itOut[0], converged);
  }

  /** MM iterations; with {@code names} (the main fit) a system without a win is an error, else it is floored. */
  private double[] mm(int[] f, int[] s, double[] sc, int[] idx, int m, int[] itOut, String @Nullable [] names) {
    double[] wins = new double[m];
    double[][] n = new double[m][m];
    for (int j : idx) {
      wins[f[j]] += sc[j];
      wins[s[j]] += 1 - sc[j];
      n[f[j]][s[j]] += 1;
      n[s[j]][f[j]] += 1;
    }
    if (prior > 0) {
      boolean[][] compared = new boolean[m][m];
      for (int j = 0; j < f.length; j++) {
        compared[f[j]][s[j]] = true;
        compared[s[j]][f[j]] = true;
      }
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) {
          if (compared[i][j]) {
            wins[i] += prior;
            n[i][j] += 2 * prior;
          }
        }
      }
    }
    double[] g = new double[m];
    Arrays.fill(g, 1.0);
    int it = 0;
    for (; it < maxIterations; it++) {
      double maxChange = 0;
      double[] next = new double[m];
      for (int i = 0; i < m; i++) {
        double den = 0;
        for (int j = 0; j < m; j++) {
          if (j != i && n[i][j] > 0) {
            den += n[i][j] / (g[i] + g[j]);
          }
        }
        if (den == 0) {
          next[i] = g[i];
          continue;
        }
        if (wins[i] <= 0 && names != null) {
          throw new IllegalArgumentException("system " + names[i] + " must win at least once (or use a prior > 0),"
              + " won 0 of its comparisons");
        }
        next[i] = Math.max(wins[i], 1e-300) / den;
      }
      double logMean = 0;
      for (double x : next) {
        logMean += Math.log(x) / m;
      }
      for (int i = 0; i < m; i++) {
        next[i] = next[i] / Math.exp(logMean);
        maxChange = Math.max(maxChange, Math.abs(Math.log(next[i]) - Math.log(g[i])));
      }
      g = next;
      if (maxChange < tolerance) {
        it++;
        break;
      }
    }
    itOut[0] = it;
    double[] theta = new double[m];
    for (int i = 0; i < m; i++) {
      theta[i] = Math.log(g[i]);
    }
    return theta;
  }

  private static double elo(double theta) {
    return 1000 + 400 * theta / Math.log(10);
  }

  private static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
