package dev.align4j.springai.boot;

import dev.align4j.core.FeedbackKind;
import dev.align4j.core.GateDecision;
import dev.align4j.core.check.Require;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link Align4jMetrics} on Micrometer. Meters (names as Micrometer writes them; Prometheus turns the dots into
 * underscores and adds {@code _seconds} / {@code _total}):
 *
 * <ul>
 *   <li>{@value #JUDGE_CALLS} — timer per judge request, tags {@code kind} ({@code pairwise}, {@code ranking},
 *       {@code rating}, {@code binary}) and {@code outcome} ({@code success} / {@code failure}): count and latency;
 *   <li>{@value #JUDGE_FAILURES} — counter, tags {@code kind} and {@code exception} (the failure's simple class name,
 *       after unwrapping {@code CompletionException});
 *   <li>{@value #ROUTER_DECISIONS} — counter of completed items, tag {@code route} ({@code AI_ONLY}, {@code HUMAN},
 *       {@code BOTH});
 *   <li>{@value #ROUTER_TO_HUMAN} — counter of items sent to humans, tag {@code reason} (a {@code RoutingReason});
 *   <li>{@value #GATE_DECISIONS} — counter, tags {@code outcome} (a {@code GateDecision.Kind}) and {@code actor}
 *       ({@code gate} / {@code human}).
 * </ul>
 *
 * <p>The registry is looked up on first use (the starter passes Spring's lazy bean lookup), so the order in which
 * Boot creates the registry and the align4j beans does not matter; until a registry exists nothing is recorded.
 */
public final class MicrometerMetrics implements Align4jMetrics {
  /** Judge request timer. */
  public static final String JUDGE_CALLS = "align4j.judge.calls";

  /** Judge failure counter. */
  public static final String JUDGE_FAILURES = "align4j.judge.failures";

  /** Router decision counter. */
  public static final String ROUTER_DECISIONS = "align4j.router.decisions";

  /** Items-sent-to-humans counter. */
  public static final String ROUTER_TO_HUMAN = "align4j.router.to.human";

  /** Gate decision counter. */
  public static final String GATE_DECISIONS = "align4j.gate.decisions";

  private final Supplier<@Nullable MeterRegistry> registry;

  /** Metrics on the registry that {@code registry} returns (null: none yet, nothing is recorded). */
  public MicrometerMetrics(Supplier<@Nullable MeterRegistry> registry) {
    this.registry = Require.nonNull("registry", registry);
  }

  @Override
  public void judgeCall(FeedbackKind kind, Duration elapsed, @Nullable Throwable failure) {
    MeterRegistry r = registry.get();
    if (r == null) {
      return;
    }
    String k = kind.name().toLowerCase(Locale.ROOT);
    Timer.builder(JUDGE_CALLS)
        .description("align4j judge requests: count and latency")
        .tag("kind", k)
        .tag("outcome", failure == null ? "success" : "failure")
        .register(r)
        .record(elapsed);
    if (failure != null) {
      Throwable t = failure;
      while (t instanceof CompletionException && t.getCause() != null) {
        t = t.getCause();
      }
      Counter.builder(JUDGE_FAILURES)
          .description("align4j judge requests that failed")
          .tag("kind", k)
          .tag("exception", t.getClass().getSimpleName())
          .register(r)
          .increment();
    }
  }

  @Override
  public void routed(String route) {
    MeterRegistry r = registry.get();
    if (r != null) {
      Counter.builder(ROUTER_DECISIONS)
          .description("align4j router: completed items by route")
          .tag("route", route)
          .register(r)
          .increment();
    }
  }

  @Override
  public void routedToHuman(String reason) {
    MeterRegistry r = registry.get();
    if (r != null) {
      Counter.builder(ROUTER_TO_HUMAN)
          .description("align4j router: items sent to human review, by reason")
          .tag("reason", reason)
          .register(r)
          .increment();
    }
  }

  @Override
  public void gateDecision(GateDecision.Kind decision, String actor) {
    MeterRegistry r = registry.get();
    if (r != null) {
      Counter.builder(GATE_DECISIONS)
          .description("align4j rollout gate decisions by outcome")
          .tag("outcome", decision.name())
          .tag("actor", actor)
          .register(r)
          .increment();
    }
  }
}
