/**
 * Step 7 of the proof of concept: a staged rollout of a candidate replier against the baseline on simulated customer
 * traffic (offline probes → shadow → canary steps → full), decided by align4j's {@code StagedRolloutGate} with
 * anytime-valid guardrails, automatic rollback and a hash-chained audit file that is verified and replayed at the end.
 * The simulated customers ({@link dev.align4j.examples.poc.rollout.SimulatedCustomers}) are an evaluator and read the
 * gold reward; the gate itself sees only what a production system could measure.
 */
@NullMarked
package dev.align4j.examples.poc.rollout;

import org.jspecify.annotations.NullMarked;
