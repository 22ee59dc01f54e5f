/**
 * Multi-turn, tool-using RL: {@link dev.align4j.optimizers.trajectory.MultiTurnRollout} drives a conversational policy
 * through an {@link dev.align4j.core.trajectory.Environment} for G episodes per task;
 * {@link dev.align4j.optimizers.trajectory.TrajectoryCredit} assigns per-token advantages (MT-GRPO's turn-level
 * credit, or the trajectory-level GRPO and RLOO baselines); {@link dev.align4j.optimizers.trajectory.TrajectoryBatch}
 * lays trajectories out as a masked policy-gradient batch; {@link
 * dev.align4j.optimizers.trajectory.MultiTurnGrpoOptimizer} trains on them; {@link
 * dev.align4j.optimizers.trajectory.LookupToolEnvironment} is a small tool-use task for tests and examples.
 */
@NullMarked
package dev.align4j.optimizers.trajectory;

import org.jspecify.annotations.NullMarked;
