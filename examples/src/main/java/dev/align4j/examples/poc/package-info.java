/**
 * The proof of concept in one command: a customer-support scenario in English and Japanese taken through the whole
 * alignment workflow (data, desirability, feedback, policy, offline optimisation, offline evaluation, staged rollout)
 * and written up as a self-contained HTML report. The scenario and its hidden gold reward are in
 * {@code poc.scenario}; the report writer is in {@code poc.report}.
 */
@NullMarked
package dev.align4j.examples.poc;

import org.jspecify.annotations.NullMarked;
