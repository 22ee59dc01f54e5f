/**
 * Gated rollout of an aligned model: the {@link dev.align4j.rollout.StagedRolloutGate} (a
 * {@link dev.align4j.core.RolloutGate}), its configuration and the pure evaluator that turns evidence into a decision.
 */
@NullMarked
package dev.align4j.rollout;

import org.jspecify.annotations.NullMarked;
