/**
 * Judging pairs at scale on Spark: {@link dev.align4j.spark.judge.PairJudgeJob} asks any core
 * {@code FeedbackSource} (an AI judge) for a pairwise label per row, with a per-executor concurrency and rate limit,
 * retries with backoff, deterministic request ids from the content, a {@link dev.align4j.spark.judge.JudgeResultStore}
 * of finished labels so that a re-run neither calls the judge again for a finished item nor counts it twice, and a
 * dead-letter output for the items the judge could not label.
 */
@NullMarked
package dev.align4j.spark.judge;

import org.jspecify.annotations.NullMarked;
