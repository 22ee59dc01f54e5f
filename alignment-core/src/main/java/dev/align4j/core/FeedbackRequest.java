package dev.align4j.core;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.ArrayList;
import java.util.Collections;
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
    metadata = Collections.unmodifiableMap(new TreeMap<>(Require.nonNull("metadata", metadata)));
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

  /**
   * Checks that {@code label} answers this request, so that a label is never stored or counted for a question it was
   * not about: the same prompt, the label type of this request's kind ({@link PairwiseComparison} for
   * {@link FeedbackKind#PAIRWISE}, {@link Ranking} for {@link FeedbackKind#RANKING}, {@link Rating} for
   * {@link FeedbackKind#RATING}, {@link BinaryLabel} for {@link FeedbackKind#BINARY}) and the same candidates,
   * matched by {@link Completion#text()}: a comparison of the two candidates in either order (a source may store
   * A = the preferred answer; read it with {@link PairwiseComparison#orientedTo}), a ranking of the same texts, a
   * rating or binary label of the candidate.
   *
   * @throws IllegalArgumentException naming this request's id and what differs
   */
  public void requireAnsweredBy(Feedback label) {
    Require.nonNull("label", label);
    String what = "label for request " + id;
    Require.argument(prompt.equals(label.prompt()), "%s must be about the prompt \"%s\", it was about \"%s\"", what,
        Require.abbreviate(prompt.text(), 40), Require.abbreviate(label.prompt().text(), 40));
    Class<? extends Feedback> expected = switch (kind) {
      case PAIRWISE -> PairwiseComparison.class;
      case RANKING -> Ranking.class;
      case RATING -> Rating.class;
      case BINARY -> BinaryLabel.class;
    };
    Require.argument(expected.isInstance(label), "%s must be a %s (the request is %s), it was a %s", what,
        expected.getSimpleName(), kind, label.getClass().getSimpleName());
    List<String> asked = texts(candidates);
    List<String> answered;
    if (label instanceof PairwiseComparison p) {
      answered = texts(List.of(p.a(), p.b()));
    } else if (label instanceof Ranking r) {
      answered = texts(r.candidates());
    } else if (label instanceof Rating r) {
      answered = texts(List.of(r.completion()));
    } else {
      answered = texts(List.of(((BinaryLabel) label).completion()));
    }
    Require.argument(asked.equals(answered), "%s must be about the answers %s (in any order), it was about %s", what,
        abbreviated(asked), abbreviated(answered));
  }

  private static List<String> texts(List<Completion> completions) {
    List<String> t = new ArrayList<>(completions.size());
    for (Completion c : completions) {
      t.add(c.text());
    }
    Collections.sort(t);
    return t;
  }

  private static String abbreviated(List<String> texts) {
    List<String> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add("\"" + Require.abbreviate(t, 40) + "\"");
    }
    return out.toString();
  }

  /** A copy with a reference answer for reference-guided judging. */
  public FeedbackRequest withReference(String referenceAnswer) {
    return new FeedbackRequest(id, prompt, candidates, kind, scale, referenceAnswer, metadata);
  }
}
