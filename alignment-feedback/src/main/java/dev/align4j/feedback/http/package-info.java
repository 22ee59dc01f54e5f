/** OpenAI-compatible chat-completions client over {@code java.net.http}: {@link dev.align4j.feedback.http.OpenAiChatModel}, with retries ({@link dev.align4j.feedback.http.RetryPolicy}), a token-bucket rate limit, a concurrency limit and a circuit breaker. Works against OpenAI, vLLM, Ollama and llama.cpp's server. */
@NullMarked
package dev.align4j.feedback.http;

import org.jspecify.annotations.NullMarked;
