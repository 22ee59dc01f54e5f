package dev.align4j.optimizers.objective.distillation;

import dev.align4j.core.TokenGradients;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.check.Require;
import java.util.List;
import java.util.Map;

/**
 * Per-token reverse KL of on-policy distillation on the tokens the student sampled, when the teacher returns only
 * the log-probability of each given token (Agarwal et al. 2024; the recipe of Thinking Machines' "On-Policy
 * Distillation", 2025). For completions sampled from the student, {@code k1_t = log π_S(y_t) − log π_T(y_t)} is an
 * unbiased estimate of the per-token reverse KL, and {@code −k1_t} is the per-token advantage of a policy-gradient
 * step with discount 0:
 *
 * <pre>
 *   loss   = Σ_t k1_t / N                        (the reported value: the mean per-token reverse-KL estimate)
 *   ∂/∂log π_S(y_t) = sg(k1_t) / N               (the exact gradient of the surrogate Σ_t sg(k1_t)·log π_S(y_t) / N)
 * </pre>
 *
 * The estimate is only meaningful on the student's own samples (on-policy fraction 1); it needs no distribution from
 * either model. Metrics: {@code loss}, {@code num_tokens}, {@code reverse_kl/max} (largest per-token estimate).
 */
public final class SampledReverseKlLoss {

  /** The loss (stateless). */
  public SampledReverseKlLoss() {}

  /**
   * The result of a batch.
   *
   * @param loss the mean per-token estimate over the batch's tokens
   * @param losses per sequence, the mean estimate of its tokens
   * @param gradients per-token gradients of the surrogate, laid out as the sequences' tokens end to end
   * @param metrics named values
   */
  public record Result(
      double loss,
      double[] losses,
      TokenGradients.PerToken gradients,
      Map<String, Double> metrics) {
    /** Copies the map. */
    public Result {
      Require.nonNull("losses", losses);
      Require.nonNull("gradients", gradients);
      metrics = Map.copyOf(Require.nonNull("metrics", metrics));
    }
  }

  /**
   * The loss of a batch.
   *
   * @param student the student's log-probabilities of its sampled tokens, one per sequence
   * @param teacher the teacher's log-probabilities of the same tokens
   * @throws IllegalArgumentException when the batch is empty, or the sizes or lengths differ
   */
  public Result evaluate(List<TokenLogProbs> student, List<TokenLogProbs> teacher) {
    Require.nonNull("student", student);
    Require.nonNull("teacher", teacher);
    Require.argument(!student.isEmpty(), "student must hold at least one sequence, was empty");
    Require.sameLength("student", student.size(), "teacher", teacher.size());
    int n = student.size();
    int[] lengths = new int[n];
    long tokens = 0;
    for (int i = 0; i < n; i++) {
      TokenLogProbs s = Require.nonNull("student[" + i + "]", student.get(i));
      TokenLogProbs t = Require.nonNull("teacher[" + i + "]", teacher.get(i));
      Require.argument(s.length() > 0, "student[%s] must have at least one token, had 0", i);
      Require.sameLength("student[" + i + "]", s.length(), "teacher[" + i + "]", t.length());
      lengths[i] = s.length();
      tokens += s.length();
    }
    double[] g = new double[Math.toIntExact(tokens)];
    double[] losses = new double[n];
    double total = 0;
    double max = Double.NEGATIVE_INFINITY;
    int o = 0;
    for (int i = 0; i < n; i++) {
      TokenLogProbs s = student.get(i);
      TokenLogProbs t = teacher.get(i);
      double seq = 0;
      for (int j = 0; j < s.length(); j++) {
        double k1 = s.get(j) - t.get(j);
        g[o++] = k1 / tokens;
        seq += k1;
        max = Math.max(max, k1);
      }
      losses[i] = seq / s.length();
      total += seq;
    }
    double loss = total / tokens;
    return new Result(
        loss,
        losses,
        TokenGradients.perToken(g, lengths),
        Map.of("loss", loss, "num_tokens", (double) tokens, "reverse_kl/max", max));
  }

  @Override
  public String toString() {
    return "SampledReverseKlLoss";
  }
}
