package dev.align4j.optimizers.optimizer;

import dev.align4j.core.PolicyOptimizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@link PolicyOptimizer} that can save its complete state (the policy's parameters and optimiser moments, the
 * step, the random-number state and the optimiser's own state such as the reference policy or the KL coefficient) and
 * resume from it. Resuming from a checkpoint taken after step n and feeding the same batches gives the same
 * trajectory, bit for bit, as training that never stopped.
 *
 * <p>Random numbers of step n come from a generator seeded with {@code mix(seed, n)}, so the RNG state is the seed and
 * the step count. The policy (and a reference that training changed) must implement
 * {@link dev.align4j.core.train.Checkpointable}.
 *
 * @param <B> the batch type
 */
public interface ResumableOptimizer<B> extends PolicyOptimizer<B> {

  /** Writes a checkpoint file (atomically). */
  void saveCheckpoint(Path path) throws IOException;

  /**
   * Restores the state saved by {@link #saveCheckpoint(Path)} of an optimiser configured the same way.
   *
   * @throws IllegalArgumentException when the file is truncated, corrupt, of another kind or of another shape;
   *     nothing is changed then
   */
  void restoreCheckpoint(Path path) throws IOException;
}
