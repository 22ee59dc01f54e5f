package dev.align4j.feedback.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.FeedbackKind;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of feedback records and requests used by the store and the file-backed review queue: one object per
 * label, with a {@code "type"} discriminator ({@code pairwise}, {@code ranking}, {@code rating}, {@code binary}), the
 * prompt as a list of {@code {role, content}} messages, completions with their text (and token ids and log-probs when
 * known) and the full provenance. Lossless: {@code fromJson(toJson(f)).equals(f)}.
 */
public final class FeedbackJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FeedbackJson() {}

  /** The shared object mapper (plain, no modules). */
  public static ObjectMapper mapper() {
    return JSON;
  }

  /** Encodes a label. */
  public static ObjectNode toJson(Feedback feedback) {
    ObjectNode o = JSON.createObjectNode();
    if (feedback instanceof PairwiseComparison) {
      PairwiseComparison p = (PairwiseComparison) feedback;
      o.put("type", "pairwise");
      o.set("prompt", prompt(p.prompt()));
      o.set("a", completion(p.a()));
      o.set("b", completion(p.b()));
      o.put("outcome", p.outcome().name());
      if (p.probabilityA() != null) {
        o.put("probability_a", p.probabilityA());
      }
      if (p.strength() != null) {
        o.put("strength", p.strength());
      }
      o.put("presentation", p.presentation().name());
    } else if (feedback instanceof Ranking) {
      Ranking r = (Ranking) feedback;
      o.put("type", "ranking");
      o.set("prompt", prompt(r.prompt()));
      ArrayNode c = o.putArray("candidates");
      r.candidates().forEach(x -> c.add(completion(x)));
      ArrayNode ord = o.putArray("order");
      r.order().forEach(ord::add);
    } else if (feedback instanceof Rating) {
      Rating r = (Rating) feedback;
      o.put("type", "rating");
      o.set("prompt", prompt(r.prompt()));
      o.set("completion", completion(r.completion()));
      o.put("value", r.value());
      o.put("scale_min", r.scale().min());
      o.put("scale_max", r.scale().max());
    } else {
      BinaryLabel b = (BinaryLabel) feedback;
      o.put("type", "binary");
      o.set("prompt", prompt(b.prompt()));
      o.set("completion", completion(b.completion()));
      o.put("desirable", b.desirable());
    }
    o.set("provenance", provenance(feedback.provenance()));
    return o;
  }

  /**
   * Decodes a label.
   *
   * @throws IllegalArgumentException when the object is not a label in this format
   */
  public static Feedback fromJson(JsonNode o) {
    String type = text(o, "type");
    Require.argument(List.of("pairwise", "ranking", "rating", "binary").contains(type),
        "type must be pairwise, ranking, rating or binary, was %s", type);
    Prompt prompt = prompt(o.path("prompt"));
    Provenance prov = provenance(o.path("provenance"));
    switch (type) {
      case "pairwise":
        return new PairwiseComparison(prompt, completion(o.path("a")), completion(o.path("b")),
            Outcome.valueOf(text(o, "outcome")),
            o.has("probability_a") ? o.get("probability_a").asDouble() : null,
            o.has("strength") ? o.get("strength").asDouble() : null,
            Presentation.valueOf(text(o, "presentation")), prov);
      case "ranking": {
        List<Completion> cs = new ArrayList<>();
        o.path("candidates").forEach(c -> cs.add(completion(c)));
        List<Integer> order = new ArrayList<>();
        o.path("order").forEach(i -> order.add(i.asInt()));
        return new Ranking(prompt, cs, order, prov);
      }
      case "rating":
        return new Rating(prompt, completion(o.path("completion")), o.path("value").asDouble(),
            new RatingScale(o.path("scale_min").asDouble(), o.path("scale_max").asDouble()), prov);
      case "binary":
        return new BinaryLabel(prompt, completion(o.path("completion")), o.path("desirable").asBoolean(), prov);
      default:
        throw new IllegalArgumentException("type must be pairwise, ranking, rating or binary, was " + type);
    }
  }

  /** Encodes a request. */
  public static ObjectNode toJson(FeedbackRequest request) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", request.id());
    o.put("kind", request.kind().name());
    o.set("prompt", prompt(request.prompt()));
    ArrayNode c = o.putArray("candidates");
    request.candidates().forEach(x -> c.add(completion(x)));
    if (request.scale() != null) {
      o.put("scale_min", request.scale().min());
      o.put("scale_max", request.scale().max());
    }
    if (request.reference() != null) {
      o.put("reference", request.reference());
    }
    ObjectNode m = o.putObject("metadata");
    request.metadata().forEach(m::put);
    return o;
  }

  /** Decodes a request. */
  public static FeedbackRequest requestFromJson(JsonNode o) {
    List<Completion> cs = new ArrayList<>();
    o.path("candidates").forEach(c -> cs.add(completion(c)));
    RatingScale scale =
        o.has("scale_min") ? new RatingScale(o.get("scale_min").asDouble(), o.get("scale_max").asDouble()) : null;
    return new FeedbackRequest(text(o, "id"), prompt(o.path("prompt")), cs, FeedbackKind.valueOf(text(o, "kind")),
        scale, o.has("reference") ? o.get("reference").asText() : null, stringMap(o.path("metadata")));
  }

  /** Serialises a node to one line of compact JSON (no line breaks: safe for JSONL). */
  public static String line(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise JSON", e);
    }
  }

  /** Parses one line. @throws IllegalArgumentException when it is not JSON */
  public static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("line must be JSON: " + e.getOriginalMessage(), e);
    }
  }

  static ArrayNode prompt(Prompt p) {
    ArrayNode a = JSON.createArrayNode();
    for (Message m : p.messages()) {
      a.addObject().put("role", m.role().wireName()).put("content", m.content());
    }
    return a;
  }

  static Prompt prompt(JsonNode a) {
    List<Message> ms = new ArrayList<>();
    for (JsonNode m : a) {
      ms.add(new Message(Role.fromWireName(text(m, "role")), m.path("content").asText("")));
    }
    return new Prompt(ms);
  }

  static ObjectNode completion(Completion c) {
    ObjectNode o = JSON.createObjectNode();
    o.put("text", c.text());
    int[] ids = c.tokenIds();
    if (ids != null) {
      ArrayNode a = o.putArray("token_ids");
      for (int id : ids) {
        a.add(id);
      }
    }
    double[] lps = c.tokenLogProbs();
    if (lps != null) {
      ArrayNode a = o.putArray("token_logprobs");
      for (double lp : lps) {
        a.add(lp);
      }
    }
    return o;
  }

  static Completion completion(JsonNode o) {
    int[] ids = null;
    if (o.has("token_ids")) {
      ids = new int[o.get("token_ids").size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = o.get("token_ids").get(i).asInt();
      }
    }
    double[] lps = null;
    if (o.has("token_logprobs")) {
      lps = new double[o.get("token_logprobs").size()];
      for (int i = 0; i < lps.length; i++) {
        lps[i] = o.get("token_logprobs").get(i).asDouble();
      }
    }
    return new Completion(text(o, "text"), ids, lps);
  }

  static ObjectNode provenance(Provenance p) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", p.kind().name());
    o.put("source_id", p.sourceId());
    if (p.version() != null) {
      o.put("version", p.version());
    }
    if (p.principleId() != null) {
      o.put("principle_id", p.principleId());
    }
    o.put("timestamp", p.timestamp().toString());
    ObjectNode attrs = o.putObject("attributes");
    p.attributes().forEach(attrs::put);
    return o;
  }

  static Provenance provenance(JsonNode o) {
    return new Provenance(SourceKind.valueOf(text(o, "kind")), text(o, "source_id"),
        o.has("version") ? o.get("version").asText() : null,
        o.has("principle_id") ? o.get("principle_id").asText() : null,
        Instant.parse(text(o, "timestamp")), stringMap(o.path("attributes")));
  }

  private static Map<String, String> stringMap(JsonNode o) {
    Map<String, String> m = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      m.put(e.getKey(), e.getValue().asText());
    }
    return m;
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field + " must be a JSON string, was " + (v == null ? "missing" : v));
    }
    return v.asText();
  }
}
