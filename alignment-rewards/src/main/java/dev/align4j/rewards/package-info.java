/**
 * align4j rewards: the types shared by the sub-packages, chiefly {@link dev.align4j.rewards.ExplainableReward} and
 * {@link dev.align4j.rewards.RewardBreakdown} (per-component reporting of a composed reward).
 *
 * <p>Layout: {@code feature} (inputs) → {@code model} (heads) ← {@code train} (objectives, optimisers);
 * {@code rule}, {@code llm}, {@code implicit} (other kinds of reward); {@code ensemble}, {@code normalize}
 * (wrappers); {@code eval} (measurement); {@code io} (persistence).
 */
@NullMarked
package dev.align4j.rewards;

import org.jspecify.annotations.NullMarked;
