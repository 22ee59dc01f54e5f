/**
 * Conversation values: {@link dev.align4j.core.text.Role}, {@link dev.align4j.core.text.Message},
 * {@link dev.align4j.core.text.Prompt} (a multi-turn conversation) and {@link dev.align4j.core.text.Completion}.
 */
@NullMarked
package dev.align4j.core.text;

import org.jspecify.annotations.NullMarked;
