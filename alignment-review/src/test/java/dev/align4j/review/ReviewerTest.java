package dev.align4j.review;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reviewer accounts: the token is kept as a fixed-length digest, compared as one, and never shown. */
class ReviewerTest {
  private static final String TOKEN = "s3cret-token-abcdefghijkl";

  @Test
  void theTokenMatchesOnlyItself() {
    Reviewer r = Reviewer.of("ann", ReviewerRole.REVIEWER, TOKEN);
    assertTrue(r.tokenMatches(TOKEN));
    assertFalse(r.tokenMatches(TOKEN.substring(0, TOKEN.length() - 1)), "a prefix");
    assertFalse(r.tokenMatches(TOKEN + "x"), "an extension");
    assertFalse(r.tokenMatches(""));
  }

  @Test
  void onlyTheSha256DigestIsKeptSoTheComparisonIsOverTwoFixedLengthDigests() throws Exception {
    Reviewer r = Reviewer.of("ann", ReviewerRole.LEAD, TOKEN);
    byte[] expected =
        MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8));
    int secretFields = 0;
    for (Field field : Reviewer.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      field.setAccessible(true);
      Object v = field.get(r);
      assertFalse(TOKEN.equals(v), "the token itself is not kept (field " + field.getName() + ")");
      if (v instanceof byte[] b) {
        secretFields++;
        assertArrayEquals(expected, b);
      }
    }
    assertEquals(1, secretFields);
    // MessageDigest.isEqual runs over the whole first array whatever the mismatch; with two 32-byte
    // digests its time
    // depends on neither the candidate's length nor where it first differs
    assertEquals(32, r.tokenDigestCopy().length);
  }

  @Test
  void theTokenNeverAppearsInToStringOrInAnException() {
    Reviewer r = Reviewer.of("ann", ReviewerRole.REVIEWER, TOKEN);
    assertFalse(r.toString().contains(TOKEN));
    assertEquals("Reviewer[ann, REVIEWER]", r.toString());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Reviewer.of("bob", ReviewerRole.REVIEWER, "short-secret"));
    assertFalse(e.getMessage().contains("short-secret"), e.getMessage());
    assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
  }

  @Test
  void requestsAndResponsesDoNotPrintHeaders() {
    ApiRequest q =
        new ApiRequest(
            "POST",
            "/api/login",
            Map.of(),
            Map.of("Cookie", List.of(ReviewApi.SESSION_COOKIE + "=abc")),
            TOKEN.getBytes(StandardCharsets.UTF_8),
            false);
    assertFalse(q.toString().contains(TOKEN));
    assertFalse(q.toString().contains("abc"));
    assertEquals("abc", q.cookie(ReviewApi.SESSION_COOKIE).orElseThrow());
  }
}
