/**
 * The five core interfaces of align4j ({@link dev.align4j.core.RewardModel}, {@link dev.align4j.core.FeedbackSource},
 * {@link dev.align4j.core.Policy}/{@link dev.align4j.core.TrainablePolicy}, {@link dev.align4j.core.PolicyOptimizer},
 * {@link dev.align4j.core.RolloutGate}) and their small value types.
 */
@NullMarked
package dev.align4j.core;

import org.jspecify.annotations.NullMarked;
