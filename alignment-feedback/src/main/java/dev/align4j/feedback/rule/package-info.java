/** Feedback without an LLM: labels from any {@link dev.align4j.core.RewardModel} or deterministic rule. */
@NullMarked
package dev.align4j.feedback.rule;

import org.jspecify.annotations.NullMarked;
