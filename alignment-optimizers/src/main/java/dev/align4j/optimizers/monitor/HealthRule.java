package dev.align4j.optimizers.monitor;

import dev.align4j.core.check.Require;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A rule a {@link TrainingHealthMonitor} checks after every step: it reads the step's {@link TrainingSignals} and
 * returns a {@link Finding} when it fires. The monitor acts ({@link #action()}) and records a {@link RuleFiring} when
 * the rule starts firing (a rule that keeps firing on the following steps is one firing until it falls quiet).
 * {@link HealthRules} holds the built-in rules and their defaults.
 */
public interface HealthRule {

  /** The rule's stable name, e.g. {@code "length_drift"}. */
  String name();

  /** What the monitor does when the rule fires. */
  RuleAction action();

  /** The finding when the rule fires on {@code signals}, else {@code null}. */
  @Nullable Finding check(TrainingSignals signals);

  /**
   * What a firing rule found.
   *
   * @param code a stable code, e.g. {@code "LENGTH_HACKING"}
   * @param reason the finding in words with its numbers
   * @param evidence the numbers behind it (non-finite values are dropped)
   */
  record Finding(String code, String reason, Map<String, Double> evidence) {
    /** Validates and keeps the finite evidence, sorted. */
    public Finding {
      Require.nonBlank("code", code);
      Require.nonNull("reason", reason);
      TreeMap<String, Double> finite = new TreeMap<>();
      Require.nonNull("evidence", evidence)
          .forEach(
              (k, v) -> {
                if (v != null && Double.isFinite(v)) {
                  finite.put(k, v);
                }
              });
      evidence = Collections.unmodifiableMap(finite);
    }
  }
}
