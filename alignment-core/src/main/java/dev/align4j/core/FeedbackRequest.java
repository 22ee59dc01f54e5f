package dev.align4j.core;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A question put to a {@link FeedbackSource}: a prompt, one, two or k candidate completions, and the kind of label
 * wanted.
 *
 * @param id a caller-chosen id, echoed in logs and stores so that answers can be matched to requests
 * @param prompt the prompt the candidates answer
 * @param candidates the candidates (count checked against {@link FeedbackKind})
 * @param kind the kind of label wanted
 * @param scale the rating scale, required for {@link FeedbackKind#RATING}, otherwise null
 * @param reference a reference answer for reference-guided judging, or null
 * @param metadata routing facts such as {@code "category" → "medical"}; copied, sorted
 */
public record FeedbackRequest(
    String id,
    Prompt prompt,
    List<Completion> candidates,
    FeedbackKind kind,
    @Nullable RatingScale scale,
    @Nullable String reference,
    Map<String, String> metadata) {

  /** Validates the candidate count for the kind and the presence of a scale for ratings. */
  public FeedbackRequest {
    Require.nonBlank("id", id);
    Require.nonNull("prompt", prompt);
    Require.nonNull("kind", kind);
    candidates = List.copyOf(Require.nonNull("candidates", candidates));
    Require.argument(
        candidates.size() >= kind.minCandidates() && candidates.size() <= kind.maxCandidates(),
        "candidates must hold %s for a %s request, had %d",
        kind.minCandidates() == kind.maxCandidates()
            ? String.valueOf(kind.minCandidates())
            : "at least " + kind.minCandidates(),
        kind,
        candidates.size());
    Require.argument(
        kind != FeedbackKind.RATING || scale != null, "scale must be given for a RATING request");
    metadata = java.util.Collections.unmodifiableMap(new TreeMap<>(Require.nonNull("metadata", metadata)));
  }

  /** A pairwise request: is A or B the better answer? */
  public static FeedbackRequest pairwise(String id, Prompt prompt, Completion a, Completion b) {
    return new FeedbackRequest(id, prompt, List.of(a, b), FeedbackKind.PAIRWISE, null, null, Map.of());
  }

  /** A ranking request over k ≥ 2 candidates. */
  public static FeedbackRequest ranking(String id, Prompt prompt, List<Completion> candidates) {
    return new FeedbackRequest(id, prompt, candidates, FeedbackKind.RANKING, null, null, Map.of());
  }

  /** A rating request on {@code scale}. */
  public static FeedbackRequest rating(String id, Prompt prompt, Completion completion, RatingScale scale) {
    return new FeedbackRequest(id, prompt, List.of(completion), FeedbackKind.RATING, scale, null, Map.of());
  }

  /** A binary (desirable or not) request. */
  public static FeedbackRequest binary(String id, Prompt prompt, Completion completion) {
    return new FeedbackRequest(id, prompt, List.of(completion), FeedbackKind.BINARY, null, null, Map.of());
  }

  /** A copy with a metadata entry added (e.g. {@code withMetadata("category", "medical")}). */
  public FeedbackRequest withMetadata(String key, String value) {
    var m = new TreeMap<>(metadata);
    m.put(Require.nonBlank("key", key), Require.nonNull("value", value));
    return new FeedbackRequest(id, prompt, candidates, kind, scale, reference, m);
  }

  /** A copy with a reference answer for reference-guided judging. */
  public FeedbackRequest withReference(String referenceAnswer) {
    return new FeedbackRequest(id, prompt, candidates, kind, scale, referenceAnswer, metadata);
  }
}
