package dev.align4j.springai.boot;

import dev.align4j.core.GateReason;
import dev.align4j.core.check.Require;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.feedback.judge.LlmJudge;
import dev.align4j.feedback.route.HybridRouter;
import dev.align4j.feedback.route.Route;
import dev.align4j.feedback.route.RouterStats;
import dev.align4j.feedback.route.RoutingReason;
import dev.align4j.feedback.store.FeedbackStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code align4j} Actuator endpoint ({@code GET /actuator/align4j} once exposed with
 * {@code management.endpoints.web.exposure.include=align4j}): the rollout gate's stage, step, traffic share, audit
 * head and latest decisions; the router's statistics (AI share, decisions by route and reason, AI failures, κ per
 * slice); the judge's model id and the feedback store's size. Each part is present only when its bean is. The JSON
 * is built from plain maps, lists, strings, numbers and booleans (times as ISO-8601 strings), so it reads the same
 * whichever Jackson the Actuator uses.
 *
 * <p>No secrets: model ids, file paths, counts, hashes and the gate's reasons only. A failure is shown as its class
 * name, with its message only for align4j's {@link ChatModelException}s, whose messages never carry credentials or
 * content; other exceptions (which may quote prompts or provider bodies) show their class name alone.
 */
@Endpoint(id = "align4j")
public final class Align4jEndpoint {
  private final ObjectProvider<GateMonitor> gate;
  private final ObjectProvider<HybridRouter> router;
  private final ObjectProvider<RouterObserver> routerObserver;
  private final ObjectProvider<FeedbackStore> store;
  private final ObjectProvider<LlmJudge> judge;

  /** The endpoint over whichever of these beans exist. */
  public Align4jEndpoint(
      ObjectProvider<GateMonitor> gate,
      ObjectProvider<HybridRouter> router,
      ObjectProvider<RouterObserver> routerObserver,
      ObjectProvider<FeedbackStore> store,
      ObjectProvider<LlmJudge> judge) {
    this.gate = Require.nonNull("gate", gate);
    this.router = Require.nonNull("router", router);
    this.routerObserver = Require.nonNull("routerObserver", routerObserver);
    this.store = Require.nonNull("store", store);
    this.judge = Require.nonNull("judge", judge);
  }

  /** The endpoint's JSON document. */
  @ReadOperation
  public Map<String, Object> report() {
    Map<String, Object> out = new LinkedHashMap<>();
    GateMonitor g = gate.getIfAvailable();
    if (g != null) {
      out.put("gate", gate(g.state()));
    }
    HybridRouter r = router.getIfAvailable();
    if (r != null) {
      RouterObserver o = routerObserver.getIfAvailable();
      out.put("router", router(r, o == null ? Set.of(HybridRouter.DEFAULT_SLICE) : o.slices()));
    }
    LlmJudge j = judge.getIfAvailable();
    if (j != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", j.modelId());
      out.put("judge", m);
    }
    FeedbackStore s = store.getIfAvailable();
    if (s != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", s.file().toString());
      m.put("records", s.size());
      out.put("feedbackStore", m);
    }
    return out;
  }

  private static Map<String, Object> gate(GateMonitor.State s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("stage", s.stage().name());
    m.put("step", s.stepIndex());
    m.put("stepLabel", s.stepLabel());
    m.put("weightPercent", s.weightPercent());
    m.put("mirrorPercent", s.mirrorPercent());
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("records", s.auditHead().records());
    head.put("hash", s.auditHead().hash());
    m.put("auditHead", head);
    m.put("auditLog", s.auditFile() == null ? null : s.auditFile().toString());
    List<Object> decisions = new ArrayList<>();
    for (GateMonitor.Summary d : s.summaries()) {
      Map<String, Object> dm = new LinkedHashMap<>();
      dm.put("sequence", d.sequence());
      dm.put("time", d.time().toString());
      dm.put("actor", d.actor());
      dm.put("decision", d.decision().name());
      dm.put("target", d.target() == null ? null : d.target().name());
      List<Object> reasons = new ArrayList<>();
      for (GateReason reason : d.reasons()) {
        Map<String, Object> rm = new LinkedHashMap<>();
        rm.put("check", reason.check());
        rm.put("code", reason.code());
        rm.put("message", reason.message());
        reasons.add(rm);
      }
      dm.put("reasons", reasons);
      dm.put("stageAfter", d.stageAfter().name());
      dm.put("stepAfter", d.stepAfter());
      dm.put("weightAfterPercent", d.weightAfterPercent());
      dm.put("hash", d.hash());
      decisions.add(dm);
    }
    m.put("latestDecisions", decisions);
    return m;
  }

  private static Map<String, Object> router(HybridRouter router, Set<String> slices) {
    RouterStats st = router.stats();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("aiShare", st.aiShare());
    Map<String, Object> byRoute = new LinkedHashMap<>();
    for (Route route : Route.values()) {
      byRoute.put(route.name(), st.byRoute().getOrDefault(route, 0L));
    }
    m.put("byRoute", byRoute);
    Map<String, Object> byReason = new LinkedHashMap<>();
    for (RoutingReason reason : RoutingReason.values()) {
      byReason.put(reason.name(), st.byReason().getOrDefault(reason, 0L));
    }
    m.put("byReason", byReason);
    m.put("humanReviewsUsed", st.humanReviewsUsed());
    m.put("aiFailures", st.aiFailures());
    m.put("aiRejectedByOpenCircuit", st.aiRejectedByOpenCircuit());
    m.put("aiDown", st.aiDown());
    m.put("aiDownTimeSeconds", st.aiDownTime().toMillis() / 1000.0);
    m.put("aiFailingSince", st.aiFailingSince() == null ? null : st.aiFailingSince().toString());
    m.put("lastAiFailure", describe(st.lastAiFailure()));
    Map<String, Object> agreement = new TreeMap<>();
    for (String slice : slices) {
      OptionalDouble kappa = router.agreement().kappa(slice);
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("kappa", kappa.isPresent() ? kappa.getAsDouble() : null);
      a.put("pairs", router.agreement().samples(slice));
      agreement.put(slice, a);
    }
    m.put("agreement", agreement);
    return m;
  }

  private static @Nullable String describe(@Nullable Throwable t) {
    if (t == null) {
      return null;
    }
    return t instanceof ChatModelException
        ? t.getClass().getSimpleName() + ": " + t.getMessage()
        : t.getClass().getSimpleName();
  }
}
