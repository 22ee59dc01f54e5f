package dev.align4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Validation and layout of {@link TokenGradients}: bad offsets, lengths and values are refused, naming them. */
class TokenGradientsTest {

  private static void assertRefused(String expected, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(
        e.getMessage().contains(expected),
        "expected the message to contain \"" + expected + "\", was: " + e.getMessage());
  }

  @Test
  void perTokenLaysSequencesEndToEndWithoutCopying() {
    double[] values = {1, 2, 3, 4, 5, 6};
    TokenGradients.PerToken g = TokenGradients.perToken(values, new int[] {2, 1, 3});
    assertSame(values, g.values());
    assertArrayEquals(new int[] {0, 2, 3, 6}, g.offsets());
    assertEquals(3, g.size());
    assertEquals(1, g.length(1));
    assertEquals(3, g.length(2));
    assertEquals(0, TokenGradients.perToken(new double[0], new int[0]).size());
  }

  @Test
  void perTokenRefusesBadOffsetsNamingThem() {
    assertRefused(
        "offsets must start with 0, was 1",
        () -> new TokenGradients.PerToken(new double[3], new int[] {1, 3}));
    assertRefused(
        "offsets must start with 0, was empty",
        () -> new TokenGradients.PerToken(new double[0], new int[0]));
    assertRefused(
        "offsets[2] was 2 after 2",
        () -> new TokenGradients.PerToken(new double[4], new int[] {0, 2, 2, 4}));
    assertRefused(
        "offsets[2] was 1 after 3",
        () -> new TokenGradients.PerToken(new double[4], new int[] {0, 3, 1, 4}));
    assertRefused(
        "the last offset must be values.length, 5, was 4",
        () -> new TokenGradients.PerToken(new double[5], new int[] {0, 2, 4}));
    assertRefused(
        "lengths[1] must be positive, was 0",
        () -> TokenGradients.perToken(new double[2], new int[] {2, 0}));
    assertRefused(
        "lengths[0] must be positive, was -1",
        () -> TokenGradients.perToken(new double[2], new int[] {-1, 3}));
  }

  @Test
  void nonFiniteValuesAreRefusedNamingTheIndex() {
    assertRefused(
        "values[1] must be finite, was NaN",
        () -> TokenGradients.perToken(new double[] {0, Double.NaN, 1}, new int[] {1, 2}));
    assertRefused(
        "values[2] must be finite, was Infinity",
        () -> TokenGradients.perSequence(new double[] {0, 1, Double.POSITIVE_INFINITY}));
    assertThrows(NullPointerException.class, () -> TokenGradients.perSequence(null));
    assertThrows(NullPointerException.class, () -> TokenGradients.perToken(null, new int[] {1}));
    assertThrows(NullPointerException.class, () -> TokenGradients.perToken(new double[1], null));
  }

  @Test
  void toStringShowsTheShapeOnly() {
    assertEquals(
        "TokenGradients.PerToken[2 sequences, 3 tokens]",
        TokenGradients.perToken(new double[] {0.123, 4, 5}, new int[] {1, 2}).toString());
    assertEquals(
        "TokenGradients.PerSequence[2 sequences]",
        TokenGradients.perSequence(new double[] {0.123, 4}).toString());
  }
}
