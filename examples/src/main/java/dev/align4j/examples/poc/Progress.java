package dev.align4j.examples.poc;

/**
 * Where a long step of the proof of concept reports how far it is: {@code done} of {@code total} units of the task
 * named {@code task} (steps, labels, requests). The console run draws a progress bar from it; tests pass
 * {@link #none()}. Called on the thread that does the work.
 */
@FunctionalInterface
public interface Progress {
  /**
   * Reports progress.
   *
   * @param task a short label of the step, for example {@code "DPO"}
   * @param done units finished, {@code 0 ≤ done ≤ total}
   * @param total units in the step, {@code ≥ 1}
   */
  void advance(String task, long done, long total);

  /** A listener that ignores every report. */
  static Progress none() {
    return (task, done, total) -> {};
  }
}
