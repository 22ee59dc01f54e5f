package dev.align4j.spark.judge;

import dev.align4j.core.FeedbackSource;
import dev.align4j.feedback.http.RateLimit;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * The per-executor state of judge jobs, keyed by the job's key: the judge built once from its factory, the permits
 * of the concurrency limit and the rate limit, shared by every task of the job that runs in this JVM. An entry lives
 * as long as the executor (a few objects per job).
 */
final class ExecutorJudges {
  private static final ConcurrentMap<String, ExecutorJudge> BY_JOB = new ConcurrentHashMap<>();

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
