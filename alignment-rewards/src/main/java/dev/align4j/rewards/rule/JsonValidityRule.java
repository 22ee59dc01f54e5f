package dev.align4j.rewards.rule;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.verify.AbstentionReason;
import dev.align4j.rewards.verify.Verdict;
import dev.align4j.rewards.verify.Verifier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 1 when the completion is valid JSON (RFC 8259, strict: no comments, no trailing commas, no single quotes, no
 * NaN), 0 otherwise. Optionally the JSON may sit in a Markdown code fence ({@code ```json … ```}), as chat models
 * like to write it, and optionally the top-level value must be an object. Surrounding whitespace is allowed.
 *
 * <p>The validator is a small recursive-descent recogniser written for this rule (no JSON library is needed), with a
 * nesting limit of 512 so that hostile input cannot overflow the stack.
 *
 * <p>The rule is a {@link Verifier}. Text that is not JSON is a scored 0 (validity is what the rule checks, blank text
 * included); it abstains with {@link AbstentionReason#UNSUPPORTED_FORMAT} only when the value nests deeper than the
 * limit, since the recogniser then stops without knowing whether the rest is valid. {@link #score} gives 0 for that
 * abstention, as before.
 */
public final class JsonValidityRule implements Verifier {
  private static final Pattern FENCE =
      Pattern.compile("```(?:json|JSON)?\\s*\\n(.*?)\\n?```", Pattern.DOTALL);
  private static final int MAX_DEPTH = 512;

  private final boolean allowFence;
  private final boolean requireObject;

  private JsonValidityRule(boolean allowFence, boolean requireObject) {
    this.allowFence = allowFence;
    this.requireObject = requireObject;
  }

  /** Any JSON value, bare (no code fence). */
  public static JsonValidityRule strict() {
    return new JsonValidityRule(false, false);
  }

  /**
   * A rule with options.
   *
   * @param allowFence accept JSON inside the first Markdown code fence
   * @param requireObject the top-level value must be an object
   */
  public static JsonValidityRule of(boolean allowFence, boolean requireObject) {
    return new JsonValidityRule(allowFence, requireObject);
  }

  @Override
  public Verdict verify(Prompt prompt, Completion completion) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    String text = completion.text();
    if (allowFence) {
      Matcher m = FENCE.matcher(text);
      if (m.find()) {
        text = m.group(1);
      }
    }
    Parser p = new Parser(text);
    try {
      return Verdict.scored(p.accepts(requireObject) ? 1.0 : 0.0);
    } catch (TooDeepException e) {
      return Verdict.abstained(
          AbstentionReason.UNSUPPORTED_FORMAT,
          "JSON nests deeper than " + MAX_DEPTH + " levels at character " + e.at);
    }
  }

  /**
   * Whether {@code text} is one valid JSON value with optional surrounding whitespace; false too for a value nested
   * deeper than the limit (use {@link #verify} to tell that case apart).
   */
  public static boolean isValid(String text, boolean requireObject) {
    try {
      return new Parser(text).accepts(requireObject);
    } catch (TooDeepException e) {
      return false;
    }
  }

  /** The recogniser reached the nesting limit: it cannot tell whether the text is valid. */
  private static final class TooDeepException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int at;

    TooDeepException(int at) {
      super("too deep", null, false, false);
      this.at = at;
    }
  }

  private static final class Parser {
    final String s;
    int i;

    Parser(String s) {
      this.s = s;
    }

    boolean accepts(boolean requireObject) {
      try {
        ws();
        if (requireObject && (i >= s.length() || s.charAt(i) != '{')) {
          return false;
        }
        value(0);
        ws();
        return i == s.length();
      } catch (IllegalStateException e) {
        return false;
      }
    }

    void ws() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          i++;
        } else {
          break;
        }
      }
    }

    char peek() {
      if (i >= s.length()) {
        throw new IllegalStateException("end");
      }
      return s.charAt(i);
    }

    void expect(char c) {
      if (peek() != c) {
        throw new IllegalStateException("expected " + c);
      }
      i++;
    }

    void value(int depth) {
      if (depth > MAX_DEPTH) {
        throw new TooDeepException(i);
      }
      char c = peek();
      switch (c) {
        case '{':
          object(depth);
          break;
        case '[':
          array(depth);
          break;
        case '"':
          string();
          break;
        case 't':
          literal("true");
          break;
        case 'f':
          literal("false");
          break;
        case 'n':
          literal("null");
          break;
        default:
          number();
      }
    }

    void object(int depth) {
      expect('{');
      ws();
      if (peek() == '}') {
        i++;
        return;
      }
      while (true) {
        ws();
        string();
        ws();
        expect(':');
        ws();
        value(depth + 1);
        ws();
        if (peek() == ',') {
          i++;
          continue;
        }
        expect('}');
        return;
      }
    }

    void array(int depth) {
      expect('[');
      ws();
      if (peek() == ']') {
        i++;
        return;
      }
      while (true) {
        ws();
        value(depth + 1);
        ws();
        if (peek() == ',') {
          i++;
          continue;
        }
        expect(']');
        return;
      }
    }

    void string() {
      expect('"');
      while (true) {
        char c = peek();
        i++;
        if (c == '"') {
          return;
        }
        if (c < 0x20) {
          throw new IllegalStateException("control character in string");
        }
        if (c == '\\') {
          char e = peek();
          i++;
          if (e == 'u') {
            for (int k = 0; k < 4; k++) {
              if (Character.digit(peek(), 16) < 0) {
                throw new IllegalStateException("bad \\u escape");
              }
              i++;
            }
          } else if ("\"\\/bfnrt".indexOf(e) < 0) {
            throw new IllegalStateException("bad escape");
          }
        }
      }
    }

    void literal(String word) {
      if (!s.startsWith(word, i)) {
        throw new IllegalStateException("bad literal");
      }
      i += word.length();
    }

    void number() {
      if (peek() == '-') {
        i++;
      }
      if (peek() == '0') {
        i++;
      } else {
        digits();
      }
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        digits();
      }
      if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
        i++;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
          i++;
        }
        digits();
      }
    }

    void digits() {
      int start = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == start) {
        throw new IllegalStateException("digit expected");
      }
    }
  }
}
