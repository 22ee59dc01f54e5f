/**
 * What a gate decision reads: the evidence window of one evaluation ({@link
 * dev.align4j.rollout.input.EvaluationInput}, {@link dev.align4j.rollout.input.MetricData}) and a person's override
 * ({@link dev.align4j.rollout.input.HumanOverride}); the gate decides from them and the audit log stores them.
 */
@NullMarked
package dev.align4j.rollout.input;

import org.jspecify.annotations.NullMarked;
