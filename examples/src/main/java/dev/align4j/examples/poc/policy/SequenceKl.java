package dev.align4j.examples.poc.policy;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequence KL of a policy to a reference (the supervised start), estimated from the policy's own samples:
 *
 * <pre>
 *   KL(π ‖ π_ref) ≈ mean over questions x and samples y ~ π(·|x) of  log π(y|x) − log π_ref(y|x)     (nats)
 * </pre>
 *
 * <p>The samples are the policy's code sequences (EOS included), scored exactly under both models, so a code that
 * renders as nothing still counts. An unbiased estimate, so a single one can be slightly negative when the policies
 * are close. Sample {@code k} of question {@code i} is drawn from a stream keyed by {@code (seed, i, k)}.
 */
public final class SequenceKl {
  private SequenceKl() {}

  /** The estimate over {@code questions} with {@code samplesPerQuestion} samples each. */
  public static double estimate(
      SupportPolicy policy,
      SupportPolicy reference,
      List<SupportQuestion> questions,
      int samplesPerQuestion,
      long seed) {
    Arguments.nonNull("policy", policy);
    Arguments.nonNull("reference", reference);
    Arguments.nonEmpty("questions", questions);
    Arguments.argument(
        samplesPerQuestion > 0, "samplesPerQuestion must be > 0, was %d", samplesPerQuestion);
    List<Prompt> prompts = new ArrayList<>();
    List<Completion> samples = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      Prompt p = policy.policyPrompt(questions.get(i));
      for (int k = 0; k < samplesPerQuestion; k++) {
        prompts.add(p);
        samples.add(policy.model().sample(p, policy.sampling(), Draws.of(seed, i, k)));
      }
    }
    double[] lp = policy.logProbs(prompts, samples);
    double[] ref = reference.logProbs(prompts, samples);
    double kl = 0;
    for (int i = 0; i < lp.length; i++) {
      kl += lp[i] - ref[i];
    }
    return kl / lp.length;
  }
}
