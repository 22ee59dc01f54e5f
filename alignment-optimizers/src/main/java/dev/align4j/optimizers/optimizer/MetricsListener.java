package dev.align4j.optimizers.optimizer;

import dev.align4j.core.StepMetrics;
import dev.align4j.core.check.Require;
import java.util.List;

/**
 * Receives the metrics of every optimiser step, on the thread that ran the step. A lambda is a valid listener:
 *
 * <pre>{@code
 * MetricsListener log = m -> logger.info("step {} loss {}", m.step(), m.get("loss"));
 * }</pre>
 *
 * <p>Provided: {@link ConsoleProgressListener} (steps/s and ETA) and {@link JsonlMetricsWriter} (one JSON object per
 * step). A listener that throws stops training after the step (the step itself is complete).
 */
@FunctionalInterface
public interface MetricsListener {

  /** Called after each completed step. */
  void onStep(StepMetrics metrics);

  /** A listener that forwards to each of {@code listeners} in order. */
  static MetricsListener all(List<MetricsListener> listeners) {
    List<MetricsListener> copy = List.copyOf(Require.nonNull("listeners", listeners));
    return m -> {
      for (MetricsListener l : copy) {
        l.onStep(m);
      }
    };
  }
}
