/**
 * Streaming JSONL readers and writers for the preference-data interchange formats (TRL, OpenAI DPO,
 * Anthropic HH-RLHF), with line-numbered error reporting and a lenient mode that keeps every valid record.
 */
@NullMarked
package dev.align4j.core.data;

import org.jspecify.annotations.NullMarked;
