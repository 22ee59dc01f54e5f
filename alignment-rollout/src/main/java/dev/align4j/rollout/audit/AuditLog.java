package dev.align4j.rollout.audit;

import dev.align4j.core.check.Require;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * An append-only, hash-chained log of {@link DecisionRecord}s, either in memory or in a JSONL file (one canonical
 * JSON record per line, written per record).
 *
 * <p><b>Memory.</b> A file-backed log keeps only its {@link #head() chain head} (record count and last hash) in
 * memory, however many records it holds: a gate that runs for weeks does not grow. Verification and replay read the
 * file as a stream, one line at a time ({@link #stream(Path)}, {@link #verify(Path)}). An {@link #inMemory()} log
 * keeps every record (for tests, demos and short dry runs).
 *
 * <p><b>Tamper evidence.</b> Any change to the stored bytes is detected: each line must be valid UTF-8, end with a
 * single {@code '\n'}, and equal byte for byte the canonical form of the record it parses to ({@link AuditJson}),
 * whose hash {@code SHA-256(previousHash + "\n" + canonical body)} continues the chain. A changed, inserted, removed
 * or reordered record breaks the chain at the first affected line ({@link TamperedAuditLogException} names it).
 * Removing the <em>last</em> records leaves a shorter valid chain: to detect that, store the {@link #head()} after
 * each append somewhere else and check the file against it ({@link #verify(Path, ChainHead)},
 * {@link #jsonl(Path, ChainHead)}).
 *
 * <p>Retention is unlimited (Argo keeps 10 measurements; here nothing is dropped). Opening an existing file verifies
 * its chain and continues it. An append that fails to write leaves the file and the head as they were. Not
 * thread-safe: one gate owns one log, and one log owns its file.
 */
public final class AuditLog {
  private final @Nullable Path file;
  private final @Nullable List<DecisionRecord> records;
  private ChainHead head;

  private AuditLog(@Nullable Path file, ChainHead head) {
    this.file = file;
    this.records = file == null ? new ArrayList<>() : null;
    this.head = head;
  }

  /** A log kept in memory only (every record stays in memory). */
  public static AuditLog inMemory() {
    return new AuditLog(null, ChainHead.EMPTY);
  }

  /**
   * A log appended to {@code file} (created if absent). An existing file is verified first, by streaming it; only
   * its head is kept.
   *
   * @throws TamperedAuditLogException if the existing file does not verify
   */
  public static AuditLog jsonl(Path file) {
    Require.nonNull("file", file);
    return new AuditLog(file, Files.exists(file) ? verify(file) : ChainHead.EMPTY);
  }

  /**
   * A log appended to {@code file}, which must verify and contain the record that {@code expectedHead} names (a
   * head the application stored earlier): a file cut back to fewer records is refused.
   *
   * @throws TamperedAuditLogException if the file does not verify or does not reach {@code expectedHead}
   */
  public static AuditLog jsonl(Path file, ChainHead expectedHead) {
    Require.nonNull("file", file);
    Require.nonNull("expectedHead", expectedHead);
    if (!Files.exists(file)) {
      if (expectedHead.records() > 0) {
        throw new TamperedAuditLogException(1, "the log file " + file + " is missing but the stored head names "
            + expectedHead.records() + " records");
      }
      return new AuditLog(file, ChainHead.EMPTY);
    }
    return new AuditLog(file, verify(file, expectedHead));
  }

  /** The file this log appends to, or null for an in-memory log. */
  public @Nullable Path file() {
    return file;
  }

  /** The chain head: the number of records appended so far (including those found on opening) and the last hash. */
  public ChainHead head() {
    return head;
  }

  /** The number of records in the log. */
  public long size() {
    return head.records();
  }

  /**
   * Seals {@code draft} into the chain (its sequence and hash fields are replaced), stores and returns it. A
   * file-backed log forces the line to the disk before it returns (one fdatasync per decision: a decision the gate
   * acted on survives a crash). If the file cannot be written or forced, the bytes written so far are cut off again,
   * the head is unchanged and the {@link UncheckedIOException} (with its cause) propagates.
   */
  public DecisionRecord append(DecisionRecord draft) {
    Require.nonNull("draft", draft);
    long seq = head.records();
    String prev = head.hash();
    DecisionRecord placed = draft.chained(seq, prev, "");
    DecisionRecord sealed = placed.chained(seq, prev, hashOf(placed));
    if (file != null) {
      write(file, (AuditJson.toJson(sealed) + "\n").getBytes(StandardCharsets.UTF_8));
    } else {
      records.add(sealed);
    }
    head = new ChainHead(seq + 1, sealed.hash());
    return sealed;
  }

  private static void write(Path file, byte[] line) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      long end = ch.size();
      try {
        ByteBuffer b = ByteBuffer.wrap(line);
        long at = end;
        while (b.hasRemaining()) {
          at += ch.write(b, at);
        }
        ch.force(false); // a returned record is on the disk (fdatasync: data and the size needed to read it)
      } catch (IOException e) {
        try {
          ch.truncate(end);
        } catch (IOException t) {
          e.addSuppressed(t);
        }
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to audit log " + file, e);
    }
  }

  /**
   * Every record so far, oldest first, as a list: an in-memory log's records, or a file-backed log's file read,
   * verified and held in memory whole. For a large file use {@link #stream()}.
   */
  public List<DecisionRecord> records() {
    if (records != null) {
      return List.copyOf(records);
    }
    try (Stream<DecisionRecord> s = stream()) {
      return s.toList();
    }
  }

  /**
   * The records, oldest first, as a stream that a file-backed log reads and verifies line by line (close it, e.g.
   * with try-with-resources). A tampered line throws {@link TamperedAuditLogException} when the stream reaches it.
   */
  public Stream<DecisionRecord> stream() {
    return records != null ? List.copyOf(records).stream() : stream(file);
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
   * The records of a JSONL audit file, oldest first, read and verified one line at a time as the stream is consumed
   * (memory does not grow with the file). Close the stream. A line that does not verify throws
   * {@link TamperedAuditLogException} naming it when the stream reaches it; an I/O error throws
   * {@link UncheckedIOException} with its cause.
   */
  public static Stream<DecisionRecord> stream(Path file) {
    Require.nonNull("file", file);
    AuditFileReader reader = new AuditFileReader(file);
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(reader,
        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE), false).onClose(reader::close);
  }

  /**
   * Reads and verifies a JSONL audit file, calling {@code visitor} with each record in order, and returns the
   * file's chain head. Memory does not grow with the file.
   *
   * @throws TamperedAuditLogException at the first line that does not verify
   */
  public static ChainHead replay(Path file, Consumer<DecisionRecord> visitor) {
    Require.nonNull("file", file);
    Require.nonNull("visitor", visitor);
    try (AuditFileReader reader = new AuditFileReader(file)) {
      while (reader.hasNext()) {
        visitor.accept(reader.next());
      }
      return reader.head();
    }
  }

  /**
   * Verifies a JSONL audit file by streaming it and returns its chain head.
   *
   * @throws TamperedAuditLogException at the first line whose bytes, record, position or chain link do not verify
   */
  public static ChainHead verify(Path file) {
    return replay(file, r -> { });
  }

  /**
   * Verifies a JSONL audit file and that it still holds the record named by {@code expectedHead} (a head stored
   * elsewhere earlier): the record at position {@code expectedHead.records()} must have {@code expectedHead.hash()}.
   * Records appended after it are allowed. Returns the file's current head.
   *
   * @throws TamperedAuditLogException if the file does not verify, ends before that record (records were
   *     removed), or holds another record there
   */
  public static ChainHead verify(Path file, ChainHead expectedHead) {
    Require.nonNull("expectedHead", expectedHead);
    long at = expectedHead.records();
    @Nullable String[] hashThere = {at == 0 ? DecisionRecord.GENESIS : null};
    ChainHead actual = replay(file, r -> {
      if (r.sequence() == at - 1) {
        hashThere[0] = r.hash();
      }
    });
    if (actual.records() < at) {
      throw new TamperedAuditLogException(actual.records() + 1, "the log ends after " + actual.records()
          + " records but the stored head names record " + at + " (records were removed from the end)");
    }
    if (!expectedHead.hash().equals(hashThere[0])) {
      throw new TamperedAuditLogException(at, "record " + at + " does not have the stored head's hash "
          + expectedHead.hash() + " (the log was rewritten)");
    }
    return actual;
  }

  /**
   * Loads and verifies a whole JSONL audit log into memory. For long logs prefer {@link #stream(Path)} or
   * {@link #replay(Path, Consumer)}, which do not hold every record.
   *
   * @throws TamperedAuditLogException at the first line that does not verify
   */
  public static List<DecisionRecord> load(Path file) {
    try (Stream<DecisionRecord> s = stream(file)) {
      return s.toList();
    }
  }

  /**
   * Verifies a chain of records held in memory.
   *
   * @throws TamperedAuditLogException at the first record (1-based) that does not verify
   */
  public static void verify(List<DecisionRecord> chain) {
    Require.nonNull("chain", chain);
    String prev = DecisionRecord.GENESIS;
    for (int i = 0; i < chain.size(); i++) {
      DecisionRecord r = chain.get(i);
      checkLink(i + 1, r, i, prev);
      prev = r.hash();
    }
  }

  /** Checks that {@code r}, found at 1-based {@code line}, is record {@code sequence} after {@code prev}. */
  static void checkLink(long line, DecisionRecord r, long sequence, String prev) {
    if (r.sequence() != sequence) {
      throw new TamperedAuditLogException(line, "sequence " + r.sequence() + " where " + sequence + " was expected");
    }
    if (!r.previousHash().equals(prev)) {
      throw new TamperedAuditLogException(line, "previousHash does not match the preceding record's hash");
    }
    if (!hashOf(r).equals(r.hash())) {
      throw new TamperedAuditLogException(line, "content does not match its hash");
    }
  }
}
