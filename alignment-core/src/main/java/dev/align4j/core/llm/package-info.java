/**
 * A small chat-model SPI: messages in; text, optional per-token log-probabilities and top alternatives out.
 * Judges, LLM-as-reward and remote policies are written against {@link dev.align4j.core.llm.ChatModel}.
 */
@NullMarked
package dev.align4j.core.llm;

import org.jspecify.annotations.NullMarked;
