package dev.align4j.optimizers.optimizer.preference;

import dev.align4j.core.DistributionForward;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.optimizers.objective.pairwise.WpoWeights;
import dev.align4j.optimizers.optimizer.InputChecks;
import dev.align4j.optimizers.optimizer.ReferenceCache;
import dev.align4j.optimizers.optimizer.TrainingLoop;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The forward passes of a batch of (prompt, completion) sequences through the policy's batch methods, with their
 * sequence log-probabilities {@code log π(y|x) = Σ_t log π(y_t|…)}, token counts and cached reference
 * log-probabilities: what the sequence-level objectives (the DPO family, the unpaired and listwise ones) read. Their
 * gradients are per sequence and go back as {@link TokenGradients.PerSequence}, never expanded to the tokens.
 * Package-private helper.
 */
final class SequenceBatch {
  private final TrainablePolicy policy;
  private final List<? extends TrainablePolicy.Forward> forwards;
  final double[] logProbs;
  final double[] referenceLogProbs;
  final int[] lengths;

  private SequenceBatch(
      TrainablePolicy policy,
      List<? extends TrainablePolicy.Forward> forwards,
      double[] logProbs,
      double[] referenceLogProbs,
      int[] lengths) {
    this.policy = policy;
    this.forwards = forwards;
    this.logProbs = logProbs;
    this.referenceLogProbs = referenceLogProbs;
    this.lengths = lengths;
  }

  /**
   * Runs {@code policy.forwardBatch} on the (already validated) sequences and looks their reference log-probs up in
   * one batch. A refusal by the policy or the reference is named {@code names.apply(i) + ": …"}, a sequence the policy
   * scores with no tokens {@code tokenNames.apply(i) + " must have at least one token …"}, as the single-example
   * checks of {@link InputChecks} name them.
   */
  static SequenceBatch run(
      TrainablePolicy policy,
      ReferenceCache references,
      List<Prompt> prompts,
      List<Completion> completions,
      IntFunction<String> names,
      IntFunction<String> tokenNames) {
    List<? extends TrainablePolicy.Forward> forwards =
        InputChecks.namedBatch(names, () -> policy.forwardBatch(prompts, completions));
    int n = forwards.size();
    double[] logProbs = new double[n];
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) {
      lengths[i] = InputChecks.tokens(tokenNames.apply(i), forwards.get(i).logProbs()).length();
      logProbs[i] = forwards.get(i).logProbs().sum();
    }
    double[] reference =
        InputChecks.namedBatch(names, () -> references.logProbs(prompts, completions, lengths));
    return new SequenceBatch(policy, forwards, logProbs, reference, lengths);
  }

  /**
   * WPO's weight w(y) of sequence {@code i} ({@link WpoWeights#sequenceWeight}) from the policy's own distributions.
   *
   * @throws IllegalArgumentException when the policy's forward passes do not expose distributions
   */
  double wpoWeight(int i) {
    TrainablePolicy.Forward f = forwards.get(i);
    if (!(f instanceof DistributionForward d)) {
      throw new IllegalArgumentException(
          "use_weighting (WPO) needs the policy's per-position distributions: its "
              + "forward passes must be DistributionForward, were "
              + f.getClass().getSimpleName()
              + " (a policy with log-probabilities only cannot be weighted)");
    }
    return WpoWeights.sequenceWeight(f.logProbs(), d.distributions());
  }

  /**
   * Back-propagates {@code gradients[i] = ∂loss/∂log π(y_i|x_i)} through the policy's batch backward pass (every
   * token of sequence i receives it); a non-finite gradient ends the step
   * ({@link TrainingLoop#requireFiniteGradients}).
   */
  void backward(double[] gradients) {
    TrainingLoop.requireFiniteGradients("∂loss/∂log π(y|x) of sequence", gradients);
    policy.backwardBatch(forwards, TokenGradients.perSequence(gradients));
  }
}
