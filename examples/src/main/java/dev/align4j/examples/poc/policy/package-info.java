/**
 * The proof of concept's policy steps (issue 18, steps 4 to 6): the pure-Java transformer writing replies one scenario
 * phrase at a time ({@link dev.align4j.examples.poc.policy.ReplyCodec},
 * {@link dev.align4j.examples.poc.policy.SupportPolicy}), supervised fine-tuning and offline optimisation with DPO,
 * KTO, ORPO, SimPO and GRPO from one start with one step budget, a deliberately over-optimised run against a
 * length-biased proxy ({@link dev.align4j.examples.poc.policy.PolicyTraining}), and the offline evaluation of a
 * candidate against the supervised policy ({@link dev.align4j.examples.poc.policy.OfflineEvaluation}). Only the
 * evaluators ({@link dev.align4j.examples.poc.policy.HeldOutGold}) read the hidden gold reward.
 */
@NullMarked
package dev.align4j.examples.poc.policy;

import org.jspecify.annotations.NullMarked;
