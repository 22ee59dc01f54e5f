package dev.align4j.springai.boot;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * A {@link FeedbackSource} (the judge) that reports each request's kind, latency and failure to
 * {@link Align4jMetrics}, and otherwise passes requests and answers through unchanged. Latency is measured with the
 * injected monotonic nanosecond source ({@code System::nanoTime} in the starter), from the call to the completion of
 * the returned stage; a request that throws instead of returning a stage counts as a failure and rethrows.
 */
public final class MeteredFeedbackSource implements FeedbackSource {
  private final FeedbackSource delegate;
  private final Align4jMetrics metrics;
  private final LongSupplier nanoTime;

  /**
   * @param delegate the source whose requests are measured
   * @param metrics where measurements go
   * @param nanoTime a monotonic clock in nanoseconds
   */
  public MeteredFeedbackSource(
      FeedbackSource delegate, Align4jMetrics metrics, LongSupplier nanoTime) {
    this.delegate = Require.nonNull("delegate", delegate);
    this.metrics = Require.nonNull("metrics", metrics);
    this.nanoTime = Require.nonNull("nanoTime", nanoTime);
  }

  /** The measured source. */
  public FeedbackSource delegate() {
    return delegate;
  }

  @Override
  public CompletionStage<Feedback> request(FeedbackRequest request) {
    Require.nonNull("request", request);
    long start = nanoTime.getAsLong();
    CompletionStage<Feedback> stage;
    try {
      stage = delegate.request(request);
    } catch (RuntimeException e) {
      metrics.judgeCall(request.kind(), Duration.ofNanos(nanoTime.getAsLong() - start), e);
      throw e;
    }
    return stage.whenComplete(
        (label, failure) ->
            metrics.judgeCall(
                request.kind(), Duration.ofNanos(nanoTime.getAsLong() - start), failure));
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
