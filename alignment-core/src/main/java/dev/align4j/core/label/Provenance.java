package dev.align4j.core.label;

import dev.align4j.core.check.Require;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Where a label came from, so that every label can be audited, filtered and weighed: the kind of source, the
 * annotator or model id and version, the principle or guideline it applied, and when.
 *
 * @param kind human, AI judge, rule or reward model
 * @param sourceId annotator id or model name (never a secret: do not put API keys here)
 * @param version model or guideline version, or null
 * @param principleId the Constitutional-AI principle or annotation-guideline id applied, or null
 * @param timestamp when the label was produced
 * @param attributes free-form extra facts (e.g. {@code "rationale"}, {@code "latency_ms"}); copied, sorted
 */
public record Provenance(
    SourceKind kind,
    String sourceId,
    @Nullable String version,
    @Nullable String principleId,
    Instant timestamp,
    Map<String, String> attributes) {

  /** Validates and copies. */
  public Provenance {
    Require.nonNull("kind", kind);
    Require.nonBlank("sourceId", sourceId);
    Require.nonNull("timestamp", timestamp);
    Require.nonNull("attributes", attributes);
    attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /** A provenance with no version, principle or attributes. */
  public static Provenance of(SourceKind kind, String sourceId, Instant timestamp) {
    return new Provenance(kind, sourceId, null, null, timestamp, Map.of());
  }

  /** A human annotator's provenance. */
  public static Provenance human(String annotatorId, Instant timestamp) {
    return of(SourceKind.HUMAN, annotatorId, timestamp);
  }

  /** An AI judge's provenance. */
  public static Provenance ai(String modelId, @Nullable String principleId, Instant timestamp) {
    return new Provenance(SourceKind.AI, modelId, null, principleId, timestamp, Map.of());
  }

  /** A copy with one more attribute. */
  public Provenance withAttribute(String key, String value) {
    var m = new TreeMap<>(attributes);
    m.put(Require.nonBlank("key", key), Require.nonNull("value", value));
    return new Provenance(kind, sourceId, version, principleId, timestamp, m);
  }
}
