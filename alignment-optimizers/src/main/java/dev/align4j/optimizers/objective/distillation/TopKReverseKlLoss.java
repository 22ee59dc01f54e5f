package dev.align4j.optimizers.objective.distillation;

import dev.align4j.core.TokenDistributions;
import dev.align4j.core.TopKLogProbs;
import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reverse KL from the student to a teacher known only through its top-k log-probabilities (a remote teacher's
 * {@code top_logprobs}). At position t with K the teacher's k listed tokens, both distributions are coarse-grained to
 * k + 1 outcomes, the listed tokens and "any other token" with tail mass {@code r = 1 − Σ_{v∈K} p(v)}:
 *
 * <pre>
 *   D_t  = Σ_{v∈K} p_S(v)·(log p_S(v) − log p_T(v)) + r_S·(log r_S − log r_T)
 *   loss = Σ_t D_t / number of tokens                                     (batchmean, as GKD)
 *   ∂loss/∂log p_S(v) = p_S(v)·(log p_S(v) − log p_T(v) − log r_S + log r_T) / N   for v ∈ K, 0 otherwise
 * </pre>
 *
 * D_t is the reverse KL between the coarse-grained distributions, so it never exceeds the full reverse KL (data
 * processing inequality) and equals it when K covers the vocabulary. Tails are floored at {@value #TAIL_FLOOR}, so
 * a teacher whose listed tokens carry all its mass gives a finite loss; a floored tail is a constant (no gradient).
 * The decision to keep the tail bucket (rather than renormalising both distributions over K) is the module's: it keeps
 * the student from moving mass off the teacher's listed tokens for free. Metrics: {@code loss}, {@code num_tokens},
 * {@code teacher_topk_mass} (mean listed teacher mass), {@code student_topk_mass}.
 */
public final class TopKReverseKlLoss {
  /** The smallest tail probability used in the log of the tail bucket. */
  public static final double TAIL_FLOOR = 1e-12;

  private static final double LOG_TAIL_FLOOR = Math.log(TAIL_FLOOR);

  /** The loss (stateless). */
  public TopKReverseKlLoss() {}

  /**
   * The loss of a batch and its gradient with respect to the student's log-distributions.
   *
   * @param student the student's full distributions, one per sequence
   * @param teacher the teacher's top-k log-probabilities at the same positions, token ids below the student's
   *     vocabulary size
   * @throws IllegalArgumentException when the batch is empty, the sizes or lengths differ, or a token id is outside
   *     the student's vocabulary
   */
  public DistributionLossResult evaluate(
      List<TokenDistributions> student, List<TopKLogProbs> teacher) {
    DistillationShapes.requireSameShapes(student, teacher);
    int n = student.size();
    long tokens = DistillationShapes.tokenCount(student);
    double[] losses = new double[n];
    List<double[]> gradients = new ArrayList<>(n);
    double total = 0;
    double teacherMass = 0;
    double studentMass = 0;
    for (int i = 0; i < n; i++) {
      TokenDistributions s = student.get(i);
      TopKLogProbs t = teacher.get(i);
      int vocab = s.vocabularySize();
      Require.argument(
          t.length() == s.length(),
          "teacher[%s] must have %s positions, had %s",
          i,
          s.length(),
          t.length());
      double[] g = new double[s.length() * vocab];
      double seq = 0;
      int k = t.k();
      double[] listedS = new double[k];
      double[] listedT = new double[k];
      for (int row = 0; row < s.length(); row++) {
        for (int j = 0; j < k; j++) {
          int token = t.token(row, j);
          if (token >= vocab) {
            throw new IllegalArgumentException(
                "teacher["
                    + i
                    + "] token at position "
                    + row
                    + " must be below the "
                    + "vocabulary size "
                    + vocab
                    + ", was "
                    + token);
          }
          listedS[j] = s.logProb(row, token);
          listedT[j] = t.logProb(row, j);
        }
        double logMassS = StableMath.logSumExp(listedS);
        double logMassT = StableMath.logSumExp(listedT);
        studentMass += Math.exp(logMassS);
        teacherMass += Math.exp(logMassT);
        double logTailS = logTail(logMassS);
        double logTailT = logTail(logMassT);
        boolean tailFloored = logTailS == LOG_TAIL_FLOOR;
        double d = 0;
        for (int j = 0; j < k; j++) {
          double ps = Math.exp(listedS[j]);
          d += GeneralizedJsdLoss.xLogRatio(ps, listedS[j], listedT[j]);
          double grad =
              ps == 0
                  ? 0
                  : tailFloored
                      ? ps * (listedS[j] - listedT[j] + 1)
                      : ps * (listedS[j] - listedT[j] - logTailS + logTailT);
          g[row * vocab + t.token(row, j)] = grad / tokens;
        }
        d += Math.exp(logTailS) * (logTailS - logTailT);
        seq += d;
      }
      losses[i] = seq / s.length();
      total += seq;
      gradients.add(g);
    }
    double loss = total / tokens;
    return new DistributionLossResult(
        loss,
        losses,
        gradients,
        Map.of(
            "loss",
            loss,
            "num_tokens",
            (double) tokens,
            "teacher_topk_mass",
            teacherMass / tokens,
            "student_topk_mass",
            studentMass / tokens));
  }

  /** {@code log max(1 − exp(logMass), TAIL_FLOOR)}. */
  private static double logTail(double logMass) {
    if (logMass >= 0) {
      return LOG_TAIL_FLOOR;
    }
    return Math.max(StableMath.log1mexp(logMass), LOG_TAIL_FLOOR);
  }

  @Override
  public String toString() {
    return "TopKReverseKlLoss";
  }
}
