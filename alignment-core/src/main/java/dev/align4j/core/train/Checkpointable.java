package dev.align4j.core.train;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Something whose complete training state can be written and read back: a policy's parameters together with its
 * optimiser moments and step count, so that training resumed from the state follows the same trajectory as training
 * that never stopped.
 *
 * <p>The optimisers in {@code dev.align4j.optimizers.optimizer} wrap this state in a checkpoint file with a versioned
 * header and a checksum; implementations only write their own fields. {@link #readState(DataInput)} must validate
 * what it reads (shapes, finiteness) and throw {@link IllegalArgumentException} naming the mismatch before changing
 * anything.
 */
public interface Checkpointable {

  /** Writes the full training state. */
  void writeState(DataOutput out) throws IOException;

  /**
   * Replaces the training state with one written by {@link #writeState(DataOutput)} of a compatible object.
   *
   * @throws IllegalArgumentException when the state does not fit (other shapes, corrupt values); nothing is changed
   */
  void readState(DataInput in) throws IOException;
}
