package dev.align4j.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A reviewer's answer to one task, parsed from the submission body and checked field by field (every refusal names
 * the field), with the label it becomes.
 *
 * <p>Body: {@code {"taskId": …, "order": [shown candidate indices], "aiSuggestionShown": bool, "answer": {…}}}; the
 * answer per kind: pairwise {@code {"outcome": "A"|"B"|"TIE"|"BOTH_BAD", "strength": 0..3, "rationale": …}} (A and
 * B are the request's candidates 0 and 1, whatever the order shown), ranking {@code {"ranking": [best … worst]}},
 * rating {@code {"scores": {criterion: value on the request's scale}}}, binary {@code {"desirable": bool}}; a
 * multi-turn prompt (a conversation or an agent trace) also takes {@code "steps": [{"rating": 1..5, "tags": […]}]}, one
 * per assistant turn of the prompt, and every kind takes an optional {@code "rationale"}.
 *
 * @param taskId the task answered
 * @param order the candidate indices in the order they were shown
 * @param aiSuggestionShown whether the AI suggestion was shown with the task
 * @param canonical the fields that make two submissions "the same answer": order, suggestion flag and answer
 */
record Answer(String taskId, List<Integer> order, boolean aiSuggestionShown, JsonNode canonical) {
  static final int MAX_RATIONALE = 4_000;
  static final int MAX_TAGS = 10;
  static final int STEP_MIN = 1;
  static final int STEP_MAX = 5;

  /** Llama 2's four preference strengths (Touvron et al. 2023): negligibly, slightly, better, significantly better. */
  static final int MAX_STRENGTH = 3;

  /** Reads the task id only (to find the task before the rest is checked against it). */
  static String taskId(JsonNode body) {
    if (!body.isObject()) {
      throw ApiException.badField("body", "must be a JSON object");
    }
    JsonNode id = body.get("taskId");
    if (id == null || !id.isTextual() || id.asText().isBlank()) {
      throw ApiException.badField("taskId", "must be a non-blank string");
    }
    return id.asText();
  }

  /** Checks the body against {@code request}; the label is built by {@link #label}. */
  static Answer parse(
      JsonNode body, FeedbackRequest request, boolean suggestionsAllowed, Rubric rubric) {
    String taskId = taskId(body);
    allowOnly(body, "", Set.of("taskId", "order", "aiSuggestionShown", "answer"));
    int k = request.candidates().size();
    List<Integer> order = permutation(body.get("order"), "order", k);
    JsonNode shownNode = body.get("aiSuggestionShown");
    boolean shown = false;
    if (shownNode != null && !shownNode.isNull()) {
      if (!shownNode.isBoolean()) {
        throw ApiException.badField("aiSuggestionShown", "must be true or false");
      }
      shown = shownNode.booleanValue();
    }
    if (shown && !suggestionsAllowed) {
      throw ApiException.badField(
          "aiSuggestionShown", "must be false: this server does not show AI suggestions");
    }
    JsonNode answer = body.get("answer");
    if (answer == null || !answer.isObject()) {
      throw ApiException.badField("answer", "must be a JSON object");
    }
    checkAnswer(answer, request, rubric);
    return new Answer(taskId, order, shown, canonicalOf(body));
  }

  /**
   * What makes two submissions the same answer: the order (as integers), the suggestion flag (false when absent) and
   * the answer object as sent (JSON objects compare regardless of key order).
   */
  static ObjectNode canonicalOf(JsonNode body) {
    ObjectNode canonical = JsonNodeFactory.instance.objectNode();
    ArrayNode o = canonical.putArray("order");
    body.path("order").forEach(x -> o.add(x.asInt()));
    canonical.put("aiSuggestionShown", body.path("aiSuggestionShown").asBoolean(false));
    canonical.set("answer", body.path("answer").deepCopy());
    return canonical;
  }

  private static void checkAnswer(JsonNode a, FeedbackRequest request, Rubric rubric) {
    Set<String> common = Set.of("rationale", "steps");
    switch (request.kind()) {
      case PAIRWISE -> {
        allowOnly(a, "answer.", union(common, Set.of("outcome", "strength")));
        outcome(a);
        JsonNode s = a.get("strength");
        if (s != null
            && !s.isNull()
            && (!s.canConvertToExactIntegral() || s.asInt() < 0 || s.asInt() > MAX_STRENGTH)) {
          throw ApiException.badField(
              "answer.strength", "must be an integer from 0 to " + MAX_STRENGTH);
        }
      }
      case RANKING -> {
        allowOnly(a, "answer.", union(common, Set.of("ranking")));
        permutation(a.get("ranking"), "answer.ranking", request.candidates().size());
      }
      case RATING -> {
        allowOnly(a, "answer.", union(common, Set.of("scores")));
        scores(a, request.scale(), rubric);
      }
      case BINARY -> {
        allowOnly(a, "answer.", union(common, Set.of("desirable")));
        JsonNode d = a.get("desirable");
        if (d == null || !d.isBoolean()) {
          throw ApiException.badField("answer.desirable", "must be true or false");
        }
      }
      default -> throw new IllegalStateException("unknown kind " + request.kind());
    }
    JsonNode r = a.get("rationale");
    if (r != null && !r.isNull() && (!r.isTextual() || r.asText().length() > MAX_RATIONALE)) {
      throw ApiException.badField(
          "answer.rationale", "must be a string of at most " + MAX_RATIONALE + " characters");
    }
    steps(a.get("steps"), assistantTurns(request));
  }

  /** The label this answer becomes, with the reviewer's provenance. */
  Feedback label(FeedbackRequest request, String reviewer, Instant at, Rubric rubric) {
    JsonNode a = canonical.get("answer");
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("presentation_order", join(order));
    attrs.put("ai_suggestion_shown", Boolean.toString(aiSuggestionShown));
    attrs.put("review_task", taskId);
    JsonNode r = a.get("rationale");
    if (r != null && r.isTextual()) {
      attrs.put("rationale", r.asText());
    }
    JsonNode steps = a.get("steps");
    if (steps != null && steps.isArray()) {
      for (int i = 0; i < steps.size(); i++) {
        attrs.put("step." + i + ".rating", Integer.toString(steps.get(i).get("rating").asInt()));
        List<String> tags = new ArrayList<>();
        JsonNode t = steps.get(i).get("tags");
        if (t != null) {
          t.forEach(x -> tags.add(x.asText()));
        }
        attrs.put("step." + i + ".tags", String.join(",", tags));
      }
    }
    var prompt = request.prompt();
    var cs = request.candidates();
    Provenance p0 = Provenance.human(reviewer, at);
    switch (request.kind()) {
      case PAIRWISE -> {
        JsonNode s = a.get("strength");
        Double strength = s == null || s.isNull() ? null : (double) s.asInt();
        Presentation shownFirst = order.get(0) == 0 ? Presentation.A_FIRST : Presentation.B_FIRST;
        return new PairwiseComparison(
            prompt, cs.get(0), cs.get(1), outcome(a), null, strength, shownFirst, with(p0, attrs));
      }
      case RANKING -> {
        List<Integer> ranking = new ArrayList<>();
        a.get("ranking").forEach(x -> ranking.add(x.asInt()));
        return new Ranking(prompt, cs, ranking, with(p0, attrs));
      }
      case RATING -> {
        double sum = 0;
        for (String c : rubric.criteria()) {
          double v = a.get("scores").get(c).asDouble();
          attrs.put("criterion." + c, Double.toString(v));
          sum += v;
        }
        RatingScale scale = request.scale();
        return new Rating(
            prompt, cs.get(0), sum / rubric.criteria().size(), scale, with(p0, attrs));
      }
      case BINARY -> {
        return new BinaryLabel(
            prompt, cs.get(0), a.get("desirable").booleanValue(), with(p0, attrs));
      }
      default -> throw new IllegalStateException("unknown kind " + request.kind());
    }
  }

  private static Provenance with(Provenance p, Map<String, String> attrs) {
    return new Provenance(
        p.kind(), p.sourceId(), p.version(), p.principleId(), p.timestamp(), attrs);
  }

  static String join(List<Integer> order) {
    StringBuilder b = new StringBuilder();
    for (int i : order) {
      b.append(b.length() == 0 ? "" : ",").append(i);
    }
    return b.toString();
  }

  /** The assistant turns of the prompt: the steps of a conversation or agent trace under review. */
  static int assistantTurns(FeedbackRequest request) {
    int n = 0;
    for (Message m : request.prompt().messages()) {
      if (m.role() == Role.ASSISTANT) {
        n++;
      }
    }
    return n;
  }

  private static Outcome outcome(JsonNode a) {
    JsonNode o = a.get("outcome");
    if (o == null || !o.isTextual()) {
      throw ApiException.badField("answer.outcome", "must be one of A, B, TIE, BOTH_BAD");
    }
    try {
      return Outcome.valueOf(o.asText());
    } catch (IllegalArgumentException e) {
      throw ApiException.badField("answer.outcome", "must be one of A, B, TIE, BOTH_BAD");
    }
  }

  private static void scores(JsonNode a, RatingScale scale, Rubric rubric) {
    JsonNode s = a.get("scores");
    if (s == null || !s.isObject()) {
      throw ApiException.badField(
          "answer.scores", "must be an object with a score for each of " + rubric.criteria());
    }
    allowOnly(s, "answer.scores.", Set.copyOf(rubric.criteria()));
    for (String c : rubric.criteria()) {
      JsonNode v = s.get(c);
      if (v == null
          || !v.isNumber()
          || !Double.isFinite(v.asDouble())
          || !scale.contains(v.asDouble())) {
        throw ApiException.badField(
            "answer.scores." + c, "must be a number from " + scale.min() + " to " + scale.max());
      }
    }
  }

  private static void steps(JsonNode steps, int turns) {
    if (steps == null || steps.isNull()) {
      return;
    }
    if (!steps.isArray() || steps.size() != turns) {
      throw ApiException.badField(
          "answer.steps",
          "must be an array with one entry per assistant turn of the prompt (" + turns + ")");
    }
    for (int i = 0; i < steps.size(); i++) {
      String f = "answer.steps[" + i + "]";
      JsonNode st = steps.get(i);
      if (!st.isObject()) {
        throw ApiException.badField(f, "must be an object");
      }
      allowOnly(st, f + ".", Set.of("rating", "tags"));
      JsonNode r = st.get("rating");
      if (r == null
          || !r.canConvertToExactIntegral()
          || r.asInt() < STEP_MIN
          || r.asInt() > STEP_MAX) {
        throw ApiException.badField(
            f + ".rating", "must be an integer from " + STEP_MIN + " to " + STEP_MAX);
      }
      JsonNode t = st.get("tags");
      if (t != null && !t.isNull()) {
        if (!t.isArray() || t.size() > MAX_TAGS) {
          throw ApiException.badField(
              f + ".tags", "must be an array of at most " + MAX_TAGS + " tags");
        }
        for (JsonNode x : t) {
          if (!x.isTextual() || !x.asText().matches("[A-Za-z0-9_-]{1,40}")) {
            throw ApiException.badField(
                f + ".tags", "each tag must be 1 to 40 letters, digits, '_' or '-'");
          }
        }
      }
    }
  }

  static List<Integer> permutation(JsonNode n, String field, int k) {
    if (n == null || !n.isArray() || n.size() != k) {
      throw ApiException.badField(
          field, "must be an array of the " + k + " candidate indices 0.." + (k - 1));
    }
    boolean[] seen = new boolean[k];
    List<Integer> out = new ArrayList<>(k);
    for (JsonNode x : n) {
      if (!x.canConvertToExactIntegral() || x.asInt() < 0 || x.asInt() >= k || seen[x.asInt()]) {
        throw ApiException.badField(
            field, "must be a permutation of the candidate indices 0.." + (k - 1));
      }
      seen[x.asInt()] = true;
      out.add(x.asInt());
    }
    return out;
  }

  private static void allowOnly(JsonNode o, String prefix, Set<String> allowed) {
    Iterator<String> names = o.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!allowed.contains(n)) {
        throw ApiException.badField(prefix + n, "is not a known field");
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> s = new HashSet<>(a);
    s.addAll(b);
    return s;
  }
}
