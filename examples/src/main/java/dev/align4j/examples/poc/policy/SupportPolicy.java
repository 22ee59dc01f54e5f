package dev.align4j.examples.poc.policy;

import dev.align4j.core.SamplingParameters;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.scenario.Replier;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.policies.lm.TransformerLanguageModel;
import dev.align4j.policies.token.ClosedVocabularyTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The support assistant's policy: a pure-Java {@link TransformerLanguageModel} over the phrase codes of a
 * {@link ReplyCodec} (a {@link ClosedVocabularyTokenizer}), wrapped so that it answers a {@link SupportQuestion} with
 * real reply text. The model's prompt is the question's code summary ({@link #policyPrompt}); it samples reply codes
 * until EOS or {@link #sampling()}'s token limit, and the codec renders them in the question's language.
 *
 * <p>For the KL terms and the preference methods, {@link #policyCompletion} maps a reply text back to its codes and
 * {@link #logProb} gives the sequence log-probability {@code log π(codes, EOS | prompt)} in nats. Sampling draws every
 * random number from the generator it is given, so a seeded generator gives the same reply.
 */
public final class SupportPolicy implements Replier {
  private final TransformerLanguageModel model;
  private final ReplyCodec codec;
  private final SamplingParameters sampling;

  SupportPolicy(TransformerLanguageModel model, ReplyCodec codec, SamplingParameters sampling) {
    this.model = Arguments.nonNull("model", model);
    this.codec = Arguments.nonNull("codec", codec);
    this.sampling = Arguments.nonNull("sampling", sampling);
  }

  /** The underlying transformer (a {@link TrainablePolicy}). */
  public TransformerLanguageModel model() {
    return model;
  }

  /** The phrase codec. */
  public ReplyCodec codec() {
    return codec;
  }

  /** Sampling parameters of {@link #reply} (temperature 1, no filtering, the configured token limit). */
  public SamplingParameters sampling() {
    return sampling;
  }

  /** An independent deep copy (parameters and optimiser moments), to start another run from the same point. */
  public SupportPolicy copy() {
    return new SupportPolicy(model.copy(), codec, sampling);
  }

  /** The policy's prompt for {@code question}: its code summary. */
  public Prompt policyPrompt(SupportQuestion question) {
    return Prompt.of(codec.promptText(question));
  }

  /** The policy's prompt for the question {@code questionPrompt} (e.g. a preference example's prompt). */
  public Prompt policyPrompt(Prompt questionPrompt) {
    return Prompt.of(codec.promptText(questionPrompt));
  }

  /** The policy completion (codes, text only) of the reply {@code replyText} to {@code question}. */
  public Completion policyCompletion(SupportQuestion question, String replyText) {
    return codesCompletion(codec.parse(question, replyText));
  }

  /** The policy completion of the reply {@code replyText} to the question {@code questionPrompt}. */
  public Completion policyCompletion(Prompt questionPrompt, String replyText) {
    return codesCompletion(codec.parse(questionPrompt, replyText));
  }

  static Completion codesCompletion(List<String> codes) {
    return Completion.of(String.join(" ", codes));
  }

  /** The codes of a sampled or given policy completion (its words; reserved tokens skipped). */
  static List<String> codesOf(Completion policyCompletion) {
    String t = policyCompletion.text().strip();
    return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
  }

  /** Samples reply codes for {@code question}, drawing from {@code random}. */
  public List<String> sampleCodes(SupportQuestion question, RandomGenerator random) {
    Arguments.nonNull("random", random);
    return codesOf(model.sample(policyPrompt(question), sampling, random));
  }

  @Override
  public Completion reply(SupportQuestion question, SplittableRandom random) {
    return Completion.of(codec.render(question, sampleCodes(question, random)));
  }

  /**
   * The sequence log-probability (nats) of the reply {@code reply} to {@code question}: the codes it parses to, then
   * EOS. A reply that sampled a code which renders as nothing (a card code on a question without a card) parses
   * without it, so this is the log-probability of the reply's canonical codes.
   */
  public double logProb(SupportQuestion question, Completion reply) {
    Arguments.nonNull("reply", reply);
    return model.logProbs(policyPrompt(question), policyCompletion(question, reply.text())).sum();
  }

  /** Sequence log-probabilities (nats) of policy completions under this policy, in one batch. */
  double[] logProbs(List<Prompt> prompts, List<Completion> completions) {
    var lps = model.logProbsBatch(prompts, completions);
    double[] out = new double[lps.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = lps.get(i).sum();
    }
    return out;
  }

  /** Samples {@code prompts.size()} policy completions in one batch. */
  List<Completion> sampleBatch(List<Prompt> prompts, RandomGenerator random) {
    return new ArrayList<>(model.sampleBatch(prompts, sampling, random));
  }

  @Override
  public String toString() {
    return "SupportPolicy["
        + model.parameterCount()
        + " parameters, "
        + codec.replyCodes().size()
        + " codes]";
  }
}
