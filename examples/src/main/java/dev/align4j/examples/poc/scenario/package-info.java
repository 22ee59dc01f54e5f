/**
 * The proof of concept's customer-support scenario: a seeded generator of questions (orders, refunds, shipping,
 * accounts) in English and Japanese with candidate replies that vary in correctness, politeness, safety and length
 * ({@link dev.align4j.examples.poc.scenario.SupportScenario}); the hidden gold reward that scores them
 * ({@link dev.align4j.examples.poc.scenario.GoldReward}, for evaluation only); and the simulated labellers that
 * training does see: human reviewers with individual noise and biases
 * ({@link dev.align4j.examples.poc.scenario.SimulatedReviewer}) and an AI labeller with a planted position bias
 * ({@link dev.align4j.examples.poc.scenario.PositionBiasedJudge}), both align4j {@code FeedbackSource}s.
 */
@NullMarked
package dev.align4j.examples.poc.scenario;

import org.jspecify.annotations.NullMarked;
