package dev.align4j.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextModelTest {

  @Test
  void prompt_copiesItsList_andRejectsEmptyOrNull() {
    List<Message> turns = new ArrayList<>(List.of(Message.user("hi")));
    Prompt p = new Prompt(turns);
    turns.add(Message.assistant("later"));
    assertEquals(1, p.messages().size());
    var e = assertThrows(IllegalArgumentException.class, () -> new Prompt(List.of()));
    assertTrue(e.getMessage().contains("messages must not be empty"), e.getMessage());
    assertThrows(NullPointerException.class, () -> new Prompt(null));
    assertThrows(NullPointerException.class, () -> Prompt.of((String) null));
  }

  @Test
  void prompt_text_rendersSingleAndMultiTurn() {
    assertEquals("What is 2+2?", Prompt.of("What is 2+2?").text());
    Prompt multi = Prompt.of(Message.system("Be brief."), Message.user("Hi"), Message.assistant("Hello"), Message.user("2+2?"));
    assertEquals("system: Be brief.\nuser: Hi\nassistant: Hello\nuser: 2+2?", multi.text());
    assertEquals("2+2?", multi.lastUserText());
    assertFalse(multi.isSingleTurn());
    assertEquals(5, multi.with(Message.assistant("4")).messages().size());
  }

  @Test
  void role_parsesWireNames_andNamesTheBadValue() {
    assertEquals(Role.ASSISTANT, Role.fromWireName("Assistant"));
    var e = assertThrows(IllegalArgumentException.class, () -> Role.fromWireName("bot"));
    assertTrue(e.getMessage().contains("\"bot\"") && e.getMessage().contains("user"), e.getMessage());
  }

  @Test
  void completion_isImmutable_andValidatesLogProbs() {
    double[] lp = {-0.5, -1.5};
    int[] ids = {3, 4};
    Completion c = new Completion("ab", ids, lp);
    lp[0] = -100;
    ids[0] = 99;
    assertArrayEquals(new double[] {-0.5, -1.5}, c.tokenLogProbs());
    assertArrayEquals(new int[] {3, 4}, c.tokenIds());
    c.tokenLogProbs()[0] = -7;
    assertEquals(-2.0, c.sequenceLogProb(), 1e-15);
    assertEquals(c, new Completion("ab", new int[] {3, 4}, new double[] {-0.5, -1.5}));
    assertNotEquals(c, Completion.of("ab"));
    assertTrue(Double.isNaN(Completion.of("x").sequenceLogProb()));

    var pos = assertThrows(IllegalArgumentException.class, () -> new Completion("x", null, new double[] {-1, 0.2}));
    assertTrue(pos.getMessage().contains("tokenLogProbs[1]") && pos.getMessage().contains("0.2"), pos.getMessage());
    var nan = assertThrows(IllegalArgumentException.class, () -> new Completion("x", null, new double[] {Double.NaN}));
    assertTrue(nan.getMessage().contains("tokenLogProbs[0]"), nan.getMessage());
    var len = assertThrows(IllegalArgumentException.class, () -> new Completion("x", new int[] {1}, new double[] {-1, -2}));
    assertTrue(len.getMessage().contains("same length"), len.getMessage());
  }
}
