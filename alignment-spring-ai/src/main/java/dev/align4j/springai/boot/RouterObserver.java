package dev.align4j.springai.boot;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.check.Require;
import dev.align4j.feedback.event.FeedbackEvent;
import dev.align4j.feedback.event.FeedbackListener;
import dev.align4j.feedback.route.HybridRouter;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Function;

/**
 * What the starter attaches to the {@link HybridRouter} it builds: a {@link FeedbackListener} that turns the router's
 * {@code ItemCompleted} and {@code RoutedToHuman} events into {@link Align4jMetrics} calls, and the router's slicer —
 * the router's own default rule (the category metadata, else {@value HybridRouter#DEFAULT_SLICE}) — remembering every
 * slice it has seen, so that the Actuator endpoint can show κ per slice (the router's {@code AgreementTracker} answers
 * per slice but does not list them). Routing logic stays in the router: this class only observes.
 */
public final class RouterObserver implements FeedbackListener {
  private final String categoryKey;
  private final Align4jMetrics metrics;
  private final Set<String> slices = new ConcurrentSkipListSet<>();

  /**
   * @param categoryKey the router's category metadata key (also its slice key)
   * @param metrics where routing decisions go
   */
  public RouterObserver(String categoryKey, Align4jMetrics metrics) {
    this.categoryKey = Require.nonBlank("categoryKey", categoryKey);
    this.metrics = Require.nonNull("metrics", metrics);
    slices.add(HybridRouter.DEFAULT_SLICE);
  }

  /** The router's default slicer, recording each slice it returns. */
  public Function<FeedbackRequest, String> slicer() {
    return request -> {
      String slice = request.metadata().getOrDefault(categoryKey, HybridRouter.DEFAULT_SLICE);
      slices.add(slice);
      return slice;
    };
  }

  /** Every slice seen so far ({@value HybridRouter#DEFAULT_SLICE} always), sorted. */
  public Set<String> slices() {
    return new TreeSet<>(slices);
  }

  @Override
  public void onEvent(FeedbackEvent event) {
    if (event instanceof FeedbackEvent.ItemCompleted) {
      metrics.routed(((FeedbackEvent.ItemCompleted) event).route());
    } else if (event instanceof FeedbackEvent.RoutedToHuman) {
      metrics.routedToHuman(((FeedbackEvent.RoutedToHuman) event).reason());
    }
  }

  @Override
  public String toString() {
    return "RouterObserver[categoryKey=" + categoryKey + "]";
  }
}
