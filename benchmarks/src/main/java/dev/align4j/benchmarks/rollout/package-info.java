/** Benchmarks of the rollout gate: one evaluation over 20 guardrails, metric ingestion, the simulator. */
@NullMarked
package dev.align4j.benchmarks.rollout;

import org.jspecify.annotations.NullMarked;
