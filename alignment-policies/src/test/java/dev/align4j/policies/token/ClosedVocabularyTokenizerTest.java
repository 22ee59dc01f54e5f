package dev.align4j.policies.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosedVocabularyTokenizerTest {
  private static final ClosedVocabularyTokenizer T =
      ClosedVocabularyTokenizer.of(List.of("lookup", "k1", "v2"));

  @Test
  void oneIdPerWordAfterTheReservedIds() {
    assertEquals(6, T.vocabularySize());
    assertArrayEquals(new int[] {3, 4, 5, 4}, T.encode("  lookup k1\tv2\nk1 "));
    assertArrayEquals(new int[0], T.encode(" \n"));
    assertEquals("lookup k1", T.decode(new int[] {0, 3, 1, 4, 2}), "reserved ids are skipped");
    assertTrue(T.isReserved(T.bos()) && T.isReserved(T.separator()) && T.isReserved(T.eos()));
    assertEquals("closed-vocabulary", T.name());
  }

  @Test
  void unknownWordsAndBadVocabulariesAreRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> T.encode("lookup k9"));
    assertTrue(
        e.getMessage().contains("text word 1") && e.getMessage().contains("\"k9\""),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> T.decode(new int[] {3, 6}));
    assertTrue(e.getMessage().contains("ids[1] must be in [0, 6), was 6"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClosedVocabularyTokenizer.of(List.of("a", "b", "a")));
    assertTrue(e.getMessage().contains("words[2] repeats \"a\""), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> ClosedVocabularyTokenizer.of(List.of("a b")));
    assertTrue(e.getMessage().contains("without whitespace"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ClosedVocabularyTokenizer.of(List.of()));
  }
}
