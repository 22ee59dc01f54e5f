package dev.align4j.core.data;

/**
 * The JSONL interchange formats align4j reads and writes. Field names follow each format's own documentation.
 */
public enum DataFormat {
  /**
   * TRL preference, standard or conversational: {@code prompt} (optional when implicit), {@code chosen},
   * {@code rejected}; each a string or a list of {@code {role, content}} messages.
   */
  TRL_PREFERENCE,
  /** TRL unpaired preference: {@code prompt}, {@code completion}, boolean {@code label}. */
  TRL_UNPAIRED,
  /**
   * OpenAI DPO fine-tuning: {@code input.messages}, {@code preferred_output} and {@code non_preferred_output} (each a
   * list holding one assistant message).
   */
  OPENAI_DPO,
  /**
   * Anthropic HH-RLHF: {@code chosen} and {@code rejected} transcripts in the {@code "\n\nHuman: … \n\nAssistant: …"}
   * form, sharing every turn but the last assistant answer.
   */
  ANTHROPIC_HH
}
