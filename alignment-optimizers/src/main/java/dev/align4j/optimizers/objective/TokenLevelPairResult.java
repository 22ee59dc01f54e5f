package dev.align4j.optimizers.objective;

import java.util.Map;

/**
 * The value of a token-level pairwise objective on one {@link TokenLevelPairBatch}. Every gradient is of the mean loss
 * and is aligned with the corresponding flat per-token input array.
 *
 * @param loss the mean of {@code losses}
 * @param losses the loss of each pair
 * @param gradPolicyChosenTokens ∂loss/∂policyChosenTokens[t]
 * @param gradPolicyRejectedTokens ∂loss/∂policyRejectedTokens[t]
 * @param gradChosenKl ∂loss/∂chosenKl[t] (zero where the objective detaches it)
 * @param gradRejectedKl ∂loss/∂rejectedKl[t]
 * @param metrics TRL-style metrics ({@code rewards/chosen}, {@code rewards/rejected}, {@code rewards/margins},
 *     {@code rewards/accuracies}, {@code kl/chosen}, {@code kl/rejected}, ...)
 */
public record TokenLevelPairResult(
    double loss,
    double[] losses,
    double[] gradPolicyChosenTokens,
    double[] gradPolicyRejectedTokens,
    double[] gradChosenKl,
    double[] gradRejectedKl,
    Map<String, Double> metrics) {}
