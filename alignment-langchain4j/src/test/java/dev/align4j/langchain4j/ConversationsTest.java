package dev.align4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.Role;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationsTest {

  @Test
  void rolesMapBothWays() {
    List<Message> turns = List.of(Message.system("s"), Message.user("u"), Message.assistant("a"));
    List<ChatMessage> lc = Conversations.toLangChain4j(turns);
    assertEquals(List.of(SystemMessage.from("s"), UserMessage.from("u"), AiMessage.from("a")), lc);
    assertEquals(new Prompt(turns), Conversations.toPrompt(lc));
  }

  @Test
  void toolResultsAndMultiPartUserMessagesKeepTheirText() {
    Prompt p =
        Conversations.toPrompt(
            List.of(
                UserMessage.from(
                    TextContent.from("look:"),
                    ImageContent.from("http://127.0.0.1/x.png"),
                    TextContent.from("what is it?")),
                ToolExecutionResultMessage.from("id1", "weather", "sunny")));
    assertEquals("look:\nwhat is it?", p.messages().get(0).content());
    assertEquals(new Message(Role.TOOL, "sunny"), p.messages().get(1));
  }

  @Test
  void aToolTurnCannotGoToLangChain4j() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Conversations.toLangChain4j(
                    List.of(Message.user("u"), new Message(Role.TOOL, "t"))));
    assertTrue(
        e.getMessage().contains("messages[1]") && e.getMessage().contains("TOOL"), e.getMessage());
  }
}
