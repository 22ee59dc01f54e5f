package dev.align4j.rewards.rule;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.math.BigDecimal;
import java.util.Locale;
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
 *       answer is the content of the last {@code \boxed{…}}, else the text after the last {@code ####} (GSM8K), else
 *       the last number in the text; thousands separators ({@code 1,234}) are accepted.
 * </ul>
 *
 * The reference comes from a function of the prompt (typically a map lookup). A prompt without a reference is an
 * error, not a 0: a missing answer key would otherwise silently look like a wrong completion.
 */
public final class ReferenceAnswerRule implements RewardModel {
  private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{([^{}]*)\\}");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");

  private final Function<Prompt, @Nullable String> references;
  private final boolean numeric;
  private final boolean caseSensitive;
  private final double relativeTolerance;

  private ReferenceAnswerRule(Function<Prompt, @Nullable String> references, boolean numeric, boolean caseSensitive,
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
  public static ReferenceAnswerRule exact(Function<Prompt, @Nullable String> references, boolean caseSensitive) {
    return new ReferenceAnswerRule(references, false, caseSensitive, 0);
  }

  /** Numeric match of the final answer, {@code |a − ref| <= tol·max(1, |ref|)}; tolerance 1e-6 by default. */
  public static ReferenceAnswerRule numeric(Function<Prompt, @Nullable String> references) {
    return new ReferenceAnswerRule(references, true, false, 1e-6);
  }

  /** Numeric match with the given relative tolerance ≥ 0. */
  public static ReferenceAnswerRule numeric(Function<Prompt, @Nullable String> references, double relativeTolerance) {
    return new ReferenceAnswerRule(references, true, false, relativeTolerance);
  }

  @Override
  public double score(Prompt prompt, Completion completion) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    String ref = references.apply(prompt);
    if (ref == null) {
      throw new IllegalArgumentException("no reference answer for prompt \""
          + Require.abbreviate(prompt.lastUserText(), 60) + "\"");
    }
    if (!numeric) {
      return normalize(completion.text()).equals(normalize(ref)) ? 1.0 : 0.0;
    }
    BigDecimal expected = parseNumber(ref.trim());
    if (expected == null) {
      throw new IllegalArgumentException("reference answer must be a number, was \"" + Require.abbreviate(ref, 40)
          + "\"");
    }
    BigDecimal actual = finalAnswer(completion.text());
    if (actual == null) {
      return 0.0;
    }
    double e = expected.doubleValue();
    return Math.abs(actual.doubleValue() - e) <= relativeTolerance * Math.max(1.0, Math.abs(e)) ? 1.0 : 0.0;
  }

  /** The numeric final answer of a text (see the class comment), or null when it has none. */
  public static @Nullable BigDecimal finalAnswer(String text) {
    Matcher boxed = BOXED.matcher(text);
    String last = null;
    while (boxed.find()) {
      last = boxed.group(1);
    }
    if (last != null) {
      return lastNumber(last);
    }
    int hashes = text.lastIndexOf("####");
    if (hashes >= 0) {
      BigDecimal n = lastNumber(text.substring(hashes + 4));
      if (n != null) {
        return n;
      }
    }
    return lastNumber(text);
  }

  private static @Nullable BigDecimal lastNumber(String text) {
    Matcher m = NUMBER.matcher(text);
    String last = null;
    while (m.find()) {
      last = m.group();
    }
    return last == null ? null : parseNumber(last);
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
