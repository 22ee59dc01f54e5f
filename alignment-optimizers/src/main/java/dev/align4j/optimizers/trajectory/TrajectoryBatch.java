package dev.align4j.optimizers.trajectory;

import dev.align4j.core.check.Require;
import dev.align4j.core.trajectory.Trajectory;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Lays trajectories out as a {@link PolicyGradientBatch}: sequence i is trajectory i's whole token sequence (policy
 * turns, tool results and user messages end to end, as a trainable policy scores
 * {@link Trajectory#asCompletion()}), and the batch's mask is {@link Trajectory#policyMask()}, so every objective of
 * the kernel layer trains only the policy's own tokens: masked tokens count in no sum and no normaliser (TRL's
 * {@code completion_mask * tool_mask}).
 */
public final class TrajectoryBatch {
  private TrajectoryBatch() {}

  /** The token count of each trajectory, in order. */
  public static int[] lengths(List<Trajectory> trajectories) {
    Require.nonEmpty("trajectories", trajectories);
    int[] out = new int[trajectories.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = trajectories.get(i).tokenCount();
    }
    return out;
  }

  /** The policy masks of all trajectories, end to end. */
  public static double[] mask(List<Trajectory> trajectories) {
    int[] lengths = lengths(trajectories);
    int total = 0;
    for (int l : lengths) {
      total = Math.addExact(total, l);
    }
    double[] out = new double[total];
    int at = 0;
    for (Trajectory t : trajectories) {
      double[] m = t.policyMask();
      System.arraycopy(m, 0, out, at, m.length);
      at += m.length;
    }
    return out;
  }

  /**
   * The masked batch.
   *
   * @param trajectories the episodes, in the order of the per-token arrays
   * @param logProbs the current policy's per-token log-probabilities of every token (observation tokens included;
   *     they are masked), end to end
   * @param oldLogProbs the sampling-time log-probabilities, end to end (pass {@code logProbs} for on-policy data)
   * @param referenceLogProbs the reference policy's, end to end, or null (needed for a KL term only)
   * @param advantages per-token advantages, end to end ({@link TrajectoryCredit#tokenAdvantages})
   * @throws IllegalArgumentException when an array does not hold one value per token
   */
  public static PolicyGradientBatch of(
      List<Trajectory> trajectories,
      double[] logProbs,
      double[] oldLogProbs,
      double @Nullable [] referenceLogProbs,
      double[] advantages) {
    return new PolicyGradientBatch(
        lengths(trajectories),
        logProbs,
        oldLogProbs,
        referenceLogProbs,
        advantages,
        mask(trajectories),
        null,
        null,
        null,
        null);
  }
}
