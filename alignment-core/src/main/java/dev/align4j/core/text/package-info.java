/**
 * Conversation values: {@link dev.align4j.core.text.Role}, {@link dev.align4j.core.text.Message},
 * {@link dev.align4j.core.text.Prompt} (a multi-turn conversation) and {@link dev.align4j.core.text.Completion}; and
 * {@link dev.align4j.core.text.ScriptAwareSegmenter}, the one definition of words, tokens and word counts across
 * scripts (languages written without spaces included) that featurizers, length rules and tokenizers share.
 */
@NullMarked
package dev.align4j.core.text;

import org.jspecify.annotations.NullMarked;
