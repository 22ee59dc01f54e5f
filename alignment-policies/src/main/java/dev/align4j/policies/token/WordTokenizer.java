package dev.align4j.policies.token;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.ScriptAwareSegmenter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A word-level tokenizer whose vocabulary is built from a corpus, with a byte fallback so that every string encodes
 * losslessly.
 *
 * <p>Text is split into pieces by script ({@link ScriptAwareSegmenter}): runs of letters, digits, combining marks,
 * apostrophes and underscores of scripts written with spaces ("words"); each Chinese, Japanese, Thai, Lao, Khmer or
 * Myanmar character with its marks (those scripts write words without spaces, so a run of them would be a whole
 * clause; one piece per character is BERT's treatment of CJK text); each other symbol with its marks (an emoji
 * sequence whole); and each whitespace character. A piece in the vocabulary is one token; any other piece is spelled
 * as its UTF-8 bytes. Ids: 0 = BOS, 1 = SEP, 2 = EOS, 3–258 = bytes 0–255, then the vocabulary pieces in order. The
 * vocabulary is the {@code maxPieces} most frequent multi-byte pieces of the corpus that occur at least
 * {@code minCount} times (ties broken alphabetically, so building is deterministic); one-byte pieces are already
 * covered by the byte ids.
 */
public final class WordTokenizer implements Tokenizer {
  private static final int BYTE_BASE = 3;
  private static final int FIRST_PIECE = BYTE_BASE + 256;
  private static final ScriptAwareSegmenter SEGMENTER = ScriptAwareSegmenter.withWordJoiners("'_");

  private final List<String> pieces;
  private final Map<String, Integer> ids;

  private WordTokenizer(List<String> pieces) {
    this.pieces = List.copyOf(pieces);
    this.ids = new HashMap<>();
    for (int i = 0; i < this.pieces.size(); i++) {
      String piece = this.pieces.get(i);
      Require.argument(!piece.isEmpty(), "pieces[%s] must not be empty", i);
      Integer previous = ids.put(piece, FIRST_PIECE + i);
      Require.argument(previous == null, "pieces[%s] must be unique, \"%s\" repeats", i, piece);
    }
  }

  /**
   * Builds the vocabulary from {@code corpus}.
   *
   * @param maxPieces the most vocabulary pieces to keep (>= 0)
   * @param minCount the fewest occurrences a piece needs (>= 1)
   */
  public static WordTokenizer fromCorpus(Iterable<String> corpus, int maxPieces, int minCount) {
    Require.nonNull("corpus", corpus);
    Require.nonNegative("maxPieces", maxPieces);
    Require.positive("minCount", minCount);
    Map<String, Integer> counts = new HashMap<>();
    for (String text : corpus) {
      for (String piece : split(Require.nonNull("corpus element", text))) {
        if (piece.getBytes(StandardCharsets.UTF_8).length > 1) {
          counts.merge(piece, 1, Integer::sum);
        }
      }
    }
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
    entries.removeIf(e -> e.getValue() < minCount);
    entries.sort((a, b) -> a.getValue().equals(b.getValue())
        ? a.getKey().compareTo(b.getKey())
        : Integer.compare(b.getValue(), a.getValue()));
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < Math.min(maxPieces, entries.size()); i++) {
      pieces.add(entries.get(i).getKey());
    }
    return new WordTokenizer(pieces);
  }

  /** A tokenizer with exactly these vocabulary pieces (as returned by {@link #pieces()}), e.g. from a checkpoint. */
  public static WordTokenizer fromPieces(List<String> pieces) {
    return new WordTokenizer(Require.nonNull("pieces", pieces));
  }

  /** The vocabulary pieces in id order (the id of {@code pieces().get(i)} is {@code 259 + i}). */
  public List<String> pieces() {
    return pieces;
  }

  /** Splits text into pieces (see the class comment); the pieces concatenate to {@code text}. */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    int[] done = {0};
    SEGMENTER.forEachSegment(text, (start, end, kind) -> {
      addWhitespace(text, done[0], start, out);
      out.add(text.substring(start, end));
      done[0] = end;
    });
    addWhitespace(text, done[0], text.length(), out);
    return out;
  }

  /** The whitespace between two segments, one piece per code point. */
  private static void addWhitespace(String text, int from, int to, List<String> out) {
    for (int i = from; i < to; ) {
      int next = i + Character.charCount(text.codePointAt(i));
      out.add(text.substring(i, next));
      i = next;
    }
  }

  @Override
  public String name() {
    return "word";
  }

  @Override
  public int vocabularySize() {
    return FIRST_PIECE + pieces.size();
  }

  @Override
  public int bos() {
    return 0;
  }

  @Override
  public int separator() {
    return 1;
  }

  @Override
  public int eos() {
    return 2;
  }

  @Override
  public int[] encode(String text) {
    List<String> parts = split(text);
    int[] buffer = new int[text.length() * 4 + 4];
    int n = 0;
    for (String piece : parts) {
      Integer id = ids.get(piece);
      if (id != null) {
        buffer[n++] = id;
      } else {
        for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
          buffer[n++] = BYTE_BASE + (b & 0xFF);
        }
      }
    }
    return Arrays.copyOf(buffer, n);
  }

  @Override
  public String decode(int[] ids, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = from; i < to; i++) {
      int id = ids[i];
      if (isReserved(id)) {
        continue;
      }
      if (id >= BYTE_BASE && id < FIRST_PIECE) {
        out.write(id - BYTE_BASE);
      } else if (id >= FIRST_PIECE && id < vocabularySize()) {
        out.writeBytes(pieces.get(id - FIRST_PIECE).getBytes(StandardCharsets.UTF_8));
      } else {
        throw new IllegalArgumentException("ids[" + i + "] must be in [0, " + vocabularySize() + "), was " + id);
      }
    }
    return ByteTokenizer.decodeUtf8(out.toByteArray());
  }

  @Override
  public String toString() {
    return "WordTokenizer[" + vocabularySize() + " ids, " + pieces.size() + " pieces]";
  }
}
