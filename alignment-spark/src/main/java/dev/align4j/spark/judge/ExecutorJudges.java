package dev.align4j.spark.judge;

import dev.align4j.core.FeedbackSource;
import dev.align4j.feedback.http.RateLimit;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * The per-executor state of judge jobs, keyed by the job's key: the judge built once from its factory, the permits
 * of the concurrency limit and the rate limit, shared by every task of the job that runs in this JVM. At most
 * {@link #CAPACITY} jobs are kept, the least recently used dropped (as the reward models of the scoring jobs are); a
 * state is built under this class's lock, so concurrent tasks of one job build one judge.
 */
final class ExecutorJudges {
  /** Jobs kept per JVM (a few judge jobs at a time in one Spark application). */
  static final int CAPACITY = 8;

  private static final Map<String, ExecutorJudge> BY_JOB =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ExecutorJudge> eldest) {
          return size() > CAPACITY;
        }
      };

  private ExecutorJudges() {}

  /** What one executor holds for one job. */
  record ExecutorJudge(FeedbackSource judge, Semaphore permits, @Nullable RateLimit rate) {}

  /** The executor's state of {@code job}, built on first use (a failing factory leaves nothing behind). */
  static ExecutorJudge of(PairJudgeJob job) {
    return BY_JOB.computeIfAbsent(
        job.key(),
        k -> {
          FeedbackSource judge = job.factory().create();
          if (judge == null) {
            throw new IllegalStateException("the judge factory of job " + k + " returned null");
          }
          RateLimit rate =
              job.rateLimitStarts() == 0
                  ? null
                  : new RateLimit(
                      job.rateLimitStarts(), Duration.ofNanos(job.rateLimitWindowNanos()));
          return new ExecutorJudge(judge, new Semaphore(job.maxConcurrency(), true), rate);
        });
  }
}
