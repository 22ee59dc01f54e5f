package dev.align4j.review;

import dev.align4j.core.check.Require;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A reviewer account configured in Java: a name (the annotator id recorded in every label's provenance), a role and
 * the secret login token. The token is kept only as its SHA-256 digest, compared in constant time
 * ({@link MessageDigest#isEqual} over two 32-byte digests, so the comparison time depends on neither the token nor the
 * candidate), and never appears in {@link #toString()}, logs, URLs or exception messages.
 */
public final class Reviewer {
  /** Shortest accepted token: 16 characters (about 96 bits when drawn from a base64 alphabet). */
  public static final int MIN_TOKEN_LENGTH = 16;

  private final String name;
  private final ReviewerRole role;
  private final byte[] tokenDigest;

  private Reviewer(String name, ReviewerRole role, byte[] tokenDigest) {
    this.name = name;
    this.role = role;
    this.tokenDigest = tokenDigest;
  }

  /**
   * An account.
   *
   * @param name letters, digits, {@code . _ -}, 1 to 64 characters
   * @param role what the account may do
   * @param token the secret login token, at least {@value #MIN_TOKEN_LENGTH} characters (its value is never echoed)
   */
  public static Reviewer of(String name, ReviewerRole role, String token) {
    Require.nonBlank("name", name);
    Require.argument(
        name.matches("[A-Za-z0-9._-]{1,64}"),
        "name must be 1 to 64 letters, digits, '.', '_' or '-', was \"%s\"",
        Require.abbreviate(name, 70));
    Require.nonNull("role", role);
    Require.nonNull("token", token);
    // the message names the length only: the token itself must not appear in an exception
    Require.argument(
        token.length() >= MIN_TOKEN_LENGTH,
        "token of reviewer %s must have at least %d characters, had %d",
        name,
        MIN_TOKEN_LENGTH,
        token.length());
    return new Reviewer(name, role, digest(token));
  }

  /** The reviewer's name (the annotator id of its labels). */
  public String name() {
    return name;
  }

  /** The role. */
  public ReviewerRole role() {
    return role;
  }

  /** Whether {@code candidate} is this account's token, compared in constant time over SHA-256 digests. */
  public boolean tokenMatches(String candidate) {
    Require.nonNull("candidate", candidate);
    return MessageDigest.isEqual(tokenDigest, digest(candidate));
  }

  static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Reviewer r
        && r.name.equals(name)
        && r.role == role
        && MessageDigest.isEqual(r.tokenDigest, tokenDigest);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + role.hashCode();
  }

  /** The name and role; never the token or its digest. */
  @Override
  public String toString() {
    return "Reviewer[" + name + ", " + role + "]";
  }

  byte[] tokenDigestCopy() {
    return Arrays.copyOf(tokenDigest, tokenDigest.length);
  }
}
