package dev.align4j.core.data;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.check.Require;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes paired preferences as JSONL in one of the paired {@link DataFormat}s, one object per line.
 *
 * <p>What each format keeps and loses:
 *
 * <ul>
 *   <li>{@link DataFormat#TRL_PREFERENCE}: everything (single-turn prompts as the standard format, multi-turn as the
 *       conversational format with an explicit prompt; {@link #conversational(boolean)} forces the latter).
 *   <li>{@link DataFormat#OPENAI_DPO}: everything; the system prompt goes into {@code input.messages}.
 *   <li>{@link DataFormat#ANTHROPIC_HH}: only Human and Assistant turns; system and tool turns are dropped and
 *       counted in {@link #droppedTurns()}. A turn whose text contains {@code "\n\nHuman:"} or
 *       {@code "\n\nAssistant:"} cannot be told apart from a turn boundary on reading.
 * </ul>
 *
 * Token ids and log-probabilities of completions are never written (none of the formats has them). Extra fields
 * (e.g. a {@code "margin"}, an annotator id) are written as additional top-level keys, which TRL keeps as columns.
 */
public final class PreferenceJsonlWriter implements Closeable {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private final Writer out;
  private final DataFormat format;
  private final int[] dropped = new int[1];
  private boolean conversational;
  private long written;

  private PreferenceJsonlWriter(Writer out, DataFormat format) {
    this.out = out;
    this.format = format;
  }

  /** Creates (or truncates) {@code file} and writes {@code format} to it. */
  public static PreferenceJsonlWriter open(Path file, DataFormat format) {
    Require.nonNull("file", file);
    requirePaired(format);
    try {
      return new PreferenceJsonlWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), format);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file + " for writing: " + e.getMessage(), e);
    }
  }

  /** Writes {@code format} to {@code writer} (closed by {@link #close()}). */
  public static PreferenceJsonlWriter to(Writer writer, DataFormat format) {
    Require.nonNull("writer", writer);
    requirePaired(format);
    return new PreferenceJsonlWriter(
        writer instanceof BufferedWriter ? writer : new BufferedWriter(writer), format);
  }

  private static void requirePaired(DataFormat format) {
    Require.nonNull("format", format);
    Require.argument(
        format != DataFormat.TRL_UNPAIRED,
        "format must be a paired preference format, was %s; use UnpairedJsonlWriter for TRL_UNPAIRED",
        format);
  }

  /** For TRL: always write the conversational form (message lists), even for single-turn prompts. */
  public PreferenceJsonlWriter conversational(boolean always) {
    this.conversational = always;
    return this;
  }

  /** Writes one example. */
  public void write(PreferenceExample example) {
    write(example, Map.of());
  }

  /**
   * Writes one example with extra top-level fields.
   *
   * @throws IllegalArgumentException when an extra field would overwrite a field of the format
   */
  public void write(PreferenceExample example, Map<String, ?> extraFields) {
    Require.nonNull("example", example);
    Require.nonNull("extraFields", extraFields);
    ObjectNode o = PreferenceCodec.writePreference(format, example, conversational, dropped);
    for (Map.Entry<String, ?> e : extraFields.entrySet()) {
      Require.argument(
          !o.has(e.getKey()), "extraFields must not overwrite the format's field \"%s\"", e.getKey());
      o.set(e.getKey(), MAPPER.valueToTree(e.getValue()));
    }
    try {
      out.write(MAPPER.writeValueAsString(o));
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

  /** System and tool turns dropped so far (HH-RLHF only). */
  public long droppedTurns() {
    return dropped[0];
  }

  /** Flushes buffered records to the underlying writer. */
  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
