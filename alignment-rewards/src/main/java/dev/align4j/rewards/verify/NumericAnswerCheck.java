package dev.align4j.rewards.verify;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A second parser for numeric answers, written independently of {@code ReferenceAnswerRule} so that the two fail on
 * different completions: a {@link SecondCheck} for auditing that rule's zeros.
 *
 * <p>Where it looks, in order: the last {@code \boxed{…}} or {@code \fbox{…}} (braces balanced); else the first value
 * after the last "answer is" / "answer:" (any case); else the first value after the last {@code ####}; else the last
 * value in the text. What a value may be: a decimal with an optional sign ({@code -} or {@code −}) and thousands
 * separators ({@code 1,234}, {@code 1{,}234}, {@code 1\,234}, thin spaces), a fraction ({@code \frac{a}{b}},
 * {@code \dfrac}, {@code \tfrac}, {@code a/b}), or an English number word from zero to ninety-nine
 * ({@code "forty-two"}); dollar signs are ignored and a percent sign is read as written ({@code 50%} is 50). A value
 * within the relative tolerance of the reference, {@code |a − ref| <= tol · max(1, |ref|)}, is
 * {@link SecondOpinion#CORRECT}, another value {@link SecondOpinion#INCORRECT}; no value at all is
 * {@link SecondOpinion#UNDECIDED}. A prompt without a reference, or a reference that is not a value, is an error.
 */
public final class NumericAnswerCheck implements SecondCheck {
  private static final List<String> UNITS =
      List.of(
          "zero",
          "one",
          "two",
          "three",
          "four",
          "five",
          "six",
          "seven",
          "eight",
          "nine",
          "ten",
          "eleven",
          "twelve",
          "thirteen",
          "fourteen",
          "fifteen",
          "sixteen",
          "seventeen",
          "eighteen",
          "nineteen");
  private static final List<String> TENS =
      List.of("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety");
  private static final String DECIMAL = "-?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?|-?\\.\\d+";
  private static final Pattern VALUE =
      Pattern.compile(
          "\\\\[dt]?frac\\{\\s*(?<fn>-?\\d+(?:\\.\\d+)?)\\s*\\}\\{\\s*(?<fd>-?\\d+(?:\\.\\d+)?)\\s*\\}"
              + "|(?<sn>-?\\d+(?:\\.\\d+)?)\\s*/\\s*(?<sd>\\d+(?:\\.\\d+)?)"
              + "|(?<dec>"
              + DECIMAL
              + ")"
              + "|\\b(?<word>(?:"
              + String.join("|", TENS)
              + ")(?:[- ](?:"
              + String.join("|", UNITS.subList(1, 10))
              + "))?|"
              + String.join("|", UNITS)
              + ")\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern ANSWER_IS =
      Pattern.compile("answer\\s*(?:is|:)", Pattern.CASE_INSENSITIVE);

  private final Function<Prompt, @Nullable String> references;
  private final double relativeTolerance;

  private NumericAnswerCheck(
      Function<Prompt, @Nullable String> references, double relativeTolerance) {
    this.references = Require.nonNull("references", references);
    this.relativeTolerance = Require.nonNegative("relativeTolerance", relativeTolerance);
  }

  /** A check against the references, with relative tolerance 1e-6 (the numeric rule's default). */
  public static NumericAnswerCheck of(Function<Prompt, @Nullable String> references) {
    return new NumericAnswerCheck(references, 1e-6);
  }

  /** A check against the references with the given relative tolerance &gt;= 0. */
  public static NumericAnswerCheck of(
      Function<Prompt, @Nullable String> references, double relativeTolerance) {
    return new NumericAnswerCheck(references, relativeTolerance);
  }

  @Override
  public SecondOpinion check(Prompt prompt, Completion completion) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    String ref = references.apply(prompt);
    if (ref == null) {
      throw new IllegalArgumentException(
          "no reference answer for prompt \""
              + Require.abbreviate(prompt.lastUserText(), 60)
              + "\"");
    }
    Double expected = firstValue(normalize(ref));
    if (expected == null) {
      throw new IllegalArgumentException(
          "reference answer must be a number or fraction, was \""
              + Require.abbreviate(ref, 40)
              + "\"");
    }
    Double actual = answer(completion.text());
    if (actual == null) {
      return SecondOpinion.UNDECIDED;
    }
    return Math.abs(actual - expected) <= relativeTolerance * Math.max(1.0, Math.abs(expected))
        ? SecondOpinion.CORRECT
        : SecondOpinion.INCORRECT;
  }

  /** The value this parser reads as the completion's answer, or null when it finds none. */
  public static @Nullable Double answer(String text) {
    Require.nonNull("text", text);
    String boxed = lastBraced(text, "\\boxed{");
    String fbox = lastBraced(text, "\\fbox{");
    if (boxed != null || fbox != null) {
      int b = boxed == null ? -1 : text.lastIndexOf("\\boxed{");
      int f = fbox == null ? -1 : text.lastIndexOf("\\fbox{");
      return firstValue(normalize(b > f ? boxed : fbox));
    }
    Matcher said = ANSWER_IS.matcher(text);
    int after = -1;
    while (said.find()) {
      after = said.end();
    }
    if (after >= 0) {
      Double v = firstValue(normalize(text.substring(after)));
      if (v != null) {
        return v;
      }
    }
    int hashes = text.lastIndexOf("####");
    if (hashes >= 0) {
      Double v = firstValue(normalize(text.substring(hashes + 4)));
      if (v != null) {
        return v;
      }
    }
    return lastValue(normalize(text));
  }

  private static @Nullable String lastBraced(String text, String opener) {
    int at = text.lastIndexOf(opener);
    if (at < 0) {
      return null;
    }
    int depth = 0;
    for (int i = at + opener.length() - 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return text.substring(at + opener.length(), i);
      }
    }
    return null;
  }

  private static String normalize(String s) {
    return s.replace("\\$", "")
        .replace("$", "")
        .replace("\\,", ",")
        .replace("{,}", ",")
        .replace("\u2009", ",")
        .replace("\u202f", ",")
        .replace("\\!", "")
        .replace('\u2212', '-')
        .replace("\\left", "")
        .replace("\\right", "");
  }

  private static @Nullable Double firstValue(String s) {
    Matcher m = VALUE.matcher(s);
    return m.find() ? value(m) : null;
  }

  private static @Nullable Double lastValue(String s) {
    Matcher m = VALUE.matcher(s);
    Double last = null;
    while (m.find()) {
      last = value(m);
    }
    return last;
  }

  private static @Nullable Double value(Matcher m) {
    if (m.group("fn") != null) {
      return ratio(m.group("fn"), m.group("fd"));
    }
    if (m.group("sn") != null) {
      return ratio(m.group("sn"), m.group("sd"));
    }
    if (m.group("dec") != null) {
      return Double.valueOf(m.group("dec").replace(",", ""));
    }
    String w = m.group("word").toLowerCase(Locale.ROOT);
    int u = UNITS.indexOf(w);
    if (u >= 0) {
      return (double) u;
    }
    String[] parts = w.split("[- ]");
    int tens = 20 + 10 * TENS.indexOf(parts[0]);
    return (double) (parts.length == 1 ? tens : tens + UNITS.indexOf(parts[1]));
  }

  private static @Nullable Double ratio(String num, String den) {
    double d = Double.parseDouble(den);
    return d == 0 ? null : Double.parseDouble(num) / d;
  }
}
