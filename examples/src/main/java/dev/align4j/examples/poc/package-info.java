/**
 * The proof of concept in one command: a customer-support scenario in English and Japanese taken through the whole
 * alignment workflow and written up as a self-contained HTML report. This package holds what every step shares
 * ({@link dev.align4j.examples.poc.Progress}, {@link dev.align4j.examples.poc.Arguments}) and depends on none of its
 * sub-packages: {@code poc.scenario} (the simulated world and its hidden gold reward), {@code poc.feedback}
 * (desirability and feedback), {@code poc.policy} (policy, optimisation, offline evaluation), {@code poc.rollout}
 * (staged rollout), {@code poc.report} (the HTML writer) and {@code poc.run} (the main class that ties them).
 */
@NullMarked
package dev.align4j.examples.poc;

import org.jspecify.annotations.NullMarked;
