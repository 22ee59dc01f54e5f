package dev.align4j.examples.poc.policy;

import dev.align4j.examples.poc.Arguments;

/**
 * Settings of the policy steps of the proof of concept: supervised fine-tuning, the offline optimisation methods (one
 * step budget for all of them) and the over-optimised proxy run, and the measurements taken along the way.
 *
 * <p>Learning rates are this project's, measured on this small model: TRL's defaults (2e-5 for SFT, 1e-6 for the
 * preference trainers and GRPO) are for fine-tuning billion-parameter models and barely move a 20 k-parameter model
 * in a few hundred steps. The β values are TRL's defaults where TRL has them (DPO, KTO, ORPO: 0.1), SimPO's paper's
 * (β 2.0; γ 0.5 as TRL's {@code simpo_gamma}). GRPO's KL coefficient is this project's, 0.5 (TRL's default is 0,
 * DeepSeekMath used 0.04): GRPO normalises advantages per group, so its policy-gradient term is of order 1 whatever
 * the reward's scale, and with 0.04 or 0.2 the run over-optimised the reward model within 150 steps (measured: the
 * gold reward fell back to the supervised start's level while KL grew past 12 nats). The proxy run has KL
 * coefficient 0: it is over-optimised on purpose. GRPO's group size 8 is TRL's {@code num_generations}.
 *
 * @param contextLength transformer context (tokens: prompt codes, separator, reply codes, EOS)
 * @param width model width
 * @param layers transformer blocks
 * @param heads attention heads
 * @param ffnWidth feed-forward width
 * @param maxReplyTokens most reply codes a sample may have (EOS included)
 * @param sftSteps supervised fine-tuning steps
 * @param sftBatchSize replies per SFT step
 * @param sftLearningRate SFT learning rate (constant)
 * @param methodSteps steps of every optimisation method (the same budget for each) and of the proxy run
 * @param batchSize preference pairs per step (DPO, ORPO, SimPO); KTO gets both sides of as many pairs
 * @param learningRate learning rate of the preference methods (constant)
 * @param grpoPrompts questions per GRPO step (distinct question summaries, at most 16)
 * @param grpoGroupSize samples per question (GRPO's group)
 * @param grpoLearningRate GRPO learning rate (constant), also for the proxy run
 * @param dpoBeta DPO β
 * @param ktoBeta KTO β
 * @param orpoBeta ORPO λ (TRL's {@code beta})
 * @param simpoBeta SimPO β
 * @param simpoGamma SimPO γ (TRL's absolute margin)
 * @param grpoBeta GRPO KL coefficient
 * @param proxyBeta the proxy run's GRPO KL coefficient (deliberately over-optimised: 0, TRL's default, no KL term)
 * @param curveEvery steps between two points of a training curve (mean training reward and KL of a probe)
 * @param curveQuestions training questions the curve's probe samples (one reply each)
 * @param checkpointEvery steps between two checkpoints (KL and gold reward on the held-out questions)
 * @param evalSamples replies sampled per held-out question at a checkpoint
 * @param lengthDriftLimit the monitor's length-drift STOP threshold: mean reply length (codes) over the run's first
 *     steps' mean; 1.5 here where the library's default is 1.2, because the GRPO run against the desirability
 *     reward grows replies by about a filler sentence (about 1.25×, still within the gold reward's length budget)
 * @param seed seed of the model's initialisation and of every draw
 */
public record PolicyConfig(
    int contextLength,
    int width,
    int layers,
    int heads,
    int ffnWidth,
    int maxReplyTokens,
    int sftSteps,
    int sftBatchSize,
    double sftLearningRate,
    int methodSteps,
    int batchSize,
    double learningRate,
    int grpoPrompts,
    int grpoGroupSize,
    double grpoLearningRate,
    double dpoBeta,
    double ktoBeta,
    double orpoBeta,
    double simpoBeta,
    double simpoGamma,
    double grpoBeta,
    double proxyBeta,
    int curveEvery,
    int curveQuestions,
    int checkpointEvery,
    int evalSamples,
    double lengthDriftLimit,
    long seed) {

  /** Validates. */
  public PolicyConfig {
    positive("contextLength", contextLength);
    positive("width", width);
    positive("layers", layers);
    positive("heads", heads);
    positive("ffnWidth", ffnWidth);
    positive("maxReplyTokens", maxReplyTokens);
    Arguments.argument(
        maxReplyTokens + 5 <= contextLength,
        "maxReplyTokens must leave room for the 5 prompt tokens in contextLength %d, was %d",
        contextLength,
        maxReplyTokens);
    positive("sftSteps", sftSteps);
    positive("sftBatchSize", sftBatchSize);
    rate("sftLearningRate", sftLearningRate);
    positive("methodSteps", methodSteps);
    positive("batchSize", batchSize);
    rate("learningRate", learningRate);
    positive("grpoPrompts", grpoPrompts);
    Arguments.argument(
        grpoPrompts <= 16,
        "grpoPrompts must be <= 16 (distinct question summaries), was %d",
        grpoPrompts);
    Arguments.argument(grpoGroupSize >= 2, "grpoGroupSize must be >= 2, was %d", grpoGroupSize);
    rate("grpoLearningRate", grpoLearningRate);
    rate("dpoBeta", dpoBeta);
    rate("ktoBeta", ktoBeta);
    rate("orpoBeta", orpoBeta);
    rate("simpoBeta", simpoBeta);
    Arguments.nonNegative("simpoGamma", simpoGamma);
    Arguments.nonNegative("grpoBeta", grpoBeta);
    Arguments.nonNegative("proxyBeta", proxyBeta);
    positive("curveEvery", curveEvery);
    positive("curveQuestions", curveQuestions);
    positive("checkpointEvery", checkpointEvery);
    positive("evalSamples", evalSamples);
    Arguments.argument(
        lengthDriftLimit > 1 && Double.isFinite(lengthDriftLimit),
        "lengthDriftLimit must be finite and > 1, was %s",
        lengthDriftLimit);
  }

  private static void positive(String name, int value) {
    Arguments.argument(value > 0, "%s must be > 0, was %d", name, value);
  }

  private static void rate(String name, double value) {
    Arguments.argument(
        value > 0 && Double.isFinite(value), "%s must be finite and > 0, was %s", name, value);
  }

  /** The README run's settings. */
  public static PolicyConfig full() {
    return new PolicyConfig(
        24, 32, 2, 2, 64, 16, 400, 32, 3e-3, 150, 16, 1e-3, 16, 8, 1e-3, 0.1, 0.1, 0.1, 2.0, 0.5,
        0.5, 0.0, 5, 32, 25, 4, 1.5, 18);
  }

  /** The CI test's settings: the same code path, smaller sizes. */
  public static PolicyConfig fast() {
    return new PolicyConfig(
        24, 24, 1, 2, 48, 16, 200, 32, 5e-3, 60, 16, 2e-3, 8, 8, 1e-3, 0.1, 0.1, 0.1, 2.0, 0.5, 0.5,
        0.0, 5, 16, 20, 1, 1.5, 18);
  }

  /** This configuration with another seed. */
  public PolicyConfig withSeed(long newSeed) {
    return new PolicyConfig(
        contextLength,
        width,
        layers,
        heads,
        ffnWidth,
        maxReplyTokens,
        sftSteps,
        sftBatchSize,
        sftLearningRate,
        methodSteps,
        batchSize,
        learningRate,
        grpoPrompts,
        grpoGroupSize,
        grpoLearningRate,
        dpoBeta,
        ktoBeta,
        orpoBeta,
        simpoBeta,
        simpoGamma,
        grpoBeta,
        proxyBeta,
        curveEvery,
        curveQuestions,
        checkpointEvery,
        evalSamples,
        lengthDriftLimit,
        newSeed);
  }

  /** This configuration with another step budget for the methods. */
  public PolicyConfig withMethodSteps(int steps) {
    return new PolicyConfig(
        contextLength,
        width,
        layers,
        heads,
        ffnWidth,
        maxReplyTokens,
        sftSteps,
        sftBatchSize,
        sftLearningRate,
        steps,
        batchSize,
        learningRate,
        grpoPrompts,
        grpoGroupSize,
        grpoLearningRate,
        dpoBeta,
        ktoBeta,
        orpoBeta,
        simpoBeta,
        simpoGamma,
        grpoBeta,
        proxyBeta,
        curveEvery,
        curveQuestions,
        checkpointEvery,
        evalSamples,
        lengthDriftLimit,
        seed);
  }

  /** This configuration with another SFT step count. */
  public PolicyConfig withSftSteps(int steps) {
    return new PolicyConfig(
        contextLength,
        width,
        layers,
        heads,
        ffnWidth,
        maxReplyTokens,
        steps,
        sftBatchSize,
        sftLearningRate,
        methodSteps,
        batchSize,
        learningRate,
        grpoPrompts,
        grpoGroupSize,
        grpoLearningRate,
        dpoBeta,
        ktoBeta,
        orpoBeta,
        simpoBeta,
        simpoGamma,
        grpoBeta,
        proxyBeta,
        curveEvery,
        curveQuestions,
        checkpointEvery,
        evalSamples,
        lengthDriftLimit,
        seed);
  }
}
