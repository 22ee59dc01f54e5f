/**
 * Export of stored feedback to the TRL, OpenAI DPO and Anthropic HH-RLHF preference formats of
 * {@code dev.align4j.core.data}.
 */
@NullMarked
package dev.align4j.feedback.export;

import org.jspecify.annotations.NullMarked;
