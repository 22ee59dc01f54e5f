package dev.align4j.rewards.llm;

import dev.align4j.core.AbstainingRewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.ExplainableReward;
import dev.align4j.rewards.RewardBreakdown;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Rubric-as-reward: a chat model scores an answer on each criterion of a {@link Rubric} (each with its own scale and
 * description), and the reward is the rubric's weighted mean of the normalised scores, in [0, 1] (see
 * {@link Rubric#reward}). Rubrics as rewards follow Gunjal et al., "Rubrics as Rewards" (2025); the per-criterion
 * line format reuses MT-Bench's {@code [[score]]} marker so that {@link RatingParser} reads every score.
 *
 * <p>Prompt: the default template lists the criteria as {@code - name (min to max): description} (weights are not
 * shown: the judge scores each criterion on its own, the weighting is the caller's), then the question and the
 * answer, and asks for one line per criterion, {@code name: [[score]] reason}, and a last line
 * {@code Rationale: ...}. Reading: for each criterion the <em>last</em> line that starts with its name (ignoring case,
 * list markers and Markdown emphasis) is read with {@link RatingParser} on the criterion's scale. A criterion without
 * such a line, or with a score off its scale, makes the whole answer {@link RubricJudgement.Unscorable} (naming the
 * criterion); it is never a 0.
 *
 * <p>{@link #judge} returns the typed outcome; {@link #explain} and {@link #score} throw
 * {@link UnscorableCompletionException} for an unscorable answer unless {@link Builder#onUnscorable} set an explicit
 * value, as {@link LlmJudgeReward} does. Failures of the chat model ({@code ChatModelException}) propagate unchanged.
 * The breakdown of {@link #explain} holds each criterion's score on its own scale under the criterion's name. As an
 * {@link AbstainingRewardModel}, {@link #scoreOrAbstain} gives NaN for an unscorable answer (whatever the fallback),
 * so GRPO and RLOO leave such a completion out of the group baseline.
 */
public final class RubricJudgeReward implements ExplainableReward, AbstainingRewardModel {

  /** The default instructions; placeholders {@code {criteria}}, {@code {question}} and {@code {answer}}. */
  public static final String DEFAULT_TEMPLATE =
      "You are an impartial judge. Score the assistant's answer below on each criterion, on the criterion's own"
          + " scale, independently of the other criteria.\n\n[Criteria]\n{criteria}\n\n"
          + "[Question]\n{question}\n\n[Answer]\n{answer}\n\n"
          + "Write one line per criterion, in the order listed, in exactly this format: name: [[score]] one-sentence"
          + " reason. Then write a last line: Rationale: your overall assessment.";

  private final ChatModel model;
  private final Rubric rubric;
  private final String template;
  private final int maxTokens;
  private final @Nullable Double fallback;
  private final List<Pattern> linePatterns;
  private final List<RatingParser> parsers;

  private RubricJudgeReward(Builder b) {
    this.model = b.model;
    this.rubric = b.rubric;
    this.template = b.template;
    this.maxTokens = b.maxTokens;
    this.fallback = b.fallback;
    this.linePatterns = new ArrayList<>();
    this.parsers = new ArrayList<>();
    for (RubricCriterion c : rubric.criteria()) {
      linePatterns.add(
          Pattern.compile(
              "^[\\s*_`#>\\-]*" + Pattern.quote(c.name()) + "[\\s*_`]*:(.*)$",
              Pattern.CASE_INSENSITIVE | Pattern.MULTILINE));
      parsers.add(new RatingParser(c.scale()));
    }
  }

  /** A builder for a judge on {@code model} scoring against {@code rubric}. */
  public static Builder builder(ChatModel model, Rubric rubric) {
    return new Builder(model, rubric);
  }

  /** The rubric. */
  public Rubric rubric() {
    return rubric;
  }

  /** The message the judge is sent for {@code prompt} and {@code completion}. */
  public String render(Prompt prompt, Completion completion) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    StringBuilder criteria = new StringBuilder();
    for (RubricCriterion c : rubric.criteria()) {
      if (criteria.length() > 0) {
        criteria.append('\n');
      }
      criteria
          .append("- ")
          .append(c.name())
          .append(" (")
          .append(fmt(c.scale().min()))
          .append(" to ")
          .append(fmt(c.scale().max()))
          .append("): ")
          .append(c.description());
    }
    // criteria first: a question or answer that contains "{criteria}" stays as written
    return template
        .replace("{criteria}", criteria)
        .replace("{question}", prompt.text())
        .replace("{answer}", completion.text());
  }

  /** Asks the judge and returns the typed outcome. */
  public RubricJudgement judge(Prompt prompt, Completion completion) {
    String text = render(prompt, completion);
    ChatResponse response = model.chat(ChatRequest.of(List.of(Message.user(text)), maxTokens));
    if (response == null) {
      return new RubricJudgement.Unscorable("the chat model returned no response", "");
    }
    return parse(response.text());
  }

  /** Reads the per-criterion scores out of a judge's {@code answer}. */
  public RubricJudgement parse(String answer) {
    Require.nonNull("answer", answer);
    List<CriterionScore> scores = new ArrayList<>();
    double[] values = new double[rubric.size()];
    for (int k = 0; k < rubric.size(); k++) {
      RubricCriterion c = rubric.criteria().get(k);
      Matcher m = linePatterns.get(k).matcher(answer);
      String rest = null;
      while (m.find()) {
        rest = m.group(1);
      }
      if (rest == null) {
        return new RubricJudgement.Unscorable(
            "no line \"" + c.name() + ": [[score]]\" for criterion " + c.name(), answer);
      }
      JudgeScore s = parsers.get(k).parse(rest);
      if (s instanceof JudgeScore.Unscorable) {
        return new RubricJudgement.Unscorable(
            "criterion " + c.name() + ": " + ((JudgeScore.Unscorable) s).reason(), answer);
      }
      values[k] = ((JudgeScore.Scored) s).value();
      String comment = rest.replaceFirst("^\\s*\\[\\[[^\\]]*\\]\\]", "").strip();
      scores.add(
          new CriterionScore(
              c.name(), values[k], c.scale().normalize(values[k]), c.weight(), comment));
    }
    return new RubricJudgement.Scored(rubric.reward(values), scores, answer);
  }

  /**
   * The reward and each criterion's score on its own scale.
   *
   * @throws UnscorableCompletionException when the answer is unscorable and no fallback was set
   */
  @Override
  public RewardBreakdown explain(Prompt prompt, Completion completion) {
    RubricJudgement j = judge(prompt, completion);
    if (j instanceof RubricJudgement.Scored) {
      RubricJudgement.Scored s = (RubricJudgement.Scored) j;
      Map<String, Double> parts = new LinkedHashMap<>();
      for (CriterionScore cs : s.scores()) {
        parts.put(cs.criterion(), cs.score());
      }
      return new RewardBreakdown(s.reward(), parts);
    }
    if (fallback != null) {
      return RewardBreakdown.of(fallback);
    }
    throw new UnscorableCompletionException(((RubricJudgement.Unscorable) j).toJudgeScore());
  }

  /** The weighted reward, or {@link AbstainingRewardModel#ABSTAINED} when the answer is unscorable (no fallback). */
  @Override
  public double scoreOrAbstain(Prompt prompt, Completion completion) {
    RubricJudgement j = judge(prompt, completion);
    return j instanceof RubricJudgement.Scored ? ((RubricJudgement.Scored) j).reward() : ABSTAINED;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  @Override
  public String toString() {
    return "RubricJudgeReward[" + model.modelId() + ", " + rubric.size() + " criteria]";
  }

  /** Configures a {@link RubricJudgeReward}. */
  public static final class Builder {
    private final ChatModel model;
    private final Rubric rubric;
    private String template = DEFAULT_TEMPLATE;
    private int maxTokens = 1024;
    private @Nullable Double fallback;

    private Builder(ChatModel model, Rubric rubric) {
      this.model = Require.nonNull("model", model);
      this.rubric = Require.nonNull("rubric", rubric);
    }

    /**
     * The instructions, with {@code {criteria}}, {@code {question}} and {@code {answer}} placeholders; default
     * {@link #DEFAULT_TEMPLATE}.
     */
    public Builder template(String template) {
      Require.nonBlank("template", template);
      for (String p : new String[] {"{criteria}", "{answer}"}) {
        Require.argument(
            template.contains(p),
            "template must contain %s, was \"%s\"",
            p,
            Require.abbreviate(template, 60));
      }
      this.template = template;
      return this;
    }

    /**
     * The most tokens the judge may write; default 1024 (twice {@link LlmJudgeReward}'s 512 for one rating: a line
     * per criterion and a rationale).
     */
    public Builder maxTokens(int maxTokens) {
      this.maxTokens = Require.positive("maxTokens", maxTokens);
      return this;
    }

    /** An explicit reward for unscorable answers (instead of throwing); default none. */
    public Builder onUnscorable(double fallback) {
      this.fallback = Require.finite("fallback", fallback);
      return this;
    }

    /** Builds the reward. */
    public RubricJudgeReward build() {
      return new RubricJudgeReward(this);
    }
  }
}
