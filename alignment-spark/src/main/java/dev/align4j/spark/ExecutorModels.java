package dev.align4j.spark;

import dev.align4j.core.RewardModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The reward models built in this JVM, one per scoring job (keyed by the job's id), so that the tasks an executor
 * runs for one job share one model. At most {@link #CAPACITY} models are kept; the least recently used is dropped
 * (a long-lived executor that runs many jobs does not keep every model). A model is built under this class's lock,
 * so that concurrent tasks of one job build it once.
 */
final class ExecutorModels {
  /** Models kept per JVM (our choice: a few jobs at a time in one Spark application). */
  static final int CAPACITY = 8;

  private static final Map<String, RewardModel> MODELS =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RewardModel> eldest) {
          return size() > CAPACITY;
        }
      };

  private ExecutorModels() {}

  /** The model of job {@code jobId}, built with {@code build} if this JVM has none. */
  static synchronized RewardModel get(String jobId, Supplier<RewardModel> build) {
    RewardModel m = MODELS.get(jobId);
    if (m == null) {
      m = build.get();
      if (m == null) {
        throw new IllegalStateException(
            "the reward model factory of job " + jobId + " returned null");
      }
      MODELS.put(jobId, m);
    }
    return m;
  }
}
