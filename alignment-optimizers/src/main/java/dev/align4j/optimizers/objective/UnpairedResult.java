package dev.align4j.optimizers.objective;

import java.util.Map;

/**
 * The value of an unpaired objective on one {@link UnpairedBatch}.
 *
 * @param loss the batch mean of {@code losses}
 * @param losses the per-example losses (weights such as KTO's λ_D, λ_U already applied)
 * @param gradPolicy ∂loss/∂policyLogps[i] of the mean loss; the KL pairs and the reference get no gradient
 * @param metrics TRL-named metrics ({@code rewards/chosen}, {@code rewards/rejected}, {@code rewards/margins},
 *     {@code kl}, {@code logps/chosen}, ...), in insertion order; a metric over an empty class is left out rather than
 *     reported as NaN
 */
public record UnpairedResult(double loss, double[] losses, double[] gradPolicy, Map<String, Double> metrics) {}
