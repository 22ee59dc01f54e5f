/**
 * Multi-turn, tool-using episodes: the {@link dev.align4j.core.trajectory.Environment} SPI (reset to an observation,
 * step an action to an observation, a reward, a done flag and info), the values an episode produces
 * ({@link dev.align4j.core.trajectory.Turn}, {@link dev.align4j.core.trajectory.ToolCall},
 * {@link dev.align4j.core.trajectory.EnvironmentStep}) and the {@link dev.align4j.core.trajectory.Trajectory} that lays
 * an episode out as one token sequence with a role per token, so that a loss trains only the policy's own tokens.
 */
@NullMarked
package dev.align4j.core.trajectory;

import org.jspecify.annotations.NullMarked;
