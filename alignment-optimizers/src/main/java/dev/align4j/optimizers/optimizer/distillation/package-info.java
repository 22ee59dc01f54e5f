/**
 * On-policy distillation: a student policy trained towards a teacher's per-token distributions (GKD), with the
 * teacher in-process (full distributions), remote (top-k log-probabilities) or known only through the log-probabilities
 * of sampled tokens.
 */
@NullMarked
package dev.align4j.optimizers.optimizer.distillation;

import org.jspecify.annotations.NullMarked;
