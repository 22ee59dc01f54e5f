package dev.align4j.optimizers.optimizer;

import dev.align4j.core.AlignmentException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when an optimiser step produces a loss or a gradient that is not finite. The message names the step and the
 * batch; the policy's parameters and optimiser state are exactly as before the step (the accumulated gradients are
 * cleared). When the failed step is one epoch of a multi-epoch unit ({@link TrainingLoop#runAll}), the batch
 * description names the epoch and the state is the one before the unit's first epoch: the earlier epochs' updates
 * are rolled back before the exception reaches the caller.
 */
public final class NonFiniteLossException extends AlignmentException {
  private static final long serialVersionUID = 1L;

  private final long step;
  private final String batch;

  /**
   * @param step the 1-based number of the step that failed
   * @param batch a short description of the batch (its index and size, the first prompt abbreviated)
   * @param detail what was not finite
   * @param cause the underlying failure, or null
   */
  public NonFiniteLossException(long step, String batch, String detail, @Nullable Throwable cause) {
    super(
        "step "
            + step
            + " failed on batch "
            + batch
            + ": "
            + detail
            + "; parameters were left unchanged",
        cause);
    this.step = step;
    this.batch = batch;
  }

  /** The 1-based number of the failed step. */
  public long step() {
    return step;
  }

  /** The description of the batch that failed. */
  public String batch() {
    return batch;
  }
}
