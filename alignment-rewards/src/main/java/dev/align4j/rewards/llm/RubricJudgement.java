package dev.align4j.rewards.llm;

import dev.align4j.core.check.Require;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outcome of asking a judge to score an answer against a {@link Rubric}: {@link Scored} with the per-criterion
 * scores, the weighted reward and the judge's whole answer (its rationale), or {@link Unscorable} when the answer does
 * not hold a score on the scale for every criterion. A closed set: there is no silent default score.
 */
public sealed interface RubricJudgement permits RubricJudgement.Scored, RubricJudgement.Unscorable {

  /** The judge's whole answer (its rationale, for audit). */
  String rawAnswer();

  /**
   * Every criterion scored.
   *
   * @param reward the weighted mean of the normalised scores ({@link Rubric#reward}), in [0, 1]
   * @param scores one per criterion, in the rubric's order
   * @param rawAnswer the judge's answer, kept whole as its rationale
   */
  record Scored(double reward, List<CriterionScore> scores, String rawAnswer)
      implements RubricJudgement {
    /** A {@code Rationale:} line, ignoring case, list markers and Markdown emphasis around the word. */
    private static final Pattern RATIONALE =
        Pattern.compile(
            "^[\\s*_`#>\\-]*rationale[\\s*_`]*:[\\s*_`]*(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    /** Validates and copies. */
    public Scored {
      Require.inClosedRange("reward", reward, 0, 1);
      scores = List.copyOf(Require.nonEmpty("scores", scores));
      Require.nonNull("rawAnswer", rawAnswer);
    }

    /**
     * The judge's overall rationale: the text after the last {@code Rationale:} line the default template asks for
     * (stripped), or {@code ""} when the answer has none (the per-criterion reasons are in {@link #scores()}, the whole
     * answer in {@link #rawAnswer()}).
     */
    public String rationale() {
      Matcher m = RATIONALE.matcher(rawAnswer);
      String last = "";
      while (m.find()) {
        last = m.group(1).strip();
      }
      return last;
    }

    /** The score of criterion {@code name}. */
    public CriterionScore score(String name) {
      for (CriterionScore s : scores) {
        if (s.criterion().equals(name)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "name must be one of the rubric's criteria, was \"" + name + "\"");
    }
  }

  /**
   * No reward could be read.
   *
   * @param reason why, naming the criterion at fault
   * @param rawAnswer what the judge answered
   */
  record Unscorable(String reason, String rawAnswer) implements RubricJudgement {
    /** Validates. */
    public Unscorable {
      Require.nonBlank("reason", reason);
      Require.nonNull("rawAnswer", rawAnswer);
    }

    /** The same outcome as a {@link JudgeScore.Unscorable} (for {@link UnscorableCompletionException}). */
    public JudgeScore.Unscorable toJudgeScore() {
      return new JudgeScore.Unscorable(reason, rawAnswer);
    }
  }
}
