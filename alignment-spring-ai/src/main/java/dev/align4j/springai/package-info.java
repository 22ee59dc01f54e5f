/**
 * Spring AI integration: {@link dev.align4j.springai.SpringAiChatModel} (any Spring AI {@code ChatModel} as align4j's
 * chat model, with token log-probabilities where the provider returns them and typed, retriable or non-retriable
 * failures), {@link dev.align4j.springai.JudgeEvaluator} and {@link dev.align4j.springai.RewardModelEvaluator} (align4j
 * judges and reward models as Spring AI {@code Evaluator}s). The Boot starter is in {@code dev.align4j.springai.boot}.
 */
@NullMarked
package dev.align4j.springai;

import org.jspecify.annotations.NullMarked;
