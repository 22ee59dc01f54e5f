package dev.align4j.rollout.audit;

import dev.align4j.core.check.Require;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An append-only, hash-chained log of {@link DecisionRecord}s, kept in memory and optionally appended to a JSONL
 * file (one canonical JSON record per line, flushed per record). Retention is unlimited (Argo keeps 10 measurements;
 * here nothing is dropped). Opening an existing file verifies its chain and continues it. Not thread-safe: one gate
 * owns one log.
 */
public final class AuditLog {
  private final List<DecisionRecord> records = new ArrayList<>();
  private final @Nullable Path file;

  private AuditLog(@Nullable Path file) {
    this.file = file;
  }

  /** A log kept in memory only. */
  public static AuditLog inMemory() {
    return new AuditLog(null);
  }

  /**
   * A log appended to {@code file} (created if absent). An existing file is loaded and verified first.
   *
   * @throws TamperedAuditLogException if the existing file's chain does not verify
   */
  public static AuditLog jsonl(Path file) {
    Require.nonNull("file", file);
    AuditLog log = new AuditLog(file);
    if (Files.exists(file)) {
      log.records.addAll(load(file));
    }
    return log;
  }

  /** Seals {@code draft} into the chain (its sequence and hash fields are replaced), stores and returns it. */
  public DecisionRecord append(DecisionRecord draft) {
    Require.nonNull("draft", draft);
    String prev = records.isEmpty() ? DecisionRecord.GENESIS : records.get(records.size() - 1).hash();
    DecisionRecord placed = draft.chained(records.size(), prev, "");
    DecisionRecord sealed = placed.chained(records.size(), prev, hashOf(placed));
    if (file != null) {
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND)) {
        w.write(AuditJson.toJson(sealed));
        w.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to audit log " + file, e);
      }
    }
    records.add(sealed);
    return sealed;
  }

  /** Every record so far, oldest first. */
  public List<DecisionRecord> records() {
    return List.copyOf(records);
  }

  /** {@code SHA-256(previousHash + "\n" + canonical body)}, hex. */
  static String hashOf(DecisionRecord r) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(r.previousHash().getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
      md.update(AuditJson.canonicalBody(r).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  /**
   * Loads and verifies a JSONL audit log.
   *
   * @throws TamperedAuditLogException at the first line whose record, position or chain link does not verify
   */
  public static List<DecisionRecord> load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audit log " + file, e);
    }
    List<DecisionRecord> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        throw new TamperedAuditLogException(i + 1, "blank line");
      }
      DecisionRecord r;
      try {
        r = AuditJson.fromJson(lines.get(i));
      } catch (IllegalArgumentException e) {
        throw new TamperedAuditLogException(i + 1, e.getMessage());
      }
      out.add(r);
    }
    verify(out);
    return out;
  }

  /**
   * Verifies a chain of records.
   *
   * @throws TamperedAuditLogException at the first record (1-based) that does not verify
   */
  public static void verify(List<DecisionRecord> chain) {
    String prev = DecisionRecord.GENESIS;
    for (int i = 0; i < chain.size(); i++) {
      DecisionRecord r = chain.get(i);
      if (r.sequence() != i) {
        throw new TamperedAuditLogException(i + 1, "sequence " + r.sequence() + " where " + i + " was expected");
      }
      if (!r.previousHash().equals(prev)) {
        throw new TamperedAuditLogException(i + 1, "previousHash does not match the preceding record's hash");
      }
      String h = hashOf(r);
      if (!h.equals(r.hash())) {
        throw new TamperedAuditLogException(i + 1, "content does not match its hash");
      }
      prev = h;
    }
  }
}
