package dev.align4j.rewards.train;

import dev.align4j.core.check.Require;

/**
 * How a reward head is optimised: {@link AdamW} (mini-batch) or {@link Lbfgs} (full batch). A closed set.
 */
public sealed interface OptimizerSettings permits OptimizerSettings.AdamW, OptimizerSettings.Lbfgs {

  /** AdamW with PyTorch's defaults. */
  static AdamW adamW() {
    return new AdamW(1e-3, 0.9, 0.999, 1e-8, 0.01);
  }

  /** L-BFGS with the defaults of {@link Lbfgs}. */
  static Lbfgs lbfgs() {
    return new Lbfgs(10, 1e-6);
  }

  /**
   * AdamW (Loshchilov &amp; Hutter, "Decoupled Weight Decay Regularization", ICLR 2019): Adam moments with
   * bias correction and weight decay applied to the parameters directly, {@code θ ← θ − lr·λ·θ} before the Adam
   * step. The defaults of {@link OptimizerSettings#adamW()} are PyTorch's {@code torch.optim.AdamW}: lr 1e-3,
   * betas (0.9, 0.999), eps 1e-8, weight_decay 0.01.
   *
   * @param learningRate lr &gt; 0
   * @param beta1 first-moment decay in [0, 1)
   * @param beta2 second-moment decay in [0, 1)
   * @param epsilon denominator term &gt; 0
   * @param weightDecay decoupled weight decay λ ≥ 0
   */
  record AdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay)
      implements OptimizerSettings {
    /** Validates every component. */
    public AdamW {
      Require.positive("learningRate", learningRate);
      Require.argument(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), was %s", beta1);
      Require.argument(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), was %s", beta2);
      Require.positive("epsilon", epsilon);
      Require.nonNegative("weightDecay", weightDecay);
    }

    /** A copy with another learning rate. */
    public AdamW withLearningRate(double lr) {
      return new AdamW(lr, beta1, beta2, epsilon, weightDecay);
    }

    /** A copy with another weight decay. */
    public AdamW withWeightDecay(double wd) {
      return new AdamW(learningRate, beta1, beta2, epsilon, wd);
    }
  }

  /**
   * Full-batch limited-memory BFGS (Nocedal, "Updating Quasi-Newton Matrices with Limited Storage", 1980; Nocedal
   * &amp; Wright, Algorithm 7.4) with a backtracking Armijo line search (c₁ = 1e-4). One iteration is one "epoch" for
   * progress reporting and early stopping. Defaults: history 10 (SciPy's {@code maxcor}), gradient tolerance 1e-6.
   *
   * @param history the number of correction pairs kept, in [1, 1000]
   * @param gradientTolerance stop when the gradient's max-norm falls below this, &gt; 0
   */
  record Lbfgs(int history, double gradientTolerance) implements OptimizerSettings {
    /** Validates every component. */
    public Lbfgs {
      Require.inClosedRange("history", history, 1, 1000);
      Require.positive("gradientTolerance", gradientTolerance);
    }
  }
}
