/**
 * Tokenizers for the in-process language models: the {@link dev.align4j.policies.token.Tokenizer} SPI, a
 * byte-level tokenizer that needs no vocabulary file, and a word-level tokenizer built from a corpus with a byte
 * fallback (both lossless).
 */
@NullMarked
package dev.align4j.policies.token;

import org.jspecify.annotations.NullMarked;
