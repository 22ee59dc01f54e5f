package dev.align4j.rollout.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JSONL audit file one line at a time and verifies each record as it goes, so that only the current line
 * and the chain's running head are held in memory. A line is accepted only if its bytes are valid UTF-8, end with
 * {@code '\n'} (no {@code '\r'}), parse as a record, equal byte for byte the canonical form the writer produces
 * ({@link AuditJson#toJson}), and continue the chain (sequence, previous hash, own hash). The first line that fails
 * any of these throws {@link TamperedAuditLogException} naming it. Not thread-safe.
 */
final class AuditFileReader implements Iterator<DecisionRecord>, Closeable {
  private final Path file;
  private final InputStream in;
  private final byte[] chunk = new byte[64 * 1024];
  private int pos;
  private int limit;
  private byte[] buf = new byte[16 * 1024];
  private long line;
  private long sequence;
  private String previousHash = DecisionRecord.GENESIS;
  private @Nullable DecisionRecord next;
  private boolean done;

  AuditFileReader(Path file) {
    this.file = file;
    try {
      this.in = Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audit log " + file, e);
    }
  }

  /** The head of the records verified so far. */
  ChainHead head() {
    return sequence == 0 ? ChainHead.EMPTY : new ChainHead(sequence, previousHash);
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      next = readRecord();
      done = next == null;
    }
    return next != null;
  }

  @Override
  public DecisionRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more audit records in " + file);
    }
    DecisionRecord r = next;
    next = null;
    return r;
  }

  private @Nullable DecisionRecord readRecord() {
    int len = 0;
    boolean terminated = false;
    try {
      while (!terminated) {
        if (pos == limit) {
          limit = in.read(chunk);
          pos = 0;
          if (limit < 0) {
            limit = 0;
            break;
          }
        }
        int start = pos;
        while (pos < limit && chunk[pos] != '\n') {
          pos++;
        }
        int n = pos - start;
        if (len + n > buf.length) {
          buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        System.arraycopy(chunk, start, buf, len, n);
        len += n;
        if (pos < limit) {
          pos++;
          terminated = true;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audit log " + file + " at line " + (line + 1), e);
    }
    if (!terminated && len == 0) {
      return null;
    }
    line++;
    if (!terminated) {
      throw new TamperedAuditLogException(line, "the last line has no line terminator (a torn or cut write)");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buf, 0, len)).toString();
    } catch (CharacterCodingException e) {
      throw new TamperedAuditLogException(line, "the line is not valid UTF-8 (" + e + ")");
    }
    if (text.isBlank()) {
      throw new TamperedAuditLogException(line, "blank line");
    }
    DecisionRecord r;
    try {
      r = AuditJson.fromJson(text);
    } catch (IllegalArgumentException e) {
      throw new TamperedAuditLogException(line, e.getMessage());
    }
    if (!AuditJson.toJson(r).equals(text)) {
      throw new TamperedAuditLogException(line, "the line is not the canonical form of its record (its bytes were "
          + "changed, e.g. the case of a letter, a number's digits, spacing or field order)");
    }
    AuditLog.checkLink(line, r, sequence, previousHash);
    sequence++;
    previousHash = r.hash();
    return r;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close audit log " + file, e);
    }
  }
}
