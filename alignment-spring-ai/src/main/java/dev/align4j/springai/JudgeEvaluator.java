package dev.align4j.springai;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.judge.JudgeAttributes;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.evaluation.EvaluationRequest;
import org.springframework.ai.evaluation.EvaluationResponse;
import org.springframework.ai.evaluation.Evaluator;

/**
 * An align4j judge — an {@code LlmJudge}, a {@code HybridRouter}, any {@link FeedbackSource} — as a Spring AI
 * {@link Evaluator}, so that Spring AI's evaluation tests and advisors can use it.
 *
 * <p>The request's user text (with its documents as numbered context, see {@code EvaluationPrompts}) is the prompt,
 * its response content the completion. Two modes:
 *
 * <ul>
 *   <li>{@link #binary(FeedbackSource)}: a {@code BINARY} request ("is this response acceptable?"). Pass = the judge
 *       said yes; score = p(yes) — from log-probabilities when the model returned them
 *       ({@code p_desirable}), else 1 or 0.
 *   <li>{@link #rating(FeedbackSource, RatingScale, double)}: a {@code RATING} request on the scale. Score = the
 *       rating (the expected score under log-probabilities, d-RLAIF); pass = score {@code >= passAt}.
 * </ul>
 *
 * <p>The feedback text is the judge's rationale when it gave one (chain-of-thought templates), else a one-line
 * summary; the metadata holds the label's provenance (annotator, version, principle) and attributes. Request ids are
 * {@code "spring-ai-evaluation-<n>"}, counting from 1 per evaluator. A judge that cannot answer throws its exception
 * (a {@code ChatModelException}, an {@code UnparseableVerdictException}): an evaluation is never guessed.
 */
public final class JudgeEvaluator implements Evaluator {
  private final FeedbackSource judge;
  private final @Nullable RatingScale scale;
  private final double passAt;
  private final AtomicLong ids = new AtomicLong();

  private JudgeEvaluator(FeedbackSource judge, @Nullable RatingScale scale, double passAt) {
    this.judge = Require.nonNull("judge", judge);
    this.scale = scale;
    this.passAt = passAt;
  }

  /** Pass when the judge answers yes to "is this response acceptable?"; score = p(yes). */
  public static JudgeEvaluator binary(FeedbackSource judge) {
    return new JudgeEvaluator(judge, null, Double.NaN);
  }

  /**
   * Score = the judge's rating on {@code scale}; pass when it is at least {@code passAt}.
   *
   * @param passAt the lowest passing rating, within the scale
   */
  public static JudgeEvaluator rating(FeedbackSource judge, RatingScale scale, double passAt) {
    Require.nonNull("scale", scale);
    Require.inClosedRange("passAt", passAt, scale.min(), scale.max());
    return new JudgeEvaluator(judge, scale, passAt);
  }

  @Override
  public EvaluationResponse evaluate(EvaluationRequest request) {
    Require.nonNull("request", request);
    Prompt prompt = EvaluationPrompts.prompt(request);
    Completion completion = EvaluationPrompts.completion(request);
    String id = "spring-ai-evaluation-" + ids.incrementAndGet();
    Feedback label =
        judge.requestBlocking(
            scale == null
                ? FeedbackRequest.binary(id, prompt, completion)
                : FeedbackRequest.rating(id, prompt, completion, scale));
    Map<String, Object> metadata = new LinkedHashMap<>(label.provenance().attributes());
    metadata.put("request_id", id);
    metadata.put("annotator", label.provenance().sourceId());
    metadata.put("annotator_kind", label.provenance().kind().name());
    if (label.provenance().version() != null) {
      metadata.put("annotator_version", label.provenance().version());
    }
    if (label.provenance().principleId() != null) {
      metadata.put("principle_id", label.provenance().principleId());
    }
    String rationale = label.provenance().attributes().get(JudgeAttributes.RATIONALE);
    if (label instanceof BinaryLabel) {
      BinaryLabel b = (BinaryLabel) label;
      double p = pYes(b);
      String summary =
          String.format(
              Locale.ROOT,
              "%s judged the response %s (p(yes) = %.3f)",
              label.provenance().sourceId(),
              b.desirable() ? "acceptable" : "not acceptable",
              p);
      return new EvaluationResponse(
          b.desirable(), (float) p, rationale != null ? rationale : summary, metadata);
    }
    if (label instanceof Rating) {
      Rating r = (Rating) label;
      boolean pass = r.value() >= passAt;
      String summary =
          String.format(
              Locale.ROOT,
              "%s rated the response %.3f on [%s, %s] (pass at %s)",
              label.provenance().sourceId(),
              r.value(),
              fmt(r.scale().min()),
              fmt(r.scale().max()),
              fmt(passAt));
      return new EvaluationResponse(
          pass, (float) r.value(), rationale != null ? rationale : summary, metadata);
    }
    throw new IllegalStateException(
        "the judge "
            + judge
            + " answered request "
            + id
            + " with a "
            + label.getClass().getSimpleName()
            + ", expected a "
            + (scale == null ? "BinaryLabel" : "Rating"));
  }

  /** p(yes): the judge's {@code p_desirable} attribute when it is a probability, else 1 or 0 from the verdict. */
  private static double pYes(BinaryLabel b) {
    String p = b.provenance().attributes().get(JudgeAttributes.P_DESIRABLE);
    if (p != null) {
      try {
        double v = Double.parseDouble(p);
        if (v >= 0 && v <= 1) {
          return v;
        }
      } catch (NumberFormatException e) {
        // not a number: the verdict decides
      }
    }
    return b.desirable() ? 1 : 0;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  @Override
  public String toString() {
    return "JudgeEvaluator["
        + judge
        + (scale == null ? ", binary" : ", rating " + scale + " pass at " + passAt)
        + "]";
  }
}
