package dev.align4j.optimizers.objective;

import dev.align4j.core.check.Require;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The value of a pairwise objective on a batch: the mean loss, the per-pair losses, the exact gradient of the
 * <em>mean</em> loss with respect to the policy's chosen and rejected log-probabilities, and metrics with TRL's names
 * ({@code rewards/chosen}, {@code rewards/rejected}, {@code rewards/margins}, {@code rewards/accuracies},
 * {@code logps/chosen}, {@code logps/rejected}, and loss-specific ones).
 *
 * <p>Units: losses in nats (or the loss's own unit for squared and hinge losses); gradients per nat of
 * log-probability. The reference log-probabilities get no gradient (the reference policy is frozen).
 *
 * @param loss the batch mean of {@code losses}
 * @param losses per-pair losses (for a weighted combination, Σ_k w_k L_{k,i})
 * @param gradPolicyChosen ∂loss/∂policyChosen[i]
 * @param gradPolicyRejected ∂loss/∂policyRejected[i]
 * @param metrics TRL-named batch metrics (an unmodifiable copy)
 */
public record PairwiseResult(
    double loss, double[] losses, double[] gradPolicyChosen, double[] gradPolicyRejected,
    Map<String, Double> metrics) {

  /** Checks that the arrays agree in length and copies the metrics. */
  public PairwiseResult {
    Require.nonNull("losses", losses);
    Require.nonNull("gradPolicyChosen", gradPolicyChosen);
    Require.nonNull("gradPolicyRejected", gradPolicyRejected);
    Require.sameLength("losses", losses.length, "gradPolicyChosen", gradPolicyChosen.length);
    Require.sameLength("losses", losses.length, "gradPolicyRejected", gradPolicyRejected.length);
    metrics = Map.copyOf(Require.nonNull("metrics", metrics));
  }

  /** A metric by its TRL name, e.g. {@code "rewards/margins"}. */
  public double metric(String name) {
    Double v = metrics.get(name);
    if (v == null) {
      throw new IllegalArgumentException("unknown metric \"" + name + "\"; available: " + metrics.keySet());
    }
    return v;
  }

  @Override
  public String toString() {
    return "PairwiseResult[loss=" + loss + ", size=" + losses.length + ", metrics=" + metrics + "]";
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
