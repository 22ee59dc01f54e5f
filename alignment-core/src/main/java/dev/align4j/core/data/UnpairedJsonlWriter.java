package dev.align4j.core.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.check.Require;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes TRL unpaired preferences ({@code prompt}/{@code completion}/{@code label}) as JSONL. Single-turn prompts use
 * the standard form, multi-turn prompts the conversational one. Nothing of an {@link UnpairedExample} is lost.
 */
public final class UnpairedJsonlWriter implements Closeable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final Writer out;
  private long written;

  private UnpairedJsonlWriter(Writer out) {
    this.out = out;
  }

  /** Creates (or truncates) {@code file}. */
  public static UnpairedJsonlWriter open(Path file) {
    Require.nonNull("file", file);
    try {
      return new UnpairedJsonlWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file + " for writing: " + e.getMessage(), e);
    }
  }

  /** Writes to {@code writer} (closed by {@link #close()}). */
  public static UnpairedJsonlWriter to(Writer writer) {
    Require.nonNull("writer", writer);
    return new UnpairedJsonlWriter(writer instanceof BufferedWriter ? writer : new BufferedWriter(writer));
  }

  /** Writes one example. */
  public void write(UnpairedExample example) {
    Require.nonNull("example", example);
    try {
      out.write(MAPPER.writeValueAsString(PreferenceCodec.writeUnpaired(example, false)));
      out.write('\n');
      written++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write record " + (written + 1) + ": " + e.getMessage(), e);
    }
  }

  /** Records written so far. */
  public long written() {
    return written;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
