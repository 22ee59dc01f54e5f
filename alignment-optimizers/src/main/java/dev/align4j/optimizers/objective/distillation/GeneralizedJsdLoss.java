package dev.align4j.optimizers.objective.distillation;

import dev.align4j.core.TokenDistributions;
import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GKD's generalised Jensen–Shannon divergence between the student's and the teacher's next-token distributions
 * (Agarwal et al. 2024, "On-Policy Distillation of Language Models"; TRL's {@code GKDTrainer.generalized_jsd_loss}).
 * Per completion position, with {@code P_S, P_T} the student's and teacher's distributions after dividing the
 * log-probabilities by the temperature and renormalising:
 *
 * <pre>
 *   β = 0 :  KL(P_T ‖ P_S) = Σ_v p_T(v)·(log p_T(v) − log p_S(v))        (forward KL, mode covering)
 *   β = 1 :  KL(P_S ‖ P_T)                                                 (reverse KL, mode seeking)
 *   else  :  M = β·P_T + (1 − β)·P_S,   JSD_β = β·KL(P_T ‖ M) + (1 − β)·KL(P_S ‖ M)
 *   loss  =  Σ over all tokens of the batch / number of tokens             (TRL's reduction "batchmean")
 * </pre>
 *
 * As in TRL the endpoints are their own branches: the mixture formula tends to 0 as β → 0 (with JSD_β/β → the
 * forward KL), so a tiny non-zero β is not the forward KL. The gradient with respect to the student's log-probabilities
 * ℓ_S (free variables; the policy applies the log-softmax Jacobian) is, at temperature 1,
 * {@code −p_T(v)} for β = 0, {@code p_S(v)·(ℓ_S(v) − ℓ_T(v) + 1)} for β = 1 and
 * {@code (1 − β)·p_S(v)·(ℓ_S(v) − log m(v))} in between; at temperature τ the gradient {@code G'} with respect to the
 * tempered log-probabilities is mapped back by {@code ∂/∂ℓ_S(v) = (G'_v − p'_S(v)·Σ_j G'_j) / τ}. A zero probability
 * times an infinite log-ratio counts 0. The teacher gets no gradient.
 *
 * <p>Defaults: β = 0.5 (TRL's {@code GKDConfig.beta}), temperature 1 (the value {@code GKDTrainer.compute_loss}
 * always uses; {@code GKDConfig.temperature} = 0.9 is the sampling temperature only). Metrics: {@code loss},
 * {@code num_tokens}.
 */
public final class GeneralizedJsdLoss {
  private final double beta;
  private final double temperature;

  private GeneralizedJsdLoss(Builder b) {
    this.beta = b.beta;
    this.temperature = b.temperature;
  }

  /** A builder with TRL's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The interpolation coefficient β in [0, 1]. */
  public double beta() {
    return beta;
  }

  /** The temperature the log-probabilities are divided by before the divergence. */
  public double temperature() {
    return temperature;
  }

  /**
   * The loss of a batch and its gradient with respect to the student's log-distributions.
   *
   * @param student the student's distributions, one per sequence
   * @param teacher the teacher's, same shapes
   * @throws IllegalArgumentException when the lists differ in size, a pair differs in shape, or the batch is empty
   */
  public DistributionLossResult evaluate(
      List<TokenDistributions> student, List<TokenDistributions> teacher) {
    DistillationShapes.requireSameShapes(student, teacher);
    int n = student.size();
    double[] losses = new double[n];
    List<double[]> gradients = new ArrayList<>(n);
    long tokens = DistillationShapes.tokenCount(student);
    double total = 0;
    for (int i = 0; i < n; i++) {
      TokenDistributions s = student.get(i);
      TokenDistributions t = teacher.get(i);
      int v = s.vocabularySize();
      double[] ls = tempered(s.values(), v);
      double[] lt = tempered(t.values(), v);
      double[] g = new double[ls.length];
      double seq = 0;
      for (int row = 0; row < s.length(); row++) {
        seq += position(ls, lt, row * v, v, g);
      }
      if (temperature != 1.0) {
        untemper(ls, g, v);
      }
      for (int j = 0; j < g.length; j++) {
        g[j] /= tokens;
      }
      losses[i] = seq / s.length();
      total += seq;
      gradients.add(g);
    }
    double loss = total / tokens;
    return new DistributionLossResult(
        loss, losses, gradients, Map.of("loss", loss, "num_tokens", (double) tokens));
  }

  /** The divergence at one position; writes its gradient with respect to the (tempered) student row into g. */
  private double position(double[] ls, double[] lt, int r, int v, double[] g) {
    double sum = 0;
    if (beta == 0.0) {
      for (int j = 0; j < v; j++) {
        double pt = Math.exp(lt[r + j]);
        sum += xLogRatio(pt, lt[r + j], ls[r + j]);
        g[r + j] = -pt;
      }
    } else if (beta == 1.0) {
      for (int j = 0; j < v; j++) {
        double ps = Math.exp(ls[r + j]);
        sum += xLogRatio(ps, ls[r + j], lt[r + j]);
        g[r + j] = ps == 0 ? 0 : ps * (ls[r + j] - lt[r + j] + 1);
      }
    } else {
      double logBeta = Math.log(beta);
      double log1mBeta = Math.log1p(-beta);
      for (int j = 0; j < v; j++) {
        double logM = StableMath.logAddExp(ls[r + j] + log1mBeta, lt[r + j] + logBeta);
        double ps = Math.exp(ls[r + j]);
        double pt = Math.exp(lt[r + j]);
        sum += beta * xLogRatio(pt, lt[r + j], logM) + (1 - beta) * xLogRatio(ps, ls[r + j], logM);
        g[r + j] = ps == 0 ? 0 : (1 - beta) * ps * (ls[r + j] - logM);
      }
    }
    return sum;
  }

  /** {@code p·(a − b)}, 0 when p is 0 (whatever a − b is). */
  static double xLogRatio(double p, double a, double b) {
    return p == 0 ? 0 : p * (a - b);
  }

  /** log_softmax(ℓ / τ) row by row; the input itself at τ = 1. */
  private double[] tempered(double[] l, int v) {
    if (temperature == 1.0) {
      return l;
    }
    double[] out = new double[l.length];
    for (int r = 0; r < l.length; r += v) {
      for (int j = 0; j < v; j++) {
        out[r + j] = l[r + j] / temperature;
      }
      double lse = StableMath.logSumExp(out, r, v);
      for (int j = 0; j < v; j++) {
        out[r + j] -= lse;
      }
    }
    return out;
  }

  /** Maps the gradient with respect to log_softmax(ℓ/τ) back to ℓ, in place. */
  private void untemper(double[] tempered, double[] g, int v) {
    for (int r = 0; r < g.length; r += v) {
      double sum = 0;
      for (int j = 0; j < v; j++) {
        sum += g[r + j];
      }
      for (int j = 0; j < v; j++) {
        g[r + j] = (g[r + j] - Math.exp(tempered[r + j]) * sum) / temperature;
      }
    }
  }

  @Override
  public String toString() {
    return "GeneralizedJsdLoss[beta=" + beta + ", temperature=" + temperature + "]";
  }

  /** Configures a {@link GeneralizedJsdLoss}; defaults β = 0.5 and temperature 1 (TRL). */
  public static final class Builder {
    private double beta = 0.5;
    private double temperature = 1.0;

    private Builder() {}

    /** β in [0, 1]: 0 is forward KL(teacher ‖ student), 1 reverse KL(student ‖ teacher); default 0.5 (TRL). */
    public Builder beta(double beta) {
      this.beta = Require.inClosedRange("beta", beta, 0, 1);
      return this;
    }

    /** The temperature, positive; default 1 (TRL's trainer). */
    public Builder temperature(double temperature) {
      this.temperature =
          Require.positive("temperature", Require.finite("temperature", temperature));
      return this;
    }

    /** Builds the loss. */
    public GeneralizedJsdLoss build() {
      return new GeneralizedJsdLoss(this);
    }
  }
}
