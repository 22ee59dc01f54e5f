package dev.align4j.optimizers.objective;

import java.util.Map;

/**
 * The value of a listwise objective on one {@link ListwiseBatch}.
 *
 * @param loss the mean of {@code losses} over lists
 * @param losses the loss of each list
 * @param gradPolicy ∂loss/∂policyLogps[i] of the mean loss, aligned with the batch's flat candidate arrays
 * @param metrics TRL-style metrics: {@code rewards/chosen} (mean reward of the best candidate of each list),
 *     {@code rewards/rejected} (of the worst), {@code rewards/margins} (best − worst), {@code rewards/accuracies} (the
 *     fraction of strictly ordered candidate pairs whose rewards are in the labelled order), plus objective-specific
 *     ones
 */
public record ListwiseResult(double loss, double[] losses, double[] gradPolicy, Map<String, Double> metrics) {}
