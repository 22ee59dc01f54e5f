/**
 * OpenAI-compatible chat-completions client over {@code java.net.http}:
 * {@link dev.align4j.feedback.http.OpenAiChatModel}, with retries ({@link dev.align4j.feedback.http.RetryPolicy}), a
 * sliding-window rate limit ({@link dev.align4j.feedback.http.RateLimit}), a concurrency limit, a circuit breaker, a
 * start-up {@code check()} and {@code health()}. Works against OpenAI, vLLM, Ollama and llama.cpp's server.
 */
@NullMarked
package dev.align4j.feedback.http;

import org.jspecify.annotations.NullMarked;
