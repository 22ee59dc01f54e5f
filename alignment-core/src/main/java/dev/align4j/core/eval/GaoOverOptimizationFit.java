package dev.align4j.core.eval;

import dev.align4j.core.check.Require;

/**
 * Gao, Schulman and Hilton's over-optimisation curve (2023, "Scaling Laws for Reward Model Overoptimization", ICML,
 * arXiv 2210.10760): the gold reward gained over the initial policy as a function of {@code d = sqrt(KL(π‖π_init))}
 * (KL in nats, so d in sqrt-nats).
 *
 * <ul>
 *   <li>{@link Form#RL}: {@code R(d) = d(α − β ln d)}, peak {@code d* = exp(α/β − 1)}, slope
 *       {@code R'(d) = α − β(ln d + 1)};
 *   <li>{@link Form#BEST_OF_N}: {@code R(d) = d(α − β d)}, peak {@code d* = α/(2β)} (at least 0), slope
 *       {@code R'(d) = α − 2βd}.
 * </ul>
 *
 * <p>The fit is the published one: ordinary least squares of R on the two columns {@code d} and {@code −d·g(d)}
 * ({@code g(d) = ln d} or {@code d}), no intercept (R(0) = 0: R is measured from the initial policy) and no weights. It
 * is solved from five sufficient sums ({@link Accumulator}), so an online caller keeps no points. The curve has a peak
 * only when β &gt; 0; otherwise {@link #peak()} is +∞ (the gold reward rises for ever).
 *
 * <p>Degenerate inputs: fewer than 2 points, or fewer than 2 distinct values of d (the two columns are then
 * proportional and α, β are not identified), throw {@link IllegalArgumentException}; a d that is not finite and
 * &gt; 0, or a non-finite R, is refused when added (a point at d = 0 carries no information: both columns are 0).
 *
 * @param form the functional form
 * @param alpha fitted α (gold reward per unit d near the start)
 * @param beta fitted β (the over-optimisation term; &gt; 0 for a curve that peaks)
 * @param n the number of (d, R) points fitted, or 0 for a curve given by its coefficients ({@link #of})
 */
public record GaoOverOptimizationFit(Form form, double alpha, double beta, long n) {

  /** The curve's functional form (Gao et al. 2023, eqs. 1 and 2). */
  public enum Form {
    /** Reinforcement learning: {@code R(d) = d(α − β ln d)}. */
    RL,
    /** Best-of-n sampling: {@code R(d) = d(α − β d)}. */
    BEST_OF_N;

    /** The second regressor's factor g(d): {@code ln d} (RL) or {@code d} (best-of-n). */
    double g(double d) {
      return this == RL ? Math.log(d) : d;
    }
  }

  /** Validates. */
  public GaoOverOptimizationFit {
    Require.nonNull("form", form);
    Require.finite("alpha", alpha);
    Require.finite("beta", beta);
    Require.argument(n >= 0, "n must be >= 0, was %d", n);
  }

  /** A curve given by its coefficients rather than fitted ({@code n = 0}). */
  public static GaoOverOptimizationFit of(Form form, double alpha, double beta) {
    return new GaoOverOptimizationFit(form, alpha, beta, 0);
  }

  /**
   * Fits the curve to the points ({@code d[i]}, {@code r[i]}) by least squares.
   *
   * @param d {@code sqrt(KL)} at each point, finite and &gt; 0
   * @param r the gold reward gained over the initial policy at each point, finite
   * @throws IllegalArgumentException for different lengths, fewer than 2 points, a d not finite and &gt; 0, a
   *     non-finite r, or all d equal
   */
  public static GaoOverOptimizationFit fit(Form form, double[] d, double[] r) {
    Require.nonNull("form", form);
    Require.sameLength("d", d.length, "r", r.length);
    Accumulator acc = new Accumulator(form);
    for (int i = 0; i < d.length; i++) {
      acc.add("d[" + i + "]", d[i], "r[" + i + "]", r[i]);
    }
    return acc.fit();
  }

  /**
   * The fitted gold gain {@code R(d)}; 0 at d = 0 (the RL form's limit, {@code d ln d → 0}).
   *
   * @throws IllegalArgumentException if d is not finite and &gt;= 0
   */
  public double predict(double d) {
    requireDomain(d);
    return d == 0 ? 0 : d * (alpha - beta * form.g(d));
  }

  /**
   * The slope {@code dR/dd} at {@code d}: {@code α − β(ln d + 1)} (RL, d &gt; 0) or {@code α − 2βd} (best-of-n, d
   * &gt;= 0).
   *
   * @throws IllegalArgumentException if d is outside that domain
   */
  public double slope(double d) {
    if (form == Form.RL) {
      Require.argument(
          Double.isFinite(d) && d > 0, "d must be finite and > 0 for the RL slope, was %s", d);
      return alpha - beta * (Math.log(d) + 1);
    }
    requireDomain(d);
    return alpha - 2 * beta * d;
  }

  /**
   * The d at which the fitted gold gain peaks: {@code exp(α/β − 1)} (RL) or {@code max(0, α/(2β))} (best-of-n) when
   * β &gt; 0, +∞ when β &lt;= 0 (no peak).
   */
  public double peak() {
    if (beta <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    return form == Form.RL ? Math.exp(alpha / beta - 1) : Math.max(0, alpha / (2 * beta));
  }

  private static void requireDomain(double d) {
    Require.argument(Double.isFinite(d) && d >= 0, "d must be finite and >= 0, was %s", d);
  }

  /**
   * The sufficient sums of the least-squares fit, added to one point at a time: {@code Σx₁², Σx₁x₂, Σx₂², Σx₁R,
   * Σx₂R} with {@code x₁ = d}, {@code x₂ = −d·g(d)}, plus the count and the smallest and largest d (to name the
   * all-equal case exactly). Constant memory; not thread-safe (one training loop or one caller owns it).
   */
  public static final class Accumulator {
    private final Form form;
    private long n;
    private double s11;
    private double s12;
    private double s22;
    private double s1r;
    private double s2r;
    private double minD = Double.POSITIVE_INFINITY;
    private double maxD = Double.NEGATIVE_INFINITY;

    /** An empty accumulator for {@code form}. */
    public Accumulator(Form form) {
      this.form = Require.nonNull("form", form);
    }

    /**
     * Adds a point.
     *
     * @param d {@code sqrt(KL)}, finite and &gt; 0
     * @param r the gold reward gained over the initial policy, finite
     * @return this
     */
    public Accumulator add(double d, double r) {
      return add("d", d, "r", r);
    }

    private Accumulator add(String dName, double d, String rName, double r) {
      Require.argument(Double.isFinite(d) && d > 0, "%s must be finite and > 0, was %s", dName, d);
      Require.finite(rName, r);
      double x1 = d;
      double x2 = -d * form.g(d);
      n++;
      s11 += x1 * x1;
      s12 += x1 * x2;
      s22 += x2 * x2;
      s1r += x1 * r;
      s2r += x2 * r;
      minD = Math.min(minD, d);
      maxD = Math.max(maxD, d);
      return this;
    }

    /** The number of points added. */
    public long n() {
      return n;
    }

    /** Whether {@link #fit()} can identify α and β: at least 2 points with at least 2 distinct d. */
    public boolean canFit() {
      return n >= 2 && maxD > minD && determinant() > 0;
    }

    /**
     * The least-squares curve through the points so far (Cramer's rule on the 2×2 normal equations).
     *
     * @throws IllegalArgumentException for fewer than 2 points or all d equal
     */
    public GaoOverOptimizationFit fit() {
      Require.argument(n >= 2, "d must hold at least 2 points, had %d", n);
      Require.argument(maxD > minD, "d must not be all equal, was %s at every point", minD);
      double det = determinant();
      Require.argument(
          det > 0, "d values %s to %s are too close to identify alpha and beta", minD, maxD);
      double alpha = (s1r * s22 - s12 * s2r) / det;
      double beta = (s11 * s2r - s12 * s1r) / det;
      return new GaoOverOptimizationFit(form, alpha, beta, n);
    }

    private double determinant() {
      return s11 * s22 - s12 * s12;
    }
  }
}
