package dev.align4j.feedback.aggregate;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dawid–Skene EM (Dawid &amp; Skene 1979): latent true classes with priors {@code p_k} and one confusion matrix per
 * annotator, {@code π^(w)[k][l] = P(w says l | true k)}.
 *
 * <ul>
 *   <li>Initialise the posteriors {@code T_ik} with the soft majority vote (as crowd-kit does).
 *   <li>M-step: {@code p_k = (1/N) Σ_i T_ik}; {@code π^(w)[k][l] ∝ Σ_i T_ik n_i^(w)(l)}, clipped at ε = 1e-10
 *       before normalising. One-coin variant: {@code π[k][k] = s_w}, {@code π[k][l] = (1 − s_w)/(K − 1)}, with
 *       {@code s_w} the expected share of w's labels that are correct.
 *   <li>E-step (log space): {@code log T_ik = log p_k + Σ_w Σ_l n_i^(w)(l) log π^(w)[k][l] − log Z_i}.
 *   <li>Stop when the observed-data log-likelihood {@code Σ_i log Z_i} gains less than {@code tolerance}.
 * </ul>
 *
 * <p>Defaults from crowd-kit's {@code DawidSkene}: 100 iterations, tolerance 1e-5. Deterministic: the only choice is
 * the final tie-break, made by the {@link TiePolicy}.
 */
public final class DawidSkene {
  private static final double EPS = 1e-10;

  private final int categories;
  private final int maxIterations;
  private final double tolerance;
  private final boolean oneCoin;
  private final TiePolicy ties;

  private DawidSkene(int categories, int maxIterations, double tolerance, boolean oneCoin, TiePolicy ties) {
    Require.argument(categories >= 2, "categories must be >= 2, was %d", categories);
    this.categories = categories;
    this.maxIterations = Require.positive("maxIterations", maxIterations);
    this.tolerance = Require.positive("tolerance", tolerance);
    this.oneCoin = oneCoin;
    this.ties = Require.nonNull("ties", ties);
  }

  /** Full confusion matrices, crowd-kit's defaults, ties by {@code TiePolicy.seeded(0)}. */
  public static DawidSkene of(int categories) {
    return new DawidSkene(categories, 100, 1e-5, false, TiePolicy.seeded(0));
  }

  /** The one-coin variant (one accuracy per annotator). */
  public DawidSkene oneCoin() {
    return new DawidSkene(categories, maxIterations, tolerance, true, ties);
  }

  /** A copy with another iteration cap and tolerance. */
  public DawidSkene withConvergence(int iterations, double tol) {
    return new DawidSkene(categories, iterations, tol, oneCoin, ties);
  }

  /** A copy with another tie policy. */
  public DawidSkene withTies(TiePolicy policy) {
    return new DawidSkene(categories, maxIterations, tolerance, oneCoin, policy);
  }

  /** Fits the model. */
  public DawidSkeneResult fit(List<Annotation> annotations) {
    Require.nonEmpty("annotations", annotations);
    Map<String, Integer> items = new LinkedHashMap<>();
    Map<String, Integer> workers = new LinkedHashMap<>();
    for (Annotation a : annotations) {
      Require.argument(a.label() < categories, "label of item %s by %s must be < %d, was %d", a.item(),
          a.annotator(), categories, a.label());
      items.putIfAbsent(a.item(), items.size());
      workers.putIfAbsent(a.annotator(), workers.size());
    }
    int n = items.size();
    int w = workers.size();
    int k = categories;
    int[] ai = new int[annotations.size()];
    int[] aw = new int[ai.length];
    int[] al = new int[ai.length];
    int[] support = new int[n];
    for (int j = 0; j < ai.length; j++) {
      Annotation a = annotations.get(j);
      ai[j] = items.get(a.item());
      aw[j] = workers.get(a.annotator());
      al[j] = a.label();
      support[ai[j]]++;
    }
    double[][] t = new double[n][k];
    for (int j = 0; j < ai.length; j++) {
      t[ai[j]][al[j]] += 1;
    }
    for (double[] row : t) {
      normalise(row);
    }
    double[] priors = new double[k];
    double[][][] pi = new double[w][k][k];
    List<Double> history = new ArrayList<>();
    boolean converged = false;
    int it = 0;
    double prev = Double.NEGATIVE_INFINITY;
    while (it < maxIterations) {
      it++;
      mStep(t, ai, aw, al, priors, pi);
      double ll = eStep(t, ai, aw, al, priors, pi);
      history.add(ll);
      if (ll - prev < tolerance && it > 1) {
        converged = true;
        break;
      }
      prev = ll;
    }
    Map<String, AggregatedLabel> labels = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : items.entrySet()) {
      double[] post = t[e.getValue()];
      int winner = TiePolicy.argmax(e.getKey(), post, 1e-12, ties);
      labels.put(e.getKey(), new AggregatedLabel(e.getKey(), winner, post, support[e.getValue()]));
    }
    Map<String, double[][]> conf = new LinkedHashMap<>();
    workers.forEach((name, idx) -> conf.put(name, pi[idx]));
    return new DawidSkeneResult(labels, priors, conf, history, it, converged);
  }

  private void mStep(double[][] t, int[] ai, int[] aw, int[] al, double[] priors, double[][][] pi) {
    int k = categories;
    Arrays.fill(priors, 0);
    for (double[] row : t) {
      for (int c = 0; c < k; c++) {
        priors[c] += row[c] / t.length;
      }
    }
    for (int c = 0; c < k; c++) {
      priors[c] = Math.max(priors[c], EPS);
    }
    normalise(priors);
    for (double[][] m : pi) {
      for (double[] row : m) {
        Arrays.fill(row, 0);
      }
    }
    for (int j = 0; j < ai.length; j++) {
      double[] ti = t[ai[j]];
      for (int c = 0; c < k; c++) {
        pi[aw[j]][c][al[j]] += ti[c];
      }
    }
    for (double[][] m : pi) {
      if (oneCoin) {
        double correct = 0;
        double total = 0;
        for (int c = 0; c < k; c++) {
          for (int l = 0; l < k; l++) {
            total += m[c][l];
            if (c == l) {
              correct += m[c][l];
            }
          }
        }
        double s = total > 0 ? correct / total : 1.0 / k;
        s = Math.min(1 - EPS, Math.max(EPS, s));
        for (int c = 0; c < k; c++) {
          for (int l = 0; l < k; l++) {
            m[c][l] = c == l ? s : (1 - s) / (k - 1);
          }
        }
      } else {
        for (double[] row : m) {
          for (int l = 0; l < k; l++) {
            row[l] = Math.max(row[l], EPS);
          }
          normalise(row);
        }
      }
    }
  }

  private double eStep(double[][] t, int[] ai, int[] aw, int[] al, double[] priors, double[][][] pi) {
    int k = categories;
    double[][] logT = new double[t.length][k];
    for (double[] row : logT) {
      for (int c = 0; c < k; c++) {
        row[c] = Math.log(priors[c]);
      }
    }
    for (int j = 0; j < ai.length; j++) {
      for (int c = 0; c < k; c++) {
        logT[ai[j]][c] += Math.log(pi[aw[j]][c][al[j]]);
      }
    }
    double ll = 0;
    for (int i = 0; i < t.length; i++) {
      double z = StableMath.logSumExp(logT[i]);
      ll += z;
      for (int c = 0; c < k; c++) {
        t[i][c] = Math.exp(logT[i][c] - z);
      }
    }
    return ll;
  }

  private static void normalise(double[] row) {
    double s = 0;
    for (double x : row) {
      s += x;
    }
    for (int i = 0; i < row.length; i++) {
      row[i] = s > 0 ? row[i] / s : 1.0 / row.length;
    }
  }
}
