package dev.align4j.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ChatModelTest {
  @Test
  void theDefaultCheckSendsOneOneTokenRequestAndPassesTheFailureOnWithItsCause() {
    List<ChatRequest> seen = new CopyOnWriteArrayList<>();
    ChatModel up = r -> {
      seen.add(r);
      return ChatResponse.ofText("OK");
    };
    up.check();
    assertEquals(1, seen.size());
    assertEquals(1, seen.get(0).maxTokens());

    ConnectException refused = new ConnectException("Connection refused");
    ChatModel down = r -> {
      throw new ChatModelException("I/O failure calling http://127.0.0.1:9/v1", true, refused);
    };
    ChatModelException e = assertThrows(ChatModelException.class, down::check);
    assertSame(refused, e.getCause());
  }
}
