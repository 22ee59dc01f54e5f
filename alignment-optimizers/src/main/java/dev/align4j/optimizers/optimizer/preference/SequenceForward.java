package dev.align4j.optimizers.optimizer.preference;

import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.optimizers.optimizer.InputChecks;
import dev.align4j.optimizers.optimizer.ReferenceCache;

/** A validated forward pass of one (prompt, completion) with its reference log-prob; package-private helper. */
final class SequenceForward {
  final TrainablePolicy.Forward forward;
  final double logProb;
  final double referenceLogProb;
  final int length;

  private SequenceForward(TrainablePolicy.Forward forward, double logProb, double referenceLogProb, int length) {
    this.forward = forward;
    this.logProb = logProb;
    this.referenceLogProb = referenceLogProb;
    this.length = length;
  }

  /** Validates prompt and completion (naming them {@code name}), runs the policy and looks up the reference. */
  static SequenceForward of(
      String name, TrainablePolicy policy, ReferenceCache references, Prompt prompt, Completion completion) {
    InputChecks.prompt(name + ".prompt", prompt);
    InputChecks.completion(name + ".completion", completion);
    TrainablePolicy.Forward f = InputChecks.named(name, () -> policy.forward(prompt, completion));
    int len = InputChecks.tokens(name + ".completion", f.logProbs()).length();
    double ref = InputChecks.named(name, () -> references.logProb(prompt, completion, len));
    return new SequenceForward(f, f.logProbs().sum(), ref, len);
  }

  /** Back-propagates a gradient with respect to the sequence log-prob (every token gets it). */
  void backward(double gradSequence) {
    forward.backward(PairwisePreferenceOptimizer.filled(length, gradSequence));
  }
}
