package dev.align4j.rewards.llm;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.RatingScale;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a numeric rating out of a judge's free-text answer, robustly but never by guessing. Forms are tried from the
 * most to the least explicit, and the <em>last</em> occurrence of the first form found wins (judges restate their
 * verdict at the end):
 *
 * <ol>
 *   <li>MT-Bench's {@code [[7]]} (FastChat's single-answer grading format);
 *   <li>a labelled rating: {@code Rating: 7}, {@code score = 8.5}, {@code **Score:** 9/10}, {@code grade of 6};
 *   <li>a fraction of the scale's maximum: {@code 7/10}, {@code 7 out of 10};
 *   <li>an answer that is only a number (ignoring Markdown emphasis and a trailing full stop).
 * </ol>
 *
 * A rating written out of another maximum ({@code 4/5} on a 1–10 scale) or outside the scale is unscorable, not
 * rescaled or clamped.
 */
public final class RatingParser {
  private static final String NUM = "([-+]?\\d+(?:\\.\\d+)?)";
  private static final Pattern BRACKETS =
      Pattern.compile("\\[\\[\\s*" + NUM + "\\s*(?:/\\s*(\\d+(?:\\.\\d+)?))?\\s*\\]\\]");
  private static final Pattern LABELLED = Pattern.compile(
      "(?i)\\b(?:rating|score|grade|verdict)\\b[\\s*_:=]*(?:is|of|:|=)?[\\s*_:=]*" + NUM
          + "(?:\\s*(?:/|out\\s+of)\\s*(\\d+(?:\\.\\d+)?))?");
  private static final Pattern FRACTION = Pattern.compile("(?i)" + NUM + "\\s*(?:/|out\\s+of)\\s*(\\d+(?:\\.\\d+)?)");
  private static final Pattern ONLY = Pattern.compile(NUM);

  private final RatingScale scale;

  /** A parser for ratings on {@code scale}. */
  public RatingParser(RatingScale scale) {
    this.scale = Require.nonNull("scale", scale);
  }

  /** Parses {@code answer}. */
  public JudgeScore parse(String answer) {
    Require.nonNull("answer", answer);
    for (Pattern p : new Pattern[] {BRACKETS, LABELLED, FRACTION}) {
      Matcher m = p.matcher(answer);
      String value = null;
      String max = null;
      while (m.find()) {
        value = m.group(1);
        max = m.group(2);
      }
      if (value != null) {
        return check(value, max, answer);
      }
    }
    String bare = answer.strip().replaceAll("^[*_`\\s]+|[*_`.\\s]+$", "");
    if (ONLY.matcher(bare).matches()) {
      return check(bare, null, answer);
    }
    return new JudgeScore.Unscorable("no rating found on the scale " + range(), answer);
  }

  private JudgeScore check(String value, String max, String answer) {
    double v = Double.parseDouble(value);
    if (max != null && Double.parseDouble(max) != scale.max()) {
      return new JudgeScore.Unscorable(
          "rating " + value + " was given out of " + max + ", but the scale is " + range(), answer);
    }
    if (!scale.contains(v)) {
      return new JudgeScore.Unscorable("rating " + value + " is outside the scale " + range(), answer);
    }
    return new JudgeScore.Scored(v, answer);
  }

  private String range() {
    return String.format(Locale.ROOT, "%s..%s", fmt(scale.min()), fmt(scale.max()));
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
