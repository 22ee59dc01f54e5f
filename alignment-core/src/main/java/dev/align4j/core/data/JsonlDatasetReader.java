package dev.align4j.core.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.check.Require;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming reader of a JSONL dataset in one of the {@link DataFormat}s.
 *
 * <p>Records are handed to a consumer one at a time, so memory stays flat however large the file is (only the longest
 * accepted line is held). Every bad line — malformed JSON, a missing field, a wrong type, an empty completion, invalid
 * UTF-8, a line over {@link ReadOptions#maxLineBytes()} — is reported with the file, the 1-based line number and the
 * reason: strict mode throws a {@link DatasetLineException} at the first one; lenient mode sets it aside (and writes
 * it, with its original text, to the rejects file when one is configured) and delivers every valid record. Blank lines
 * are skipped and counted, not rejected.
 *
 * <pre>{@code
 * var reader = JsonlDatasetReader.preferences(DataFormat.TRL_PREFERENCE, ReadOptions.lenient(rejects));
 * ReadSummary s = reader.read(Path.of("prefs.jsonl"), example -> batch.add(example));
 * }</pre>
 *
 * @param <T> the record type ({@link PreferenceExample} or {@link UnpairedExample})
 */
public final class JsonlDatasetReader<T> {
  private static final Logger LOG = LoggerFactory.getLogger(JsonlDatasetReader.class);
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** Parses one JSON value into a record or rejects it with a reason. */
  interface Parser<T> {
    T parse(JsonNode node) throws LineRejectedException;
  }

  private final DataFormat format;
  private final Parser<T> parser;
  private final ReadOptions options;

  private JsonlDatasetReader(DataFormat format, Parser<T> parser, ReadOptions options) {
    this.format = format;
    this.parser = parser;
    this.options = Require.nonNull("options", options);
  }

  /**
   * A reader of paired preferences.
   *
   * @param format {@link DataFormat#TRL_PREFERENCE}, {@link DataFormat#OPENAI_DPO} or {@link DataFormat#ANTHROPIC_HH}
   */
  public static JsonlDatasetReader<PreferenceExample> preferences(DataFormat format, ReadOptions options) {
    Require.nonNull("format", format);
    Require.argument(
        format != DataFormat.TRL_UNPAIRED,
        "format must be a paired preference format (TRL_PREFERENCE, OPENAI_DPO, ANTHROPIC_HH), was %s;"
            + " use JsonlDatasetReader.unpaired for TRL_UNPAIRED",
        format);
    return new JsonlDatasetReader<>(format, n -> PreferenceCodec.parsePreference(format, n), options);
  }

  /** A reader of TRL unpaired preferences ({@code prompt}/{@code completion}/{@code label}). */
  public static JsonlDatasetReader<UnpairedExample> unpaired(ReadOptions options) {
    return new JsonlDatasetReader<>(DataFormat.TRL_UNPAIRED, PreferenceCodec::parseUnpaired, options);
  }

  /** The options this reader uses. */
  public ReadOptions options() {
    return options;
  }

  /**
   * Reads {@code file}, handing every valid record to {@code sink} in file order.
   *
   * @throws DatasetLineException in strict mode, at the first bad line; a {@link DatasetFormatMismatchException}
   *     when that line is the first record line and has the fields of another format
   * @throws UncheckedIOException when the file cannot be read
   */
  public ReadSummary read(Path file, Consumer<? super T> sink) {
    Require.nonNull("file", file);
    Require.nonNull("sink", sink);
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file, sink);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads all valid records of {@code file} into a list (for small files; use {@link #read} for large ones). */
  public List<T> readAll(Path file) {
    List<T> out = new ArrayList<>();
    read(file, out::add);
    return out;
  }

  /**
   * Reads a stream (not closed by this method); {@code name} is used in messages and may be null.
   *
   * @throws DatasetLineException in strict mode, at the first bad line; a {@link DatasetFormatMismatchException}
   *     when that line is the first record line and has the fields of another format
   */
  public ReadSummary read(InputStream in, @Nullable Path name, Consumer<? super T> sink) throws IOException {
    JsonlLineSource lines = new JsonlLineSource(in, options.maxLineBytes());
    long records = 0;
    long blank = 0;
    long rejected = 0;
    List<Reject> kept = new ArrayList<>();
    long[] looksLike = new long[DataFormat.values().length];
    BufferedWriter rejectsOut =
        options.rejectsFile() == null ? null : Files.newBufferedWriter(options.rejectsFile(), StandardCharsets.UTF_8);
    try {
      while (lines.next()) {
        long lineNo = lines.lineNumber();
        if (lines.isBlank()) {
          blank++;
          continue;
        }
        String reason;
        String text = null;
        DataFormat detected = null;
        if (lines.overLimit()) {
          reason = "line is longer than the limit of " + options.maxLineBytes() + " bytes";
        } else {
          try {
            byte[] b = lines.bytes();
            int from = 0;
            int len = lines.length();
            if (lineNo == 1 && len >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
              from = 3;
            }
            int bad = Utf8Validator.firstInvalid(b, from, len);
            if (bad >= 0) {
              throw new CharacterCodingException();
            }
            JsonNode node = MAPPER.readTree(b, from, len - from);
            T record;
            try {
              record = parser.parse(node);
            } catch (LineRejectedException | IllegalArgumentException e) {
              detected = PreferenceCodec.detect(node);
              throw e;
            }
            sink.accept(record);
            records++;
            continue;
          } catch (CharacterCodingException e) {
            reason = "invalid UTF-8 at byte " + (Utf8Validator.firstInvalid(lines.bytes(), 0, lines.length()) + 1);
          } catch (JsonProcessingException e) {
            reason = malformed(e);
          } catch (LineRejectedException e) {
            reason = e.getMessage();
          } catch (IllegalArgumentException e) {
            reason = e.getMessage();
          }
        }
        if (!options.isLenient()) {
          if (records == 0 && detected != null && detected != format) {
            throw new DatasetFormatMismatchException(name, lineNo, format, detected, reason);
          }
          throw new DatasetLineException(name, lineNo, reason);
        }
        if (detected != null) {
          looksLike[detected.ordinal()]++;
        }
        rejected++;
        if (kept.size() < options.maxRejectsKept()) {
          kept.add(new Reject(lineNo, reason));
        }
        if (rejectsOut != null) {
          if (!lines.overLimit() && Utf8Validator.firstInvalid(lines.bytes(), 0, lines.length()) < 0) {
            text = new String(lines.bytes(), 0, lines.length(), StandardCharsets.UTF_8);
          }
          writeReject(rejectsOut, lineNo, reason, text, lines);
        }
      }
    } finally {
      if (rejectsOut != null) {
        rejectsOut.close();
      }
    }
    DataFormat likely = null;
    for (DataFormat f : DataFormat.values()) {
      long n = looksLike[f.ordinal()];
      if (f != format && n > 0 && (likely == null || n > looksLike[likely.ordinal()])) {
        likely = f;
      }
    }
    String where = name == null ? "<stream>" : name.toString();
    if (records == 0 && rejected > 0) {
      LOG.error(
          "{}: no line matched the requested format {}: all {} non-blank lines rejected{}; first: line {}: {}",
          where,
          format,
          rejected,
          likely == null
              ? ""
              : ", " + looksLike[likely.ordinal()] + " of them look like " + likely + " ("
                  + PreferenceCodec.signature(likely) + "), " + DatasetFormatMismatchException.howToRead(likely),
          kept.isEmpty() ? -1 : kept.get(0).lineNumber(),
          kept.isEmpty() ? "" : kept.get(0).reason());
    } else if (rejected > 0) {
      LOG.warn(
          "{} ({}): {} of {} non-blank lines rejected{}, first: line {}: {}",
          where,
          format,
          rejected,
          records + rejected,
          likely == null ? "" : " (" + looksLike[likely.ordinal()] + " look like " + likely + ")",
          kept.isEmpty() ? -1 : kept.get(0).lineNumber(),
          kept.isEmpty() ? "" : kept.get(0).reason());
    }
    return new ReadSummary(
        format,
        lines.lineNumber(),
        records,
        blank,
        rejected,
        kept,
        options.rejectsFile() == null ? null : options.rejectsFile().toString(),
        Optional.ofNullable(likely));
  }

  private static void writeReject(
      BufferedWriter out, long lineNo, String reason, @Nullable String text, JsonlLineSource lines)
      throws IOException {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("line", lineNo);
    o.put("reason", reason);
    if (text != null) {
      o.put("text", text);
    } else if (!lines.overLimit()) {
      o.put("bytes_base64", Base64.getEncoder().encodeToString(Arrays.copyOf(lines.bytes(), lines.length())));
    } else {
      o.put("text_omitted", "line over the size limit; see the source file at this line number");
    }
    out.write(MAPPER.writeValueAsString(o));
    out.write('\n');
  }

  /** "malformed JSON at column c: reason", without Jackson's source-location boilerplate. */
  static String malformed(JsonProcessingException e) {
    String msg = e.getOriginalMessage();
    int cut = msg.indexOf(" (start marker at");
    if (cut >= 0) {
      msg = msg.substring(0, cut);
    }
    int nl = msg.indexOf('\n');
    if (nl >= 0) {
      msg = msg.substring(0, nl);
    }
    var loc = e.getLocation();
    return loc == null || loc.getColumnNr() < 0
        ? "malformed JSON: " + msg
        : "malformed JSON at column " + loc.getColumnNr() + ": " + msg;
  }

  /** Used by tests: decodes strictly so that a caller can check what counts as invalid UTF-8. */
  static String decodeStrict(byte[] bytes) throws CharacterCodingException {
    CharBuffer cb =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes));
    return cb.toString();
  }
}
