package dev.align4j.rewards.llm;

import dev.align4j.core.AbstainingRewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.llm.TokenLogProb;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * LLM-as-reward ("direct RLAIF", Lee et al., "RLAIF vs. RLHF", 2023; single-answer grading of Zheng et al.,
 * "Judging LLM-as-a-Judge", 2023): a chat model reads the prompt and the completion and gives a score.
 *
 * <ul>
 *   <li>{@link Mode#RATING}: the judge writes a short justification and a rating on a scale (1–10 by default) as
 *       {@code [[r]]}; the rating is read by {@link RatingParser} and is the score (or, with
 *       {@link Builder#normalize(boolean)}, the rating mapped to [0, 1]).
 *   <li>{@link Mode#GOOD_TOKEN_PROBABILITY}: the judge answers one token, "Yes" or "No", with log-probabilities; the
 *       score is {@code p(Yes) / (p(Yes) + p(No))} from the top alternatives of the first token (RLAIF's
 *       "probability of the preferred token" used pointwise; the two probabilities are renormalised because the rest
 *       of the vocabulary carries no verdict).
 * </ul>
 *
 * <p>{@link #judge} returns a typed {@link JudgeScore}; {@link #score} returns the value or throws
 * {@link UnscorableCompletionException} — unless a fallback was set explicitly with {@link Builder#onUnscorable}.
 * Failures of the chat model itself ({@code ChatModelException}) propagate unchanged. Templates use the placeholders
 * {@code {question}}, {@code {answer}}, {@code {min}} and {@code {max}}. As an {@link AbstainingRewardModel},
 * {@link #scoreOrAbstain} gives NaN for an unscorable answer (whatever the fallback), so GRPO and RLOO leave such a
 * completion out of the group baseline instead of training on a made-up score.
 */
public final class LlmJudgeReward implements AbstainingRewardModel {

  /** How the score is read from the chat model. */
  public enum Mode {
    /** A rating parsed from the answer text. */
    RATING,
    /** The probability of the "good" token among the first token's log-probabilities. */
    GOOD_TOKEN_PROBABILITY
  }

  /** The default rating instructions (the judge sees the question and the answer, then rates). */
  public static final String DEFAULT_RATING_TEMPLATE =
      "You are an impartial judge. Rate how well the assistant's answer serves the user: helpfulness, correctness,"
          + " relevance, clarity and safety. Explain briefly, then give your rating from {min} to {max} on the last"
          + " line in exactly this format: [[rating]], for example [[{min}]].\n\n"
          + "[Question]\n{question}\n\n[Answer]\n{answer}";

  /** The default yes/no instructions. */
  public static final String DEFAULT_YES_NO_TEMPLATE =
      "You are an impartial judge. Is the assistant's answer below helpful, correct and safe for the user's question?"
          + " Reply with exactly one word: Yes or No.\n\n[Question]\n{question}\n\n[Answer]\n{answer}";

  private final ChatModel model;
  private final Mode mode;
  private final RatingScale scale;
  private final String template;
  private final String goodToken;
  private final String badToken;
  private final int maxTokens;
  private final int topLogProbs;
  private final boolean normalize;
  private final @Nullable Double fallback;
  private final RatingParser parser;

  private LlmJudgeReward(Builder b) {
    this.model = b.model;
    this.mode = b.mode;
    this.scale = b.scale;
    this.template =
        b.template != null
            ? b.template
            : b.mode == Mode.RATING ? DEFAULT_RATING_TEMPLATE : DEFAULT_YES_NO_TEMPLATE;
    this.goodToken = b.goodToken;
    this.badToken = b.badToken;
    this.maxTokens = b.maxTokens != null ? b.maxTokens : b.mode == Mode.RATING ? 512 : 1;
    this.topLogProbs = b.topLogProbs;
    this.normalize = b.normalize;
    this.fallback = b.fallback;
    this.parser = new RatingParser(scale);
  }

  /** A builder for a judge on {@code model}; defaults: rating mode, 1–10 scale. */
  public static Builder builder(ChatModel model) {
    return new Builder(model);
  }

  /** Asks the judge and returns the typed outcome. */
  public JudgeScore judge(Prompt prompt, Completion completion) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    String text =
        template
            .replace("{min}", fmt(scale.min()))
            .replace("{max}", fmt(scale.max()))
            .replace("{question}", prompt.text())
            .replace("{answer}", completion.text());
    ChatRequest request = ChatRequest.of(List.of(Message.user(text)), maxTokens);
    if (mode == Mode.GOOD_TOKEN_PROBABILITY) {
      request = request.withTopLogProbs(topLogProbs);
    }
    ChatResponse response = model.chat(request);
    if (response == null) {
      return new JudgeScore.Unscorable("the chat model returned no response", "");
    }
    if (mode == Mode.RATING) {
      JudgeScore s = parser.parse(response.text());
      if (normalize && s instanceof JudgeScore.Scored) {
        return new JudgeScore.Scored(
            scale.normalize(((JudgeScore.Scored) s).value()), s.rawAnswer());
      }
      return s;
    }
    return tokenProbability(response);
  }

  private JudgeScore tokenProbability(ChatResponse response) {
    if (!response.hasLogProbs()) {
      return new JudgeScore.Unscorable(
          "the chat model returned no log-probabilities (use an endpoint that supports them, or Mode.RATING)",
          response.text());
    }
    TokenLogProb first = response.tokens().get(0);
    double good = 0;
    double bad = 0;
    Set<String> seen = new HashSet<>();
    String g = goodToken.toLowerCase(Locale.ROOT);
    String b = badToken.toLowerCase(Locale.ROOT);
    for (int i = -1; i < first.alternatives().size(); i++) {
      String tok = i < 0 ? first.token() : first.alternatives().get(i).token();
      double lp = i < 0 ? first.logProb() : first.alternatives().get(i).logProb();
      if (!seen.add(tok)) {
        continue;
      }
      String t = tok.strip().toLowerCase(Locale.ROOT);
      if (t.equals(g)) {
        good += Math.exp(lp);
      } else if (t.equals(b)) {
        bad += Math.exp(lp);
      }
    }
    if (good + bad == 0) {
      return new JudgeScore.Unscorable(
          "neither \""
              + goodToken
              + "\" nor \""
              + badToken
              + "\" is among the first token's top log-probabilities",
          response.text());
    }
    return new JudgeScore.Scored(good / (good + bad), response.text());
  }

  /**
   * The score.
   *
   * @throws UnscorableCompletionException when the answer holds no usable score and no fallback was set
   */
  @Override
  public double score(Prompt prompt, Completion completion) {
    JudgeScore s = judge(prompt, completion);
    if (s instanceof JudgeScore.Scored) {
      return ((JudgeScore.Scored) s).value();
    }
    if (fallback != null) {
      return fallback;
    }
    throw new UnscorableCompletionException((JudgeScore.Unscorable) s);
  }

  /** The score, or {@link AbstainingRewardModel#ABSTAINED} when the answer is unscorable (the fallback is not used). */
  @Override
  public double scoreOrAbstain(Prompt prompt, Completion completion) {
    JudgeScore s = judge(prompt, completion);
    return s instanceof JudgeScore.Scored ? ((JudgeScore.Scored) s).value() : ABSTAINED;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  @Override
  public String toString() {
    return "LlmJudgeReward[" + model.modelId() + ", " + mode + "]";
  }

  /** Configures an {@link LlmJudgeReward}. */
  public static final class Builder {
    private final ChatModel model;
    private Mode mode = Mode.RATING;
    private RatingScale scale = RatingScale.ONE_TO_TEN;
    private @Nullable String template;
    private String goodToken = "Yes";
    private String badToken = "No";
    private @Nullable Integer maxTokens;
    private int topLogProbs = 5;
    private boolean normalize;
    private @Nullable Double fallback;

    private Builder(ChatModel model) {
      this.model = Require.nonNull("model", model);
    }

    /** The mode; default {@link Mode#RATING}. */
    public Builder mode(Mode mode) {
      this.mode = Require.nonNull("mode", mode);
      return this;
    }

    /** The rating scale; default 1–10 (MT-Bench). */
    public Builder scale(RatingScale scale) {
      this.scale = Require.nonNull("scale", scale);
      return this;
    }

    /** The instructions, with {@code {question}} and {@code {answer}} placeholders; default per mode. */
    public Builder template(String template) {
      Require.nonBlank("template", template);
      Require.argument(
          template.contains("{answer}"),
          "template must contain {answer}, was \"%s\"",
          Require.abbreviate(template, 60));
      this.template = template;
      return this;
    }

    /** The "good" and "bad" tokens of the probability mode; default "Yes" / "No" (compared case-insensitively). */
    public Builder tokens(String good, String bad) {
      this.goodToken = Require.nonBlank("good", good).strip();
      this.badToken = Require.nonBlank("bad", bad).strip();
      Require.argument(
          !goodToken.equalsIgnoreCase(badToken),
          "good and bad must differ, both were \"%s\"",
          good);
      return this;
    }

    /** The most tokens the judge may write; default 512 (rating) or 1 (probability). */
    public Builder maxTokens(int maxTokens) {
      this.maxTokens = Require.positive("maxTokens", maxTokens);
      return this;
    }

    /** How many alternatives to request per token in probability mode, 1–20; default 5. */
    public Builder topLogProbs(int k) {
      this.topLogProbs = Require.inClosedRange("topLogProbs", k, 1, 20);
      return this;
    }

    /** Map ratings to [0, 1] by the scale; default false (the raw rating). */
    public Builder normalize(boolean normalize) {
      this.normalize = normalize;
      return this;
    }

    /** An explicit score for unscorable answers (instead of throwing); default none. */
    public Builder onUnscorable(double fallback) {
      this.fallback = Require.finite("fallback", fallback);
      return this;
    }

    /** Builds the reward. */
    public LlmJudgeReward build() {
      return new LlmJudgeReward(this);
    }
  }
}
