package dev.align4j.rollout.guardrail;

import dev.align4j.core.check.Require;

/**
 * What a {@link Precondition} found.
 *
 * @param name the precondition's name
 * @param satisfied whether promotion is allowed
 * @param code a stable code, e.g. {@code "PASS"}, {@code "KAPPA_BELOW_MIN"}, {@code "BURN_RATE_ALERT"}
 * @param message the numbers, e.g. {@code "kappa 0.52 < min 0.60 (n=200)"}
 */
public record PreconditionResult(String name, boolean satisfied, String code, String message) {
  /** Validates the strings. */
  public PreconditionResult {
    Require.nonBlank("name", name);
    Require.nonBlank("code", code);
    Require.nonNull("message", message);
  }
}
