package dev.align4j.core.eval;

import dev.align4j.core.check.Require;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link HealthSignal} reports: its state, a stable code, a human-readable reason and the numbers behind it.
 *
 * @param source the signal's stable name, e.g. {@code "training_health"} or {@code "judge_calibration"}
 * @param state {@link State#HEALTHY}, {@link State#WARNING} or {@link State#FAILED}
 * @param code a stable machine-readable code, e.g. {@code "OK"}, {@code "LENGTH_HACKING"}, {@code "KAPPA_BELOW_MIN"}
 * @param reason the finding in words with its numbers, e.g. {@code "proxy-gold gap 0.31 rising for 40 steps"}
 * @param evidence the numbers behind the finding by name (sorted; finite values only)
 * @param at when the finding was made (the signal's clock), or {@code null} when nothing was observed yet
 */
public record HealthStatus(
    String source,
    State state,
    String code,
    String reason,
    Map<String, Double> evidence,
    @Nullable Instant at) {

  /** How healthy a signal is. */
  public enum State {
    /** Nothing found: a gate may promote on this signal's account. */
    HEALTHY,
    /** Something worth a look was found; a gate may still promote, the finding is recorded. */
    WARNING,
    /** A rule fired: a gate must not promote without a person. */
    FAILED
  }

  /** Validates the fields and copies the evidence into a sorted, unmodifiable map. */
  public HealthStatus {
    Require.nonBlank("source", source);
    Require.nonNull("state", state);
    Require.nonBlank("code", code);
    Require.nonNull("reason", reason);
    Require.nonNull("evidence", evidence);
    TreeMap<String, Double> copy = new TreeMap<>();
    for (Map.Entry<String, Double> e : evidence.entrySet()) {
      String key = Require.nonBlank("evidence key", e.getKey());
      copy.put(
          key,
          Require.finite(
              "evidence[" + key + "]", Require.nonNull("evidence[" + key + "]", e.getValue())));
    }
    evidence = Collections.unmodifiableMap(copy);
  }

  /** A healthy status with code {@code "OK"} and no evidence. */
  public static HealthStatus healthy(String source, String reason, @Nullable Instant at) {
    return new HealthStatus(source, State.HEALTHY, "OK", reason, Map.of(), at);
  }

  /** Whether a gate may promote on this status's account ({@link State#FAILED} may not). */
  public boolean allowsPromotion() {
    return state != State.FAILED;
  }
}
