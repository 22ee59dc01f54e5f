package dev.align4j.examples.poc.report;

import java.util.Locale;

/** Escaping and number formatting shared by the HTML and SVG writers. */
final class Markup {

  private Markup() {}

  /** Escapes {@code &}, {@code <}, {@code >}, {@code "} and {@code '} for text content and quoted attributes. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          // control characters other than tab and newline are not allowed in XML 1.0
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** A coordinate with two decimals, locale-independent; a non-finite value is a bug in the caller. */
  static String coordinate(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalStateException("coordinate: expected a finite value, got " + value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** A tick or data label: up to four significant decimals, no trailing zeros, locale-independent. */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    String s = String.format(Locale.ROOT, "%.4g", value);
    if (s.contains("e") || s.contains("E")) {
      return s;
    }
    if (s.contains(".")) {
      s = s.replaceAll("0+$", "");
      if (s.endsWith(".")) {
        s = s.substring(0, s.length() - 1);
      }
    }
    return s;
  }
}
