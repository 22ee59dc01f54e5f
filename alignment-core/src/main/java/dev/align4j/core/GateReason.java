package dev.align4j.core;

import dev.align4j.core.check.Require;

/**
 * One machine-readable reason behind a {@link GateDecision}: which check spoke, its verdict code and a human-readable
 * explanation with the numbers.
 *
 * @param check the guardrail or validity check, e.g. {@code "safety_rate"}, {@code "sample_ratio_mismatch"}
 * @param code a stable verdict code, e.g. {@code "PASS"}, {@code "BREACH"}, {@code "INSUFFICIENT_DATA"}
 * @param message the explanation, e.g. {@code "upper 95% bound 0.013 > limit 0.010 (n=4210)"}
 */
public record GateReason(String check, String code, String message) {
  /** Validates that the check and code are not blank. */
  public GateReason {
    Require.nonBlank("check", check);
    Require.nonBlank("code", code);
    Require.nonNull("message", message);
  }
}
