package dev.align4j.spark;

import dev.align4j.core.RewardModel;
import java.io.Serializable;

/**
 * How an executor builds the reward model a Spark job scores with. Reward models hold featurizers, weights, clients
 * and caches that are neither serialisable nor cheap to build; the factory is what travels instead: the driver
 * broadcasts it once, and each executor JVM calls {@link #create()} once per job and shares the model among its
 * tasks (see {@link RewardScoring}). A lambda is a valid factory when everything it captures is serialisable:
 *
 * <pre>{@code
 * RewardModelFactory factory = () -> RewardModelFiles.load(Path.of("/models/support.rm"));
 * }</pre>
 *
 * <p>The model built must be safe to call from several threads (an executor runs several tasks at once), as
 * {@link RewardModel} asks of every implementation.
 */
@FunctionalInterface
public interface RewardModelFactory extends Serializable {

  /** Builds the model; called once per executor JVM and job. */
  RewardModel create();
}
