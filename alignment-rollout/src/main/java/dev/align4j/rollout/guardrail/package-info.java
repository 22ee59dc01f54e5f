/**
 * LLM guardrails: judge win rate (both orders, length-controlled), safety rate bounds, KL on probes, length drift,
 * over-optimisation fit, judge calibration and error-budget preconditions.
 */
@NullMarked
package dev.align4j.rollout.guardrail;

import org.jspecify.annotations.NullMarked;
