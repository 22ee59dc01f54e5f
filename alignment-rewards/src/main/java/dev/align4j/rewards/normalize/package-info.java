/**
 * Reward normalisation: running mean/std whitening, per-prompt group normalisation and clipping.
 */
@NullMarked
package dev.align4j.rewards.normalize;

import org.jspecify.annotations.NullMarked;
