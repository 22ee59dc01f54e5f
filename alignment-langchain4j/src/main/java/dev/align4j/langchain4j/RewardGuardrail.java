package dev.align4j.langchain4j;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.ExplainableReward;
import dev.align4j.rewards.RewardBreakdown;
import dev.align4j.rewards.llm.JudgeScore;
import dev.align4j.rewards.llm.LlmJudgeReward;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.guardrail.GuardrailRequestParams;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailRequest;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A LangChain4j output guardrail ({@code dev.langchain4j.guardrail.OutputGuardrail}, attached to an
 * {@code AiServices} assistant with {@code outputGuardrails(...)}) that applies an align4j {@link RewardModel} — a
 * trained reward model, a rule ({@code KeywordRule}, {@code JsonValidityRule}, a {@code CompositeReward}) or an LLM
 * judge ({@link LlmJudgeReward}) — to the assistant's answer:
 *
 * <ul>
 *   <li>{@code score >= passAt}: pass;
 *   <li>{@code score < failBelow}: fail at once (LangChain4j's {@code fatal}: no retry, the service throws an
 *       {@code OutputGuardrailException});
 *   <li>otherwise: retry — a plain retry (LangChain4j calls the model again with the same messages), or, when
 *       {@link Builder#repromptWith} is set, a reprompt (LangChain4j adds the instruction as a user message first).
 *       When LangChain4j's retries run out ({@code OutputGuardrailsConfig.maxRetries}: by default 2, which in
 *       LangChain4j 1.19 is two calls in all) the service throws an {@code OutputGuardrailException} with the last
 *       message. LangChain4j 1.19 retries by re-sending the service's chat memory, so a service without a chat
 *       memory cannot retry: there a retry becomes a fail with a message that says so (instead of LangChain4j's
 *       "messages cannot be null or empty").
 * </ul>
 *
 * <p>Every non-pass message carries the score, the threshold and the reason: the breakdown of an
 * {@link ExplainableReward}, or the judge's own answer for an {@link LlmJudgeReward} (an answer the judge could not
 * score is a retry, never a pass). A NaN score fails. The prompt scored against is the conversation in the
 * service's chat memory up to its last non-AI message — without the answer being checked and, on a plain retry,
 * without the earlier answers this guardrail rejected (LangChain4j 1.19 keeps them in the memory and re-sends them),
 * so an answer scores the same on the first call and on a retry or reprompt (whose instruction goes to the model, not
 * into the memory) — or, without a memory, the user message rendered from the service's template and variables.
 * An answer without text (a tool call) passes: there is nothing to score.
 *
 * <p>Immutable; thread-safe when the reward model is.
 */
public final class RewardGuardrail implements OutputGuardrail {
  private static final int REASON_CHARS = 200;

  /** What the guardrail does with an answer. */
  public enum Action {
    /** The answer stands. */
    PASS,
    /** Ask the model again (with the reprompt instruction, when one is set). */
    RETRY,
    /** Refuse the answer without retrying. */
    FAIL
  }

  /**
   * The decision on one answer.
   *
   * @param action pass, retry or fail
   * @param score the reward (NaN when the reward model returned NaN or the judge could not score)
   * @param reason why, in words: the score against the threshold and the reward's explanation
   */
  public record Verdict(Action action, double score, String reason) {
    /** Validates. */
    public Verdict {
      Require.nonNull("action", action);
      Require.nonNull("reason", reason);
    }
  }

  private final RewardModel reward;
  private final String name;
  private final double passAt;
  private final double failBelow;
  private final @Nullable String reprompt;

  private RewardGuardrail(Builder b) {
    this.reward = b.reward;
    this.name = b.name == null ? reward.getClass().getSimpleName() : b.name;
    this.passAt = b.passAt;
    this.failBelow = b.failBelow;
    this.reprompt = b.reprompt;
    Require.argument(
        failBelow <= passAt, "failBelow must be <= passAt (%s), was %s", passAt, failBelow);
  }

  /**
   * A builder for a guardrail over {@code reward} that passes answers scoring at least {@code passAt} (on the
   * reward's own scale).
   */
  public static Builder builder(RewardModel reward, double passAt) {
    return new Builder(Require.nonNull("reward", reward), Require.finite("passAt", passAt));
  }

  /** The decision on {@code answer} to {@code prompt}; what {@link #validate(OutputGuardrailRequest)} applies. */
  public Verdict evaluate(Prompt prompt, String answer) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("answer", answer);
    Completion completion = Completion.of(answer);
    double score;
    String explanation;
    if (reward instanceof LlmJudgeReward judge) {
      JudgeScore js = judge.judge(prompt, completion);
      String said = "the judge answered \"" + abbreviate(js.rawAnswer()) + "\"";
      if (!(js instanceof JudgeScore.Scored s)) {
        return new Verdict(Action.RETRY, Double.NaN, name + " could not score the answer: " + said);
      }
      score = s.value();
      explanation = said;
    } else if (reward instanceof ExplainableReward explainable) {
      RewardBreakdown b = explainable.explain(prompt, completion);
      score = b.total();
      explanation = "components " + b.components();
    } else {
      score = reward.score(prompt, completion);
      explanation = "";
    }
    if (Double.isNaN(score)) {
      return new Verdict(Action.FAIL, score, name + " returned NaN for the answer");
    }
    String tail = explanation.isEmpty() ? "" : "; " + explanation;
    if (score >= passAt) {
      return new Verdict(
          Action.PASS,
          score,
          name + " scored " + fmt(score) + " >= pass threshold " + fmt(passAt) + tail);
    }
    if (score < failBelow) {
      return new Verdict(
          Action.FAIL,
          score,
          name + " scored " + fmt(score) + " < fail threshold " + fmt(failBelow) + tail);
    }
    return new Verdict(
        Action.RETRY,
        score,
        name + " scored " + fmt(score) + " < pass threshold " + fmt(passAt) + tail);
  }

  @Override
  public OutputGuardrailResult validate(OutputGuardrailRequest request) {
    AiMessage answer = request.responseFromLLM().aiMessage();
    if (answer == null || answer.text() == null) {
      return success();
    }
    Verdict v = evaluate(promptOf(request.requestParams()), answer.text());
    switch (v.action()) {
      case PASS:
        return success();
      case FAIL:
        return fatal(v.reason());
      default:
        if (request.requestParams() == null || request.requestParams().chatMemory() == null) {
          // LangChain4j re-sends the chat memory on a retry: without one its retry fails with an
          // unrelated error
          return fatal(
              v.reason()
                  + " (not retried: the service has no chat memory, which LangChain4j's retry and"
                  + " reprompt re-send)");
        }
        return reprompt == null ? retry(v.reason()) : reprompt(v.reason(), reprompt);
    }
  }

  /**
   * The conversation the answer replies to: the chat memory without trailing AI messages (the answer being checked
   * and, on a plain retry, the earlier answers this guardrail rejected, which LangChain4j 1.19 keeps in the memory and
   * re-sends), else the rendered user message.
   */
  static Prompt promptOf(@Nullable GuardrailRequestParams params) {
    if (params == null) {
      return Prompt.of("");
    }
    if (params.chatMemory() != null) {
      List<ChatMessage> messages = new ArrayList<>(params.chatMemory().messages());
      while (!messages.isEmpty() && messages.get(messages.size() - 1) instanceof AiMessage) {
        messages.remove(messages.size() - 1);
      }
      if (!messages.isEmpty()) {
        return Conversations.toPrompt(messages);
      }
    }
    String template = params.userMessageTemplate();
    if (template == null) {
      return Prompt.of("");
    }
    String text = template;
    Map<String, Object> variables = params.variables();
    if (variables != null) {
      for (Map.Entry<String, Object> e : variables.entrySet()) {
        text = text.replace("{{" + e.getKey() + "}}", String.valueOf(e.getValue()));
      }
    }
    return Prompt.of(text);
  }

  private static String fmt(double x) {
    return String.format(Locale.ROOT, "%.4f", x);
  }

  private static String abbreviate(String s) {
    String flat = s.replace('\n', ' ');
    return flat.length() <= REASON_CHARS ? flat : flat.substring(0, REASON_CHARS) + "…";
  }

  @Override
  public String toString() {
    return "RewardGuardrail["
        + name
        + ", passAt "
        + fmt(passAt)
        + ", failBelow "
        + fmt(failBelow)
        + (reprompt == null ? ", retry" : ", reprompt")
        + "]";
  }

  /** Builds a {@link RewardGuardrail}; only the reward model and the pass threshold are required. */
  public static final class Builder {
    private final RewardModel reward;
    private final double passAt;
    private double failBelow = Double.NEGATIVE_INFINITY;
    private @Nullable String reprompt;
    private @Nullable String name;

    private Builder(RewardModel reward, double passAt) {
      this.reward = reward;
      this.passAt = passAt;
    }

    /**
     * Answers scoring below this fail without a retry (default {@code -∞}: every answer below {@code passAt} is
     * retried). Must be {@code <= passAt}.
     */
    public Builder failBelow(double threshold) {
      Require.argument(!Double.isNaN(threshold), "failBelow must not be NaN");
      this.failBelow = threshold;
      return this;
    }

    /**
     * Retry with this instruction as an extra user message (LangChain4j's reprompt) instead of a plain retry
     * (default: plain retry).
     */
    public Builder repromptWith(String instruction) {
      this.reprompt = Require.nonBlank("instruction", instruction);
      return this;
    }

    /** The name used in messages (default: the reward model's class name). */
    public Builder name(String name) {
      this.name = Require.nonBlank("name", name);
      return this;
    }

    /** The guardrail. */
    public RewardGuardrail build() {
      return new RewardGuardrail(this);
    }
  }
}
