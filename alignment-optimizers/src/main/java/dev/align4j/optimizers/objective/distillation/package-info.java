/**
 * Distillation objectives over per-position next-token distributions: GKD's generalised Jensen–Shannon divergence
 * (forward and reverse KL as its limits), reverse KL against a remote teacher's top-k log-probabilities, and the
 * per-token reverse-KL estimate of on-policy distillation on sampled tokens.
 */
@NullMarked
package dev.align4j.optimizers.objective.distillation;

import org.jspecify.annotations.NullMarked;
