package dev.align4j.springai;

import dev.align4j.core.llm.ChatModel;

/**
 * align4j's {@link ChatModel} under a second name, for {@link SpringAiChatModel}: its source uses Spring AI's
 * {@code ChatModel} by its simple name, and align4j's code style allows no inline fully qualified type names.
 */
interface CoreChatModel extends ChatModel {}
