package dev.align4j.langchain4j;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.Role;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Conversations between the two libraries: LangChain4j's {@link ChatMessage}s and align4j's {@link Message}s and
 * {@link Prompt}s.
 *
 * <p>LangChain4j to align4j ({@link #toPrompt}): system, user and AI messages keep their role; a tool result becomes a
 * {@code TOOL} turn with its text; of a user message with several contents only the text parts are kept (joined with
 * a newline; images and audio have no place in a text prompt); an AI message without text (a tool call) becomes an
 * empty assistant turn. Custom messages are refused. align4j to LangChain4j ({@link #toLangChain4j}): system, user
 * and assistant turns map one to one; a {@code TOOL} turn is refused, because LangChain4j needs the id and the name of
 * the tool call it answers, which an align4j message does not carry.
 */
public final class Conversations {
  private Conversations() {}

  /**
   * The conversation as an align4j prompt, oldest first.
   *
   * @throws IllegalArgumentException when {@code messages} is empty or holds a custom message
   */
  public static Prompt toPrompt(List<? extends ChatMessage> messages) {
    Require.nonEmpty("messages", messages);
    List<Message> out = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      out.add(toMessage(i, Require.nonNull("messages[" + i + "]", messages.get(i))));
    }
    return new Prompt(out);
  }

  private static Message toMessage(int index, ChatMessage m) {
    if (m instanceof SystemMessage s) {
      return Message.system(s.text());
    }
    if (m instanceof UserMessage u) {
      return Message.user(userText(u));
    }
    if (m instanceof AiMessage a) {
      return Message.assistant(a.text() == null ? "" : a.text());
    }
    if (m instanceof ToolExecutionResultMessage t) {
      return new Message(Role.TOOL, t.text() == null ? "" : t.text());
    }
    throw new IllegalArgumentException(
        "messages["
            + index
            + "] must be a system, user, AI or tool-result message, was "
            + m.type());
  }

  /** The text parts of a user message, joined with a newline. */
  static String userText(UserMessage u) {
    if (u.hasSingleText()) {
      return u.singleText();
    }
    StringBuilder sb = new StringBuilder();
    for (Content c : u.contents()) {
      if (c instanceof TextContent t) {
        if (sb.length() > 0) {
          sb.append('\n');
        }
        sb.append(t.text());
      }
    }
    return sb.toString();
  }

  /**
   * The align4j turns as LangChain4j messages.
   *
   * @throws IllegalArgumentException for a {@code TOOL} turn
   */
  public static List<ChatMessage> toLangChain4j(List<Message> messages) {
    Require.nonNull("messages", messages);
    List<ChatMessage> out = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      switch (m.role()) {
        case SYSTEM:
          out.add(SystemMessage.from(m.content()));
          break;
        case USER:
          out.add(UserMessage.from(m.content()));
          break;
        case ASSISTANT:
          out.add(AiMessage.from(m.content()));
          break;
        default:
          throw new IllegalArgumentException(
              "messages["
                  + i
                  + "] has role "
                  + m.role()
                  + ": expected SYSTEM, USER or ASSISTANT"
                  + " (a LangChain4j tool result needs the id of the call it answers)");
      }
    }
    return out;
  }
}
