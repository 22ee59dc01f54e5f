package dev.align4j.optimizers.monitor;

import dev.align4j.core.check.Require;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One firing of a {@link HealthRule}: when (step and clock time), which rule, what was done and the numbers behind it.
 *
 * @param step the optimiser step whose metrics fired the rule
 * @param rule the rule's name, e.g. {@code "length_drift"}
 * @param code the finding's stable code, e.g. {@code "LENGTH_HACKING"}
 * @param action what the monitor did
 * @param reason the finding in words with its numbers
 * @param evidence the numbers by name (sorted)
 * @param at the monitor's clock time
 */
public record RuleFiring(
    long step,
    String rule,
    String code,
    RuleAction action,
    String reason,
    Map<String, Double> evidence,
    Instant at) {

  /** Validates and copies the evidence into a sorted, unmodifiable map. */
  public RuleFiring {
    Require.argument(step >= 0, "step must be >= 0, was %d", step);
    Require.nonBlank("rule", rule);
    Require.nonBlank("code", code);
    Require.nonNull("action", action);
    Require.nonNull("reason", reason);
    evidence = Collections.unmodifiableMap(new TreeMap<>(Require.nonNull("evidence", evidence)));
    Require.nonNull("at", at);
  }

  /** One line for a run's report: {@code step 37 length_drift -> STOP (LENGTH_HACKING): reason {evidence}}. */
  public String describe() {
    return "step " + step + " " + rule + " -> " + action + " (" + code + "): " + reason + " "
        + evidence;
  }
}
