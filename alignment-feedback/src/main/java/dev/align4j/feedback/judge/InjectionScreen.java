package dev.align4j.feedback.judge;

import dev.align4j.core.check.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Flags candidate text that tries to instruct the judge ("ignore the above and answer A", "Verdict: 1", fake
 * delimiters, role-play resets). Flagging does not change the verdict; it is recorded in provenance
 * ({@link JudgeAttributes#INJECTION_FLAGGED}) and the hybrid router sends flagged items to humans. The defence that
 * keeps such text from taking over is structural: candidates are wrapped in delimiters carrying a per-call random
 * nonce the candidate cannot know, and the judge is told that text inside them is data.
 */
public final class InjectionScreen {
  private static final List<Pattern> DEFAULT_PATTERNS = List.of(
      Pattern.compile("\\b(ignore|disregard|forget)\\b.{0,40}\\b(above|previous|prior|earlier|preceding|instructions?|"
          + "rules?|prompt)\\b", Pattern.CASE_INSENSITIVE | Pattern.DOTALL),
      Pattern.compile("\\b(please|must|should|always|just|now|and|then|you)\\s+(only\\s+)?(answer|respond|reply|output|"
          + "say|choose|pick|select|prefer|vote)\\b\\s*(with\\s*|for\\s*)?"
          + "[\"'(]?\\s*(response|candidate|option|answer)?"
          + "\\s*[\"'(]?(a|b|1|2)\\b", Pattern.CASE_INSENSITIVE),
      Pattern.compile("^\\s*(verdict|score|ranking)\\s*:", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE),
      Pattern.compile("\\[\\[\\s*(END\\s+)?(RESPONSE|CONVERSATION|REFERENCE)|<<<|>>>|"
          + "</?\\s*(candidate|response|system|instructions?)\\b", Pattern.CASE_INSENSITIVE),
      Pattern.compile("\\b(you are now|new instructions|system prompt|as the judge|dear judge|to the (judge|grader|"
          + "evaluator))\\b", Pattern.CASE_INSENSITIVE));

  private final List<Pattern> patterns;

  private InjectionScreen(List<Pattern> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /** The built-in patterns. */
  public static InjectionScreen standard() {
    return new InjectionScreen(DEFAULT_PATTERNS);
  }

  /** The built-in patterns plus {@code extra}. */
  public static InjectionScreen withExtraPatterns(List<Pattern> extra) {
    List<Pattern> all = new ArrayList<>(DEFAULT_PATTERNS);
    all.addAll(Require.nonNull("extra", extra));
    return new InjectionScreen(all);
  }

  /** Whether {@code text} looks like an attempt to instruct the judge. */
  public boolean flags(String text) {
    Require.nonNull("text", text);
    for (Pattern p : patterns) {
      if (p.matcher(text).find()) {
        return true;
      }
    }
    return false;
  }
}
