package dev.align4j.core.data;

/** Thrown by a line parser when a line is not a valid record; carries the reason only (no file or line yet). */
final class LineRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  LineRejectedException(String reason) {
    super(reason, null, false, false);
  }
}
