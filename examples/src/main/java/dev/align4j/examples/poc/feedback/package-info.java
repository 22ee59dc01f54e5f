/**
 * Steps 2 and 3 of the proof of concept: collecting feedback through align4j's hybrid router
 * ({@link dev.align4j.examples.poc.feedback.FeedbackStep}: simulated reviewers first, the position-biased AI labeller
 * as its measured agreement allows, audits throughout, costs per label) and defining desirability from it
 * ({@link dev.align4j.examples.poc.feedback.DesirabilityStep}: rules plus a Bradley–Terry reward model, evaluated per
 * category on held-out pairs labelled by the gold reward, with its length bias beside a length-only baseline).
 */
@NullMarked
package dev.align4j.examples.poc.feedback;

import org.jspecify.annotations.NullMarked;
