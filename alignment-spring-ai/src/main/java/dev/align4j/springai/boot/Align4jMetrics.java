package dev.align4j.springai.boot;

import dev.align4j.core.FeedbackKind;
import dev.align4j.core.GateDecision;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Where the starter reports what happened, for metrics: judge calls, router decisions and gate decisions. With
 * Micrometer on the class path and a {@code MeterRegistry} bean, {@link MicrometerMetrics} turns them into the meters
 * the module README lists; otherwise {@link #NONE} drops them. Implementations are called on the thread that did the
 * work and must be fast and thread-safe.
 */
public interface Align4jMetrics {

  /** Drops everything. */
  Align4jMetrics NONE = new Align4jMetrics() {};

  /**
   * One judge request ended.
   *
   * @param kind the request's kind
   * @param elapsed from the request to its answer or failure
   * @param failure the failure, or null when the judge answered
   */
  default void judgeCall(FeedbackKind kind, Duration elapsed, @Nullable Throwable failure) {}

  /**
   * The router completed an item (its {@code ItemCompleted} event).
   *
   * @param route {@code AI_ONLY}, {@code HUMAN} or {@code BOTH}
   */
  default void routed(String route) {}

  /**
   * The router sent an item to a human (its {@code RoutedToHuman} event).
   *
   * @param reason the {@code RoutingReason} name
   */
  default void routedToHuman(String reason) {}

  /**
   * The gate decided (an evaluation, a human override or the kill switch).
   *
   * @param decision the decision's kind
   * @param actor {@code "gate"} for automatic decisions, else {@code "human"}
   */
  default void gateDecision(GateDecision.Kind decision, String actor) {}
}
