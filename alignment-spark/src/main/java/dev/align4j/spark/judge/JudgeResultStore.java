package dev.align4j.spark.judge;

import dev.align4j.core.label.Feedback;
import java.io.Serializable;
import java.util.Optional;

/**
 * Where {@link PairJudgeJob} keeps the labels it has finished, keyed by the deterministic request id. It is what makes
 * a judge job safe to re-run: a task retried after a failure, a re-submitted job or a speculative copy of a task finds
 * the finished labels here and does not call the judge for them again.
 *
 * <p>Contract: {@link #putIfAbsent} is atomic per id — of two concurrent writers of one id exactly one label is kept,
 * and both get that one back; a label returned by {@link #putIfAbsent} is durable (a later {@link #find} of any
 * executor returns it); I/O failures are thrown (never read as "absent"). Implementations are serialised with the job
 * and used on the executors, so every executor must see the same store (a shared file system, a database).
 */
public interface JudgeResultStore extends Serializable {
  /**
   * The finished label of {@code requestId}, if any.
   *
   * @throws java.io.UncheckedIOException when the store cannot be read
   */
  Optional<Feedback> find(String requestId);

  /**
   * Stores {@code label} for {@code requestId} unless a label is already stored for it.
   *
   * @return the stored label: {@code label}, or the one stored before
   * @throws java.io.UncheckedIOException when the store cannot be written
   */
  Feedback putIfAbsent(String requestId, Feedback label);
}
