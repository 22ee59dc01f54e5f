package dev.align4j.rewards.rule;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.verify.AbstentionReason;
import dev.align4j.rewards.verify.Verdict;
import dev.align4j.rewards.verify.Verifier;
import java.util.regex.Pattern;

/**
 * A verifiable format rule: 1 when the completion matches a regular expression (anywhere, or as a whole), 0
 * otherwise — or the reverse for a forbidden pattern. Format rewards of reasoning models (e.g. DeepSeek-R1's
 * {@code <think>…</think>} check, see {@link Rules#thinkAnswerFormat()}) are of this kind.
 *
 * <p>The rule is a {@link Verifier} with a step budget: the matcher may read at most
 * {@code max(minSteps, stepsPerChar · length)} characters of the completion (defaults {@value #DEFAULT_MIN_STEPS} and
 * {@value #DEFAULT_STEPS_PER_CHAR}, chosen here: a linear scan never reaches it, a quadratic one — a failing search
 * for {@code a.*b} reads about {@code n²/2} characters — only beyond about 20,000 characters, while a pattern that
 * backtracks combinatorially, such as {@code (.*a){12}b} on 30 {@code a}s (billions of reads; the JDK's own
 * memoisation defuses simpler cases such as {@code (a+)+b}), does within a few milliseconds).
 * When the budget runs out the rule abstains with {@link AbstentionReason#TIMEOUT} instead of hanging a training step;
 * {@link #score} gives 0 for it. A budget in character reads rather than wall-clock time makes the outcome the same
 * on every machine and run.
 */
public final class RegexRule implements Verifier {
  /** The default floor of the step budget, in character reads. */
  public static final long DEFAULT_MIN_STEPS = 1_000_000L;

  /** The default step budget per character of the completion. */
  public static final long DEFAULT_STEPS_PER_CHAR = 10_000L;

  private final Pattern pattern;
  private final boolean wholeText;
  private final boolean required;
  private final long minSteps;
  private final long stepsPerChar;

  private RegexRule(
      Pattern pattern, boolean wholeText, boolean required, long minSteps, long stepsPerChar) {
    this.pattern = Require.nonNull("pattern", pattern);
    this.wholeText = wholeText;
    this.required = required;
    this.minSteps = Require.positive("minSteps", minSteps);
    this.stepsPerChar = Require.positive("stepsPerChar", stepsPerChar);
  }

  private RegexRule(Pattern pattern, boolean wholeText, boolean required) {
    this(pattern, wholeText, required, DEFAULT_MIN_STEPS, DEFAULT_STEPS_PER_CHAR);
  }

  /**
   * This rule with another step budget: at most {@code max(minSteps, stepsPerChar · length)} character reads.
   *
   * @param minSteps &gt; 0
   * @param stepsPerChar &gt; 0
   */
  public RegexRule withStepBudget(long minSteps, long stepsPerChar) {
    return new RegexRule(pattern, wholeText, required, minSteps, stepsPerChar);
  }

  /** 1 when {@code pattern} is found anywhere in the completion. */
  public static RegexRule contains(Pattern pattern) {
    return new RegexRule(pattern, false, true);
  }

  /** 1 when the whole completion matches {@code pattern}. */
  public static RegexRule matchesWhole(Pattern pattern) {
    return new RegexRule(pattern, true, true);
  }

  /** 1 when {@code pattern} is found nowhere in the completion (a forbidden pattern). */
  public static RegexRule forbids(Pattern pattern) {
    return new RegexRule(pattern, false, false);
  }

  @Override
  public Verdict verify(Prompt prompt, Completion completion) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    String text = completion.text();
    long budget = Math.max(minSteps, saturatedProduct(stepsPerChar, text.length()));
    BudgetedText budgeted = new BudgetedText(text, budget);
    boolean hit;
    try {
      var m = pattern.matcher(budgeted);
      hit = wholeText ? m.matches() : m.find();
    } catch (BudgetExhaustedException e) {
      return Verdict.abstained(
          AbstentionReason.TIMEOUT,
          "the pattern "
              + Require.abbreviate(pattern.pattern(), 40)
              + " read "
              + budget
              + " characters of a "
              + text.length()
              + "-character completion without a result");
    }
    return Verdict.scored(hit == required ? 1.0 : 0.0);
  }

  private static long saturatedProduct(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
  }

  /** A text whose characters may be read a bounded number of times in total (a matcher's work budget). */
  private static final class BudgetedText implements CharSequence {
    private final String text;
    private final long[] left;

    BudgetedText(String text, long budget) {
      this(text, new long[] {budget});
    }

    private BudgetedText(String text, long[] left) {
      this.text = text;
      this.left = left;
    }

    @Override
    public char charAt(int index) {
      if (--left[0] < 0) {
        throw new BudgetExhaustedException();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new BudgetedText(text.substring(start, end), left);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** The matcher ran out of its budget. */
  private static final class BudgetExhaustedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BudgetExhaustedException() {
      super("step budget exhausted", null, false, false);
    }
  }

  @Override
  public String toString() {
    return "RegexRule["
        + (required ? (wholeText ? "matches " : "contains ") : "forbids ")
        + pattern
        + "]";
  }
}
