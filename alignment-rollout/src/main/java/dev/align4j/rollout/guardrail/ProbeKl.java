package dev.align4j.rollout.guardrail;

import dev.align4j.core.check.Require;

/**
 * Per-probe estimates of KL(π‖π_ref) from completions sampled from the policy π on a fixed probe set, to feed the
 * {@link Guardrails#klToReference} metric (the prompt distribution drifts online, a fixed set does not; §B.7.1).
 * With {@code r = log π_ref(y) − log π(y)} (sums over the completion's tokens):
 *
 * <ul>
 *   <li>k1 = −r: unbiased, can be negative for one sample;
 *   <li>k3 = (e^r − 1) − r: unbiased and never negative (Schulman's estimator).
 * </ul>
 */
public final class ProbeKl {
  private ProbeKl() {}

  /** k1 per probe. */
  public static double[] k1(double[] logpPolicy, double[] logpReference) {
    Require.sameLength("logpPolicy", logpPolicy.length, "logpReference", logpReference.length);
    Require.allFinite("logpPolicy", logpPolicy);
    Require.allFinite("logpReference", logpReference);
    double[] out = new double[logpPolicy.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = logpPolicy[i] - logpReference[i];
    }
    return out;
  }

  /** k3 per probe. */
  public static double[] k3(double[] logpPolicy, double[] logpReference) {
    Require.sameLength("logpPolicy", logpPolicy.length, "logpReference", logpReference.length);
    Require.allFinite("logpPolicy", logpPolicy);
    Require.allFinite("logpReference", logpReference);
    double[] out = new double[logpPolicy.length];
    for (int i = 0; i < out.length; i++) {
      double r = logpReference[i] - logpPolicy[i];
      out[i] = Math.expm1(r) - r;
    }
    return out;
  }
}
