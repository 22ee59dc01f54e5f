package dev.align4j.feedback.judge;

import dev.align4j.core.check.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of judge answers. The verdict must be the <em>last non-blank line</em> of the answer, in exactly
 * one of these forms (case-insensitive, surrounding spaces and a trailing period allowed):
 *
 * <ul>
 *   <li>pairwise: {@code Verdict: 1}, {@code Verdict: 2} or {@code Verdict: tie};
 *   <li>ranking: {@code Ranking: 2 > 1 > 3} (a permutation of 1..k);
 *   <li>rating: {@code Score: 7} or {@code Score: 7.5} (inside the scale);
 *   <li>binary: {@code Verdict: yes} or {@code Verdict: no}.
 * </ul>
 *
 * <p>A bare answer that is exactly the value ({@code "1"}, {@code "tie"}, {@code "7"}, {@code "yes"}) is accepted too,
 * because small local models often drop the prefix. Anything else — two verdicts, hedging, a verdict earlier in the
 * text than the last line — is rejected with {@link UnparseableVerdictException} rather than guessed.
 */
public final class VerdictParser {
  private static final Pattern PAIR = Pattern.compile("(?:verdict\\s*:\\s*)?(1|2|tie)\\.?", Pattern.CASE_INSENSITIVE);
  private static final Pattern BIN = Pattern.compile("(?:verdict\\s*:\\s*)?(yes|no)\\.?", Pattern.CASE_INSENSITIVE);
  private static final Pattern SCORE =
      Pattern.compile("(?:score\\s*:\\s*)?([0-9]+(?:\\.[0-9]+)?)\\.?", Pattern.CASE_INSENSITIVE);
  private static final Pattern RANK =
      Pattern.compile("(?:ranking\\s*:\\s*)?([0-9]+(?:\\s*>\\s*[0-9]+)+)\\.?", Pattern.CASE_INSENSITIVE);

  private VerdictParser() {}

  /** A pairwise verdict: 1 (first shown), 2 (second shown) or 0 (tie). */
  public static int pairwise(String answer) {
    Matcher m = PAIR.matcher(lastLine(answer, "Verdict: 1|2|tie"));
    if (!m.matches()) {
      throw unparseable("a last line 'Verdict: 1', 'Verdict: 2' or 'Verdict: tie'", answer);
    }
    String v = m.group(1).toLowerCase(Locale.ROOT);
    return v.equals("tie") ? 0 : Integer.parseInt(v);
  }

  /** A binary verdict. */
  public static boolean binary(String answer) {
    Matcher m = BIN.matcher(lastLine(answer, "Verdict: yes|no"));
    if (!m.matches()) {
      throw unparseable("a last line 'Verdict: yes' or 'Verdict: no'", answer);
    }
    return m.group(1).equalsIgnoreCase("yes");
  }

  /** A score inside {@code [min, max]}. */
  public static double score(String answer, double min, double max) {
    Matcher m = SCORE.matcher(lastLine(answer, "Score: <number>"));
    if (!m.matches()) {
      throw unparseable("a last line 'Score: <number>'", answer);
    }
    double v = Double.parseDouble(m.group(1));
    if (v < min || v > max) {
      throw unparseable("a score in [" + min + ", " + max + "]", answer);
    }
    return v;
  }

  /** A ranking of {@code k} shown candidates: the 0-based shown positions from best to worst. */
  public static List<Integer> ranking(String answer, int k) {
    Require.positive("k", k);
    Matcher m = RANK.matcher(lastLine(answer, "Ranking: a > b > ..."));
    if (!m.matches()) {
      throw unparseable("a last line 'Ranking: i > j > ...' over 1.." + k, answer);
    }
    List<Integer> out = new ArrayList<>();
    boolean[] seen = new boolean[k];
    for (String part : m.group(1).split(">")) {
      int i = Integer.parseInt(part.trim()) - 1;
      if (i < 0 || i >= k || seen[i]) {
        throw unparseable("a permutation of 1.." + k, answer);
      }
      seen[i] = true;
      out.add(i);
    }
    if (out.size() != k) {
      throw unparseable("all " + k + " candidates ranked", answer);
    }
    return out;
  }

  private static String lastLine(String answer, String expected) {
    Require.nonNull("answer", answer);
    String[] lines = answer.strip().split("\\R");
    String last = lines[lines.length - 1].strip();
    if (last.isEmpty()) {
      throw unparseable("a last line '" + expected + "'", answer);
    }
    // strip Markdown emphasis that models like to add: **Verdict: 1**
    return last.replaceAll("^[*_`#\\s]+|[*_`\\s]+$", "");
  }

  private static UnparseableVerdictException unparseable(String expected, String answer) {
    return new UnparseableVerdictException(
        "judge answer must end with " + expected + ", was \"" + Require.abbreviate(answer, 200) + "\"");
  }
}
