package dev.align4j.rollout.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.GateDecision;
import dev.align4j.core.GateReason;
import dev.align4j.core.RolloutStage;
import dev.align4j.rollout.guardrail.PreconditionResult;
import dev.align4j.rollout.input.EvaluationInput;
import dev.align4j.rollout.input.HumanOverride;
import dev.align4j.rollout.input.MetricData;
import dev.align4j.rollout.metric.Criticality;
import dev.align4j.rollout.metric.MetricResult;
import dev.align4j.rollout.metric.Verdict;
import dev.align4j.rollout.stats.ArmSummary;
import dev.align4j.rollout.stats.TestResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The canonical JSON form of a {@link DecisionRecord}: fixed field order, instants in ISO-8601, doubles as JSON
 * numbers (shortest round-tripping form) and non-finite doubles as the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"}. Parsing a line and writing it again gives the same text, which the hash chain relies on.
 */
public final class AuditJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AuditJson() {}

  /** The record as one JSON line, with its hash fields. */
  public static String toJson(DecisionRecord r) {
    ObjectNode o = body(r);
    o.put("previousHash", r.previousHash());
    o.put("hash", r.hash());
    return write(o);
  }

  /** The canonical text that is hashed: every field except {@code previousHash} and {@code hash}. */
  static String canonicalBody(DecisionRecord r) {
    return write(body(r));
  }

  private static String write(JsonNode n) {
    try {
      return MAPPER.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write audit JSON", e);
    }
  }

  private static ObjectNode body(DecisionRecord r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("sequence", r.sequence());
    o.put("time", r.time().toString());
    o.put("actor", r.actor());
    o.put("configHash", r.configHash());
    ObjectNode models = o.putObject("models");
    r.models().forEach(models::put);
    o.set("input", input(r.input()));
    if (r.override() != null) {
      ObjectNode ov = o.putObject("override");
      ov.put("action", r.override().action().name());
      ov.put("actor", r.override().actor());
      ov.put("reason", r.override().reason());
    } else {
      o.putNull("override");
    }
    o.put("decision", r.decision().name());
    if (r.target() == null) {
      o.putNull("target");
    } else {
      o.put("target", r.target().name());
    }
    ArrayNode reasons = o.putArray("reasons");
    for (GateReason g : r.reasons()) {
      ObjectNode x = reasons.addObject();
      x.put("check", g.check());
      x.put("code", g.code());
      x.put("message", g.message());
    }
    ArrayNode metrics = o.putArray("metrics");
    for (MetricResult m : r.metrics()) {
      ObjectNode x = metrics.addObject();
      x.put("name", m.name());
      x.put("criticality", m.criticality().name());
      x.put("verdict", m.verdict().name());
      x.put("nCandidate", m.nCandidate());
      x.put("nIncumbent", m.nIncumbent());
      TestResult t = m.test();
      ObjectNode tn = x.putObject("test");
      tn.put("n", t.n());
      num(tn, "estimate", t.estimate());
      num(tn, "lower", t.lower());
      num(tn, "upper", t.upper());
      num(tn, "statistic", t.statistic());
      num(tn, "pHarm", t.pHarm());
      num(tn, "pAcceptable", t.pAcceptable());
      num(x, "rangeLo", m.rangeLo());
      num(x, "rangeHi", m.rangeHi());
      num(x, "alphaSpent", m.alphaSpent());
      x.put("message", m.message());
    }
    num(o, "score", r.score());
    num(o, "weightBefore", r.weightBefore());
    o.put("stageAfter", r.stageAfter().name());
    o.put("stepAfter", r.stepAfter());
    num(o, "weightAfter", r.weightAfter());
    return o;
  }

  private static ObjectNode input(EvaluationInput in) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("stage", in.stage().name());
    o.put("stepIndex", in.stepIndex());
    o.put("stageEnteredAt", in.stageEnteredAt().toString());
    o.put("now", in.now().toString());
    instant(o, "lastEvaluatedAt", in.lastEvaluatedAt());
    instant(o, "lastDataAt", in.lastDataAt());
    o.put("killSwitch", in.killSwitch());
    o.put("assignedCandidate", in.assignedCandidate());
    o.put("assignedIncumbent", in.assignedIncumbent());
    ArrayNode ms = o.putArray("metrics");
    for (MetricData d : in.metrics()) {
      ObjectNode x = ms.addObject();
      x.put("name", d.name());
      x.set("candidate", arm(d.candidate()));
      x.set("incumbent", arm(d.incumbent()));
    }
    ArrayNode ps = o.putArray("preconditions");
    for (PreconditionResult p : in.preconditions()) {
      ObjectNode x = ps.addObject();
      x.put("name", p.name());
      x.put("satisfied", p.satisfied());
      x.put("code", p.code());
      x.put("message", p.message());
    }
    return o;
  }

  private static ObjectNode arm(ArmSummary s) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("n", s.n());
    num(o, "mean", s.mean());
    num(o, "m2", s.m2());
    o.put("nanCount", s.nanCount());
    return o;
  }

  private static void instant(ObjectNode o, String field, @Nullable Instant t) {
    if (t == null) {
      o.putNull(field);
    } else {
      o.put(field, t.toString());
    }
  }

  private static void num(ObjectNode o, String field, double v) {
    if (Double.isFinite(v)) {
      o.put(field, v);
    } else {
      o.put(field, Double.toString(v));
    }
  }

  /**
   * Parses one JSON line back into a record.
   *
   * @throws IllegalArgumentException if the line is not a valid record
   */
  public static DecisionRecord fromJson(String line) {
    JsonNode o;
    try {
      o = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit line must be JSON: " + e.getOriginalMessage(), e);
    }
    try {
      Map<String, String> models = new TreeMap<>();
      JsonNode modelNode = req(o, "models");
      Iterator<String> names = modelNode.fieldNames();
      while (names.hasNext()) {
        String k = names.next();
        models.put(k, modelNode.get(k).asText());
      }
      JsonNode ovn = req(o, "override");
      HumanOverride ov = ovn.isNull() ? null : new HumanOverride(
          HumanOverride.Action.valueOf(text(ovn, "action")), text(ovn, "actor"), text(ovn, "reason"));
      List<GateReason> reasons = new ArrayList<>();
      for (JsonNode g : req(o, "reasons")) {
        reasons.add(new GateReason(text(g, "check"), text(g, "code"), text(g, "message")));
      }
      List<MetricResult> metrics = new ArrayList<>();
      for (JsonNode x : req(o, "metrics")) {
        JsonNode t = req(x, "test");
        metrics.add(new MetricResult(text(x, "name"), Criticality.valueOf(text(x, "criticality")),
            Verdict.valueOf(text(x, "verdict")), req(x, "nCandidate").asLong(), req(x, "nIncumbent").asLong(),
            new TestResult(req(t, "n").asLong(), dbl(t, "estimate"), dbl(t, "lower"), dbl(t, "upper"),
                dbl(t, "statistic"), dbl(t, "pHarm"), dbl(t, "pAcceptable")),
            dbl(x, "rangeLo"), dbl(x, "rangeHi"), dbl(x, "alphaSpent"), text(x, "message")));
      }
      JsonNode tg = req(o, "target");
      return new DecisionRecord(req(o, "sequence").asLong(), Instant.parse(text(o, "time")), text(o, "actor"),
          text(o, "configHash"), models, parseInput(req(o, "input")), ov,
          GateDecision.Kind.valueOf(text(o, "decision")), tg.isNull() ? null : RolloutStage.valueOf(tg.asText()),
          reasons, metrics, dbl(o, "score"), dbl(o, "weightBefore"), RolloutStage.valueOf(text(o, "stageAfter")),
          req(o, "stepAfter").asInt(), dbl(o, "weightAfter"), text(o, "previousHash"), text(o, "hash"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("audit line must be a decision record: " + e.getMessage(), e);
    }
  }

  private static EvaluationInput parseInput(JsonNode o) {
    List<MetricData> ms = new ArrayList<>();
    for (JsonNode x : req(o, "metrics")) {
      ms.add(new MetricData(text(x, "name"), parseArm(req(x, "candidate")), parseArm(req(x, "incumbent"))));
    }
    List<PreconditionResult> ps = new ArrayList<>();
    for (JsonNode x : req(o, "preconditions")) {
      ps.add(new PreconditionResult(text(x, "name"), req(x, "satisfied").asBoolean(), text(x, "code"),
          text(x, "message")));
    }
    return new EvaluationInput(RolloutStage.valueOf(text(o, "stage")), req(o, "stepIndex").asInt(),
        Instant.parse(text(o, "stageEnteredAt")), Instant.parse(text(o, "now")), optInstant(o, "lastEvaluatedAt"),
        optInstant(o, "lastDataAt"), req(o, "killSwitch").asBoolean(), req(o, "assignedCandidate").asLong(),
        req(o, "assignedIncumbent").asLong(), ms, ps);
  }

  private static ArmSummary parseArm(JsonNode o) {
    return new ArmSummary(req(o, "n").asLong(), dbl(o, "mean"), dbl(o, "m2"), req(o, "nanCount").asLong());
  }

  private static @Nullable Instant optInstant(JsonNode o, String f) {
    JsonNode n = req(o, f);
    return n.isNull() ? null : Instant.parse(n.asText());
  }

  private static JsonNode req(JsonNode o, String f) {
    JsonNode n = o.get(f);
    if (n == null) {
      throw new IllegalArgumentException("field \"" + f + "\" is missing");
    }
    return n;
  }

  private static String text(JsonNode o, String f) {
    return req(o, f).asText();
  }

  private static double dbl(JsonNode o, String f) {
    JsonNode n = req(o, f);
    return n.isTextual() ? Double.parseDouble(n.asText()) : n.asDouble();
  }
}
