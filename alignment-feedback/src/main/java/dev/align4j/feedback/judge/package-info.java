/**
 * AI judges (RLAIF / LLM-as-a-judge): {@link dev.align4j.feedback.judge.LlmJudge} asks a chat model for pairwise,
 * ranking, rating and binary verdicts, in both presentation orders, with soft labels from answer-token
 * log-probabilities, delimited candidate content and prompt-injection flags.
 */
@NullMarked
package dev.align4j.feedback.judge;

import org.jspecify.annotations.NullMarked;
