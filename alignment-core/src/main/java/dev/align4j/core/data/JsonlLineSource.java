package dev.align4j.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an input stream line by line as raw bytes, with a hard limit on the line size: a longer line is skipped to its
 * end without being held in memory. Memory use is bounded by the largest accepted line.
 */
final class JsonlLineSource {
  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[1 << 16];
  private int chunkPos;
  private int chunkLen;
  private byte[] line = new byte[1024];
  private int lineLen;
  private boolean overLimit;
  private long lineNumber;
  private boolean eof;

  JsonlLineSource(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** Advances to the next line; false at the end of the stream. */
  boolean next() throws IOException {
    if (eof) {
      return false;
    }
    lineLen = 0;
    overLimit = false;
    boolean sawAny = false;
    while (true) {
      if (chunkPos == chunkLen) {
        chunkLen = in.read(chunk);
        chunkPos = 0;
        if (chunkLen <= 0) {
          chunkLen = 0;
          eof = true;
          if (!sawAny) {
            return false;
          }
          break;
        }
      }
      sawAny = true;
      int start = chunkPos;
      int end = start;
      while (end < chunkLen && chunk[end] != '\n') {
        end++;
      }
      append(start, end - start);
      if (end < chunkLen) {
        chunkPos = end + 1;
        break;
      }
      chunkPos = chunkLen;
    }
    if (!overLimit && lineLen > 0 && line[lineLen - 1] == '\r') {
      lineLen--;
    }
    lineNumber++;
    return true;
  }

  private void append(int from, int n) {
    if (overLimit || n == 0) {
      return;
    }
    if ((long) lineLen + n > maxLineBytes) {
      overLimit = true;
      return;
    }
    if (lineLen + n > line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, lineLen + n)));
    }
    System.arraycopy(chunk, from, line, lineLen, n);
    lineLen += n;
  }

  /** The current line's bytes (valid up to {@link #length()}); meaningless when {@link #overLimit()}. */
  byte[] bytes() {
    return line;
  }

  int length() {
    return lineLen;
  }

  boolean overLimit() {
    return overLimit;
  }

  long lineNumber() {
    return lineNumber;
  }

  boolean isBlank() {
    if (overLimit) {
      return false;
    }
    for (int i = 0; i < lineLen; i++) {
      byte b = line[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
