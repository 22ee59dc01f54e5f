/**
 * RewardBench-style evaluation: pairwise accuracy (ties wrong), per-category and section-weighted scores, best-of-4,
 * calibration, agreement with human labels and length bias, as a printable report.
 */
@NullMarked
package dev.align4j.rewards.eval;

import org.jspecify.annotations.NullMarked;
