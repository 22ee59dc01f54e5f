package dev.align4j.optimizers.kl;

import static dev.align4j.optimizers.ReferenceAssertions.assertClose;
import static dev.align4j.optimizers.kl.KlReferenceValues.KL;
import static dev.align4j.optimizers.kl.KlReferenceValues.LENGTHS;
import static dev.align4j.optimizers.kl.KlReferenceValues.LOGP;
import static dev.align4j.optimizers.kl.KlReferenceValues.MASK;
import static dev.align4j.optimizers.kl.KlReferenceValues.OBSERVED;
import static dev.align4j.optimizers.kl.KlReferenceValues.REF;
import static dev.align4j.optimizers.kl.KlReferenceValues.SCORES;
import static dev.align4j.optimizers.kl.KlReferenceValues.STEPS;

import org.junit.jupiter.api.Test;

/**
 * The KL estimators k1, k2, k3 (Schulman 2020), their gradients, masked means and per-sequence sums, the KL reward
 * shaping of PPO and RLOO (β = 0.05), and the adaptive KL controller (Ziegler et al. 2019 §2.2) over five updates,
 * against independent reference values within 1e-12 relative (from {@code src/test/python/reference_values.py};
 * gradients there by numerical differentiation). The inputs include a log-ratio of 5e-5 (k3's series branch), a
 * log-ratio of 3 and mask weights 0, 0.25 and 0.5.
 */
class KlReferenceValuesTest {
  @Test
  void estimatorsMeansSumsAndShaping() {
    for (KlEstimator k : KlEstimator.values()) {
      String name = k.trlName();
      double[][] e = KL.get(name);
      assertClose(e[0], k.perToken(LOGP, REF), name + " per token");
      double[] g = new double[LOGP.length];
      for (int t = 0; t < g.length; t++) {
        g[t] = k.gradient(LOGP[t], REF[t]);
        assertClose(e[0][t], k.estimate(LOGP[t], REF[t]), name + " estimate[" + t + "]");
      }
      assertClose(e[1], g, name + " gradient");
      assertClose(e[2][0], k.mean(LOGP, REF, MASK), name + " masked mean");
      assertClose(e[3], k.sequenceSums(LENGTHS, LOGP, REF, MASK), name + " sequence sums");
      assertClose(e[4], KlRewardShaping.tokenRewards(LENGTHS, SCORES, LOGP, REF, k, 0.05), name + " token rewards");
      assertClose(e[5], KlRewardShaping.sequenceRewards(SCORES, LENGTHS, LOGP, REF, MASK, k, 0.05),
          name + " sequence rewards");
    }
  }

  @Test
  void adaptiveControllerTrajectories() {
    AdaptiveKlController defaults = AdaptiveKlController.builder().build();
    AdaptiveKlController custom = AdaptiveKlController.builder().initialCoefficient(0.05).target(3.0)
        .horizon(2000).errorClip(0.5).build();
    double[] a = new double[OBSERVED.length];
    double[] b = new double[OBSERVED.length];
    for (int i = 0; i < OBSERVED.length; i++) {
      defaults.update(OBSERVED[i], STEPS[i]);
      custom.update(OBSERVED[i], STEPS[i]);
      a[i] = defaults.coefficient();
      b[i] = custom.coefficient();
    }
    assertClose(KL.get("adaptive/defaults")[0], a, "adaptive controller, paper defaults");
    assertClose(KL.get("adaptive/custom")[0], b, "adaptive controller, custom settings");
  }
}
