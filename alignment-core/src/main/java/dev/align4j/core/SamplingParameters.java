package dev.align4j.core;

import dev.align4j.core.check.Require;

/**
 * How a {@link Policy} samples a completion.
 *
 * <p>Defaults are those of Hugging Face {@code GenerationConfig} with sampling on: temperature 1.0, top-k off,
 * top-p 1.0 (off); {@code maxTokens} 64 is align4j's own default for the small in-process models.
 *
 * @param temperature softmax temperature, {@code > 0} (values near 0 approach greedy decoding)
 * @param topK keep only the k most likely tokens; 0 disables
 * @param topP nucleus sampling: keep the smallest set of tokens whose probability mass reaches p; 1.0 disables
 * @param maxTokens the most completion tokens to generate
 */
public record SamplingParameters(double temperature, int topK, double topP, int maxTokens) {
  /** Temperature 1, no top-k, no top-p, 64 tokens. */
  public static final SamplingParameters DEFAULT = new SamplingParameters(1.0, 0, 1.0, 64);

  /** Validates every parameter. */
  public SamplingParameters {
    Require.positive("temperature", temperature);
    Require.nonNegative("topK", topK);
    Require.argument(topP > 0 && topP <= 1, "topP must be in (0, 1], was %s", topP);
    Require.positive("maxTokens", maxTokens);
  }

  /** A copy with another temperature. */
  public SamplingParameters withTemperature(double t) {
    return new SamplingParameters(t, topK, topP, maxTokens);
  }

  /** A copy with another top-k. */
  public SamplingParameters withTopK(int k) {
    return new SamplingParameters(temperature, k, topP, maxTokens);
  }

  /** A copy with another top-p. */
  public SamplingParameters withTopP(double p) {
    return new SamplingParameters(temperature, topK, p, maxTokens);
  }

  /** A copy with another maximum length. */
  public SamplingParameters withMaxTokens(int n) {
    return new SamplingParameters(temperature, topK, topP, n);
  }
}
