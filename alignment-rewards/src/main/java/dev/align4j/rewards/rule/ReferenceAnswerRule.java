package dev.align4j.rewards.rule;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.verify.AbstentionReason;
import dev.align4j.rewards.verify.Verdict;
import dev.align4j.rewards.verify.Verifier;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A verifiable reward against a reference answer (RLVR, as in Tülu 3 and DeepSeek-R1): 1 when the completion's answer
 * equals the reference, 0 otherwise.
 *
 * <ul>
 *   <li>{@link #exact}: the whole completion, trimmed, with runs of whitespace collapsed and (by default) case folded,
 *       equals the reference normalised the same way.
 *   <li>{@link #numeric}: the completion's final answer is a number within a relative tolerance of the reference. The
 *       answer is the content of the last {@code \boxed{…}} (braces balanced), else the text after the last
 *       {@code ####} (GSM8K) when it holds a number, else the last number in the text; thousands separators
 *       ({@code 1,234}) are accepted.
 * </ul>
 *
 * The reference comes from a function of the prompt (typically a map lookup). A prompt without a reference is an
 * error, not a 0: a missing answer key would otherwise silently look like a wrong completion.
 *
 * <p>The rule is a {@link Verifier}: it abstains instead of scoring 0 when it cannot read an answer —
 * {@link AbstentionReason#NO_ANSWER} for a blank completion (both modes) or one without any number (numeric),
 * {@link AbstentionReason#UNPARSEABLE} for a {@code \boxed{…}} without a number in it, and
 * {@link AbstentionReason#UNSUPPORTED_FORMAT} for a final answer written as a fraction ({@code \frac}, {@code \dfrac},
 * {@code \tfrac}, {@code 3/4}) or with {@code \sqrt} or {@code \pi}, which this rule does not evaluate. {@link #score}
 * gives 0 for an abstention, as before.
 */
public final class ReferenceAnswerRule implements Verifier {
  private static final String BOXED = "\\boxed{";
  private static final Pattern UNSUPPORTED =
      Pattern.compile("\\\\(?:[dt]?frac|sqrt|pi)(?![a-zA-Z])");
  private static final Pattern FRACTION = Pattern.compile("\\d\\s*/\\s*\\d");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");

  private final Function<Prompt, @Nullable String> references;
  private final boolean numeric;
  private final boolean caseSensitive;
  private final double relativeTolerance;

  private ReferenceAnswerRule(
      Function<Prompt, @Nullable String> references,
      boolean numeric,
      boolean caseSensitive,
      double relativeTolerance) {
    this.references = Require.nonNull("references", references);
    this.numeric = numeric;
    this.caseSensitive = caseSensitive;
    this.relativeTolerance = Require.nonNegative("relativeTolerance", relativeTolerance);
  }

  /** Exact match after whitespace normalisation, case-insensitive. */
  public static ReferenceAnswerRule exact(Function<Prompt, @Nullable String> references) {
    return new ReferenceAnswerRule(references, false, false, 0);
  }

  /** Exact match after whitespace normalisation, with explicit case sensitivity. */
  public static ReferenceAnswerRule exact(
      Function<Prompt, @Nullable String> references, boolean caseSensitive) {
    return new ReferenceAnswerRule(references, false, caseSensitive, 0);
  }

  /** Numeric match of the final answer, {@code |a − ref| <= tol·max(1, |ref|)}; tolerance 1e-6 by default. */
  public static ReferenceAnswerRule numeric(Function<Prompt, @Nullable String> references) {
    return new ReferenceAnswerRule(references, true, false, 1e-6);
  }

  /** Numeric match with the given relative tolerance ≥ 0. */
  public static ReferenceAnswerRule numeric(
      Function<Prompt, @Nullable String> references, double relativeTolerance) {
    return new ReferenceAnswerRule(references, true, false, relativeTolerance);
  }

  @Override
  public Verdict verify(Prompt prompt, Completion completion) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    String ref = references.apply(prompt);
    if (ref == null) {
      throw new IllegalArgumentException(
          "no reference answer for prompt \""
              + Require.abbreviate(prompt.lastUserText(), 60)
              + "\"");
    }
    if (completion.text().isBlank()) {
      return Verdict.abstained(AbstentionReason.NO_ANSWER, "the completion is blank");
    }
    if (!numeric) {
      return Verdict.scored(normalize(completion.text()).equals(normalize(ref)) ? 1.0 : 0.0);
    }
    BigDecimal expected = parseNumber(ref.trim());
    if (expected == null) {
      throw new IllegalArgumentException(
          "reference answer must be a number, was \"" + Require.abbreviate(ref, 40) + "\"");
    }
    Answer answer = readAnswer(completion.text());
    if (answer.problem != null) {
      return Verdict.abstained(answer.problem, answer.detail);
    }
    double e = expected.doubleValue();
    double a = Objects.requireNonNull(answer.value).doubleValue();
    return Verdict.scored(
        Math.abs(a - e) <= relativeTolerance * Math.max(1.0, Math.abs(e)) ? 1.0 : 0.0);
  }

  /**
   * The numeric final answer of a text (see the class comment), or null when it has none this rule can read (no
   * number, or a fraction, root or π it does not evaluate).
   */
  public static @Nullable BigDecimal finalAnswer(String text) {
    return readAnswer(Require.nonNull("text", text)).value;
  }

  private static Answer readAnswer(String text) {
    String boxed = lastBoxed(text);
    String source;
    if (boxed != null) {
      if (UNSUPPORTED.matcher(boxed).find() || FRACTION.matcher(boxed).find()) {
        return Answer.problem(
            AbstentionReason.UNSUPPORTED_FORMAT,
            "the boxed answer is a fraction, root or π: \"" + Require.abbreviate(boxed, 40) + "\"");
      }
      source = boxed;
    } else {
      int hashes = text.lastIndexOf("####");
      source =
          hashes >= 0 && lastNumberMatch(text.substring(hashes + 4)) != null
              ? text.substring(hashes + 4)
              : text;
    }
    Matcher last = lastNumberMatch(source);
    if (last == null) {
      return boxed != null
          ? Answer.problem(
              AbstentionReason.UNPARSEABLE,
              "the boxed answer holds no number: \"" + Require.abbreviate(boxed, 40) + "\"")
          : Answer.problem(AbstentionReason.NO_ANSWER, "the completion holds no number");
    }
    if (isFractionPart(source, last.start(), last.end())) {
      return Answer.problem(
          AbstentionReason.UNSUPPORTED_FORMAT,
          "the final answer is a fraction: \""
              + Require.abbreviate(
                  source
                      .substring(
                          Math.max(0, last.start() - 10),
                          Math.min(source.length(), last.end() + 10))
                      .strip(),
                  40)
              + "\"");
    }
    BigDecimal n = parseNumber(last.group());
    return n == null
        ? Answer.problem(
            AbstentionReason.UNPARSEABLE,
            "the final number could not be read: \"" + Require.abbreviate(last.group(), 40) + "\"")
        : new Answer(n, null, "");
  }

  /** The content of the last {@code \boxed{…}} with balanced braces, or null when there is none (or it is unclosed). */
  private static @Nullable String lastBoxed(String text) {
    int at = text.lastIndexOf(BOXED);
    if (at < 0) {
      return null;
    }
    int start = at + BOXED.length();
    int depth = 1;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return text.substring(start, i);
      }
    }
    return text.substring(start);
  }

  /** Whether the number at {@code [start, end)} is a side of a fraction {@code a/b} (spaces allowed around the bar). */
  private static boolean isFractionPart(String s, int start, int end) {
    int after = skipSpaces(s, end, 1);
    if (after < s.length() && s.charAt(after) == '/') {
      int next = skipSpaces(s, after + 1, 1);
      if (next < s.length() && Character.isDigit(s.charAt(next))) {
        return true;
      }
    }
    int before = skipSpaces(s, start - 1, -1);
    if (before >= 0 && s.charAt(before) == '/') {
      int prev = skipSpaces(s, before - 1, -1);
      return prev >= 0 && Character.isDigit(s.charAt(prev));
    }
    return false;
  }

  private static int skipSpaces(String s, int from, int step) {
    int i = from;
    while (i >= 0 && i < s.length() && s.charAt(i) == ' ') {
      i += step;
    }
    return i;
  }

  private static @Nullable Matcher lastNumberMatch(String text) {
    Matcher m = NUMBER.matcher(text);
    int start = -1;
    while (m.find()) {
      start = m.start();
    }
    if (start < 0) {
      return null;
    }
    m.find(start);
    return m;
  }

  private static final class Answer {
    final @Nullable BigDecimal value;
    final @Nullable AbstentionReason problem;
    final String detail;

    Answer(@Nullable BigDecimal value, @Nullable AbstentionReason problem, String detail) {
      this.value = value;
      this.problem = problem;
      this.detail = detail;
    }

    static Answer problem(AbstentionReason reason, String detail) {
      return new Answer(null, reason, detail);
    }
  }

  private static @Nullable BigDecimal parseNumber(String s) {
    try {
      return new BigDecimal(s.replace(",", "").replace("+", ""));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private String normalize(String s) {
    String t = s.trim().replaceAll("\\s+", " ");
    return caseSensitive ? t : t.toLowerCase(Locale.ROOT);
  }
}
