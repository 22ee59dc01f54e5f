package dev.align4j.policies.lm;

/** How a {@link TransformerLanguageModel} knows where a token is. */
public enum PositionEncoding {
  /** A learned vector per position added to the token embedding (GPT-2, Radford et al. 2019). */
  LEARNED,
  /**
   * Rotary position embedding applied to queries and keys (RoFormer, Su et al. 2021), in the "rotate half" layout of
   * GPT-NeoX and LLaMA: dimension i of a head is paired with dimension i + headDim/2, angle t·base^(−2i/headDim).
   */
  ROTARY
}
