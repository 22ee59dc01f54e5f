package dev.align4j.optimizers.trajectory;

import dev.align4j.core.check.Require;
import dev.align4j.core.trajectory.Trajectory;
import dev.align4j.optimizers.advantage.GroupNormalizedAdvantages;
import dev.align4j.optimizers.advantage.RlooAdvantages;
import java.util.List;

/**
 * How the rewards of a batch of trajectories become per-token advantages. Trajectories come in consecutive groups of
 * G episodes of one task (TRL's {@code num_generations}); the advantages are laid out end to end over every token of
 * every trajectory, as {@link TrajectoryBatch} lays out the batch, with 0 on observation tokens (which the mask drops
 * anyway).
 *
 * <ul>
 *   <li>{@link TurnLevel}: MT-GRPO's turn-level credit (Zeng et al. 2025, arXiv:2505.11821; the authors'
 *       {@code MTGRPOEnvTrainer}): with R^T the turn reward, R^O the outcome reward and R^C = R^T + R^O, each
 *       group-normalised as GRPO does, Â^X = (R^X − mean_g R^X) / (std_g R^X + 1e-4) with the unbiased std, the tokens
 *       before the first tool result get Â^O + c·Â^T, the tokens after it get Â^O, and a trajectory without a tool
 *       result gets Â^C on every token; c is {@code turn_advantage_coef}, default 1.0 (the authors' script).
 *   <li>{@link GroupRelative}: the trajectory-level GRPO baseline: the return (turn plus outcome rewards) normalised
 *       within its group ({@link GroupNormalizedAdvantages}) and broadcast to every policy token (GRPO-MR in MT-GRPO's
 *       terms when turn rewards are present, GRPO-OR when they are not).
 *   <li>{@link LeaveOneOut}: the trajectory-level RLOO baseline: the return minus the mean return of the other G − 1
 *       episodes ({@link RlooAdvantages}), broadcast.
 * </ul>
 */
public sealed interface TrajectoryCredit
    permits TrajectoryCredit.TurnLevel,
        TrajectoryCredit.GroupRelative,
        TrajectoryCredit.LeaveOneOut {

  /**
   * The per-token advantages of the batch, trajectories end to end.
   *
   * @param trajectories consecutive groups of {@code groupSize} episodes of one task
   * @param groupSize G ≥ 2
   * @throws IllegalArgumentException when the batch is not whole groups of at least 2
   */
  double[] tokenAdvantages(List<Trajectory> trajectories, int groupSize);

  /** MT-GRPO's turn-level credit with the authors' settings: coefficient 1.0, ε = 1e-4. */
  static TurnLevel turnLevel() {
    return new TurnLevel(1.0, GroupNormalizedAdvantages.builder().build());
  }

  /** MT-GRPO's turn-level credit with {@code turn_advantage_coef} = {@code coefficient}. */
  static TurnLevel turnLevel(double coefficient) {
    return new TurnLevel(coefficient, GroupNormalizedAdvantages.builder().build());
  }

  /** The trajectory-level GRPO baseline with TRL's normalisation (group std, ε = 1e-4). */
  static GroupRelative groupRelative() {
    return new GroupRelative(GroupNormalizedAdvantages.builder().build());
  }

  /** The trajectory-level RLOO baseline with TRL's defaults (no normalisation). */
  static LeaveOneOut leaveOneOut() {
    return new LeaveOneOut(RlooAdvantages.builder().build());
  }

  /**
   * MT-GRPO's turn-level credit.
   *
   * @param turnAdvantageCoef c, the weight of the turn advantage on the tokens before the first tool result (finite)
   * @param normalizer the group normalisation of each reward kind
   */
  record TurnLevel(double turnAdvantageCoef, GroupNormalizedAdvantages normalizer)
      implements TrajectoryCredit {
    /** Validates the components. */
    public TurnLevel {
      Require.finite("turnAdvantageCoef", turnAdvantageCoef);
      Require.nonNull("normalizer", normalizer);
    }

    @Override
    public double[] tokenAdvantages(List<Trajectory> trajectories, int groupSize) {
      int n = Require.nonEmpty("trajectories", trajectories).size();
      double[] turn = new double[n];
      double[] outcome = new double[n];
      double[] combined = new double[n];
      for (int i = 0; i < n; i++) {
        Trajectory t = trajectories.get(i);
        turn[i] = t.turnReward();
        outcome[i] = t.outcomeReward();
        combined[i] = turn[i] + outcome[i];
      }
      double[] aTurn = normalizer.compute(turn, groupSize).advantages();
      double[] aOutcome = normalizer.compute(outcome, groupSize).advantages();
      double[] aCombined = normalizer.compute(combined, groupSize).advantages();
      double[] out = new double[Math.toIntExact(totalTokens(trajectories))];
      int at = 0;
      for (int i = 0; i < n; i++) {
        Trajectory t = trajectories.get(i);
        double[] mask = t.policyMask();
        int split = t.firstToolResultToken();
        for (int k = 0; k < mask.length; k++) {
          double a;
          if (split < 0) {
            a = aCombined[i];
          } else if (k < split) {
            a = aOutcome[i] + turnAdvantageCoef * aTurn[i];
          } else {
            a = aOutcome[i];
          }
          out[at + k] = mask[k] == 0.0 ? 0.0 : a;
        }
        at += mask.length;
      }
      return out;
    }
  }

  /**
   * The trajectory-level GRPO baseline on the return.
   *
   * @param normalizer the group normalisation
   */
  record GroupRelative(GroupNormalizedAdvantages normalizer) implements TrajectoryCredit {
    /** Validates the component. */
    public GroupRelative {
      Require.nonNull("normalizer", normalizer);
    }

    @Override
    public double[] tokenAdvantages(List<Trajectory> trajectories, int groupSize) {
      return broadcast(
          trajectories, normalizer.compute(returns(trajectories), groupSize).advantages());
    }
  }

  /**
   * The trajectory-level RLOO baseline on the return.
   *
   * @param estimator the leave-one-out estimator
   */
  record LeaveOneOut(RlooAdvantages estimator) implements TrajectoryCredit {
    /** Validates the component. */
    public LeaveOneOut {
      Require.nonNull("estimator", estimator);
    }

    @Override
    public double[] tokenAdvantages(List<Trajectory> trajectories, int groupSize) {
      return broadcast(trajectories, estimator.compute(returns(trajectories), groupSize));
    }
  }

  private static double[] returns(List<Trajectory> trajectories) {
    Require.nonEmpty("trajectories", trajectories);
    double[] out = new double[trajectories.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = trajectories.get(i).totalReward();
    }
    return out;
  }

  private static long totalTokens(List<Trajectory> trajectories) {
    long n = 0;
    for (Trajectory t : trajectories) {
      n += t.tokenCount();
    }
    return n;
  }

  private static double[] broadcast(List<Trajectory> trajectories, double[] perTrajectory) {
    double[] out = new double[Math.toIntExact(totalTokens(trajectories))];
    int at = 0;
    for (int i = 0; i < perTrajectory.length; i++) {
      double[] mask = trajectories.get(i).policyMask();
      for (int k = 0; k < mask.length; k++) {
        out[at + k] = mask[k] == 0.0 ? 0.0 : perTrajectory[i];
      }
      at += mask.length;
    }
    return out;
  }
}
