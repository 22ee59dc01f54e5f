/**
 * Training reward heads from feedback: Bradley–Terry (with margin and centering), soft-label BT, pointwise regression,
 * binary and Plackett–Luce objectives, optimised with AdamW or L-BFGS, with L2, early stopping and a progress listener.
 */
@NullMarked
package dev.align4j.rewards.train;

import org.jspecify.annotations.NullMarked;
