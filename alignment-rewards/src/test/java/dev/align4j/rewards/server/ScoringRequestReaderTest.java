package dev.align4j.rewards.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming request reader against a tree-model reference (Jackson's {@code readTree} with trailing tokens and
 * duplicate keys refused, then the fields checked in order, as the server did before the reader streamed): on
 * generated payloads, valid and broken, both give the same items or the same refusal (status and message; invalid JSON
 * compared by status and prefix, as the parser's own wording differs for trailing content). The response writer
 * against Jackson's generator: the same bytes, and every score reads back to the same double.
 */
class ScoringRequestReaderTest {
  private static final int MAX_ITEMS = 4;
  private static final ObjectMapper TREE =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** Keeps the label (so that its text is compared) and refuses a query containing "BAD". */
  private static final QuerySplitter LABELLING =
      (query, prompt, label) -> {
        if (query.contains("BAD")) {
          throw new IllegalArgumentException("the query holds BAD");
        }
        return new RewardInput(
            Prompt.of(prompt == null ? "<none>" : prompt), Completion.of(query + "|" + label));
      };

  @Property(trials = 400)
  void openRlhfReadsAsTheTreeModelDoes(Gen gen) {
    QuerySplitter splitter = gen.bool() ? QuerySplitter.PROMPT_PREFIX : LABELLING;
    String body = openRlhfBody(gen);
    String expected = treeOpenRlhf(body, splitter);
    String actual =
        outcome(() -> new ScoringRequestReader(MAX_ITEMS, splitter).openRlhf(bytes(body)));
    assertEquals(expected, actual, body);
  }

  @Property(trials = 300)
  void scoreItemsReadAsTheTreeModelDoes(Gen gen) {
    String body = scoreBody(gen);
    String expected = treeScoreItems(body);
    String actual =
        outcome(
            () ->
                new ScoringRequestReader(MAX_ITEMS, QuerySplitter.PROMPT_PREFIX)
                    .scoreItems(bytes(body)));
    assertEquals(expected, actual, body);
  }

  @Test
  void nonStringLabelsReachTheSplitterAsTheirJsonText() {
    List<RewardInput> items =
        new ScoringRequestReader(MAX_ITEMS, LABELLING)
            .openRlhf(
                bytes(
                    "{\"labels\": [{\"b\": [1, 2.5, true]}, 7, \"x\", null], \"query\": [\"a\", \"b\", \"c\", \"d\"]}"));
    assertEquals("a|{\"b\":[1,2.5,true]}", items.get(0).completion().text());
    assertEquals("b|7", items.get(1).completion().text());
    assertEquals("c|x", items.get(2).completion().text());
    assertEquals("d|null", items.get(3).completion().text());
  }

  @Test
  void trailingContentAndDuplicateKeysAreInvalidJson() {
    ScoringRequestReader r = new ScoringRequestReader(MAX_ITEMS, QuerySplitter.PROMPT_PREFIX);
    HttpRefusal trailing =
        assertThrows(HttpRefusal.class, () -> r.openRlhf(bytes("{\"query\": []} {}")));
    assertEquals(400, trailing.status());
    assertEquals(
        "the request body is not valid JSON: trailing content (object) after the JSON object",
        trailing.getMessage());
    HttpRefusal duplicate =
        assertThrows(
            HttpRefusal.class,
            () -> r.scoreItems(bytes("{\"items\": [{\"prompt\": \"a\", \"prompt\": \"b\"}]}")));
    assertEquals(400, duplicate.status());
    assertTrue(duplicate.getMessage().contains("Duplicate field 'prompt'"), duplicate.getMessage());
  }

  @Property(trials = 200)
  void responsesAreJacksonsBytesAndReadBackExactly(Gen gen) throws IOException {
    double[] scores = new double[gen.intIn(0, 20)];
    for (int i = 0; i < scores.length; i++) {
      scores[i] =
          gen.oneOf(
              gen.finiteDouble(),
              gen.gaussian(),
              0.0,
              -0.0,
              Double.MIN_VALUE,
              -Double.MAX_VALUE,
              1e-7,
              123456789.0,
              1e21);
    }
    byte[] open = RewardHttpHandler.openRlhfJson(scores);
    assertArrayEquals(jacksonOpenRlhf(scores), open);
    JsonNode read = TREE.readTree(open);
    for (int i = 0; i < scores.length; i++) {
      assertEquals(scores[i], read.get("rewards").get(i).doubleValue());
      assertEquals(scores[i], read.get("scores").get(i).doubleValue());
    }
    assertEquals(0, read.get("extra_logs").size());
    JsonNode plain = TREE.readTree(RewardHttpHandler.scoresJson(scores));
    assertEquals(scores.length, plain.get("scores").size());
    for (int i = 0; i < scores.length; i++) {
      assertEquals(scores[i], plain.get("scores").get(i).doubleValue());
    }
  }

  // ---- generated payloads

  private static String openRlhfBody(Gen gen) {
    if (gen.random().nextInt(20) == 0) {
      return gen.oneOf("[1, 2]", "\"query\"", "7", "null", "{", "{\"query\": [\"a\"]");
    }
    int n = gen.intIn(0, MAX_ITEMS + 1);
    String prompt = gen.text(3);
    List<String> fields = new ArrayList<>();
    if (gen.random().nextInt(8) != 0) {
      fields.add(
          "\"query\": " + list(gen, n + (gen.random().nextInt(10) == 0 ? 1 : 0), prompt, true));
    }
    if (gen.bool()) {
      fields.add(
          "\"prompts\": " + list(gen, n + (gen.random().nextInt(10) == 0 ? 1 : 0), prompt, false));
    }
    if (gen.bool()) {
      fields.add("\"labels\": " + list(gen, n, prompt, false));
    }
    if (gen.bool()) {
      fields.add("\"other\": " + value(gen, prompt));
    }
    if (gen.random().nextInt(12) == 0 && !fields.isEmpty()) {
      fields.add(fields.get(0)); // a duplicate key
    }
    Collections.shuffle(fields, new Random(gen.random().nextLong()));
    return corrupt(gen, "{" + String.join(", ", fields) + "}");
  }

  private static String scoreBody(Gen gen) {
    if (gen.random().nextInt(20) == 0) {
      return gen.oneOf("[]", "\"items\"", "{\"items\": [", "{} []");
    }
    List<String> fields = new ArrayList<>();
    if (gen.random().nextInt(8) != 0) {
      int n = gen.intIn(0, MAX_ITEMS + 1);
      if (gen.random().nextInt(10) == 0) {
        fields.add("\"items\": " + gen.oneOf("null", "\"x\"", "{}", "3"));
      } else {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          entries.add(scoreEntry(gen));
        }
        fields.add("\"items\": [" + String.join(", ", entries) + "]");
      }
    }
    if (gen.bool()) {
      fields.add("\"other\": " + value(gen, "p"));
    }
    return corrupt(gen, "{" + String.join(", ", fields) + "}");
  }

  private static String scoreEntry(Gen gen) {
    if (gen.random().nextInt(10) == 0) {
      return value(gen, "p");
    }
    List<String> parts = new ArrayList<>();
    if (gen.random().nextInt(8) != 0) {
      parts.add("\"prompt\": " + scalar(gen, gen.text(3)));
    }
    if (gen.random().nextInt(8) != 0) {
      parts.add("\"response\": " + scalar(gen, gen.text(6)));
    }
    if (gen.random().nextInt(4) == 0) {
      parts.add("\"extra\": " + value(gen, "e"));
    }
    if (gen.random().nextInt(20) == 0 && !parts.isEmpty()) {
      parts.add(parts.get(0));
    }
    Collections.shuffle(parts, new Random(gen.random().nextLong()));
    return "{" + String.join(", ", parts) + "}";
  }

  private static String scalar(Gen gen, String text) {
    int k = gen.random().nextInt(12);
    return k == 0 ? "null" : k == 1 ? "12" : k == 2 ? "[\"x\"]" : quote(text);
  }

  private static String list(Gen gen, int n, String prompt, boolean queries) {
    int k = gen.random().nextInt(15);
    if (k == 0) {
      return gen.oneOf("null", "\"one\"", "{}", "5", "true");
    }
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int c = gen.random().nextInt(14);
      if (c == 0) {
        entries.add(value(gen, prompt));
      } else if (c == 1) {
        entries.add("null");
      } else if (queries) {
        String q = gen.oneOf("<s>", "") + (gen.bool() ? prompt : "") + gen.text(8);
        entries.add(quote(gen.random().nextInt(25) == 0 ? q + "BAD" : q));
      } else {
        entries.add(quote(gen.bool() ? prompt : gen.text(3)));
      }
    }
    return "[" + String.join(", ", entries) + "]";
  }

  /** Any JSON value, nested at most once. */
  private static String value(Gen gen, String text) {
    return switch (gen.random().nextInt(8)) {
      case 0 -> "null";
      case 1 -> "true";
      case 2 -> Integer.toString(gen.intIn(-5, 5));
      case 3 -> Double.toString(gen.gaussian());
      case 4 -> "[1, \"two\", {\"three\": [3.0]}]";
      case 5 -> "{\"a\": {\"b\": null}, \"c\": [false]}";
      case 6 -> "{}";
      default -> quote(text);
    };
  }

  private static String corrupt(Gen gen, String json) {
    return switch (gen.random().nextInt(25)) {
      case 0 -> json + " {}";
      case 1 -> json + " trailing";
      case 2 -> json.substring(0, gen.intIn(1, json.length() - 1));
      case 3 -> json + "\n  ";
      default -> json;
    };
  }

  private static String quote(String s) {
    try {
      return TREE.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  // ---- outcomes

  private interface Read {
    List<RewardInput> run();
  }

  /** The items as text, or the refusal's status and message (invalid JSON reduced to its prefix). */
  private static String outcome(Read read) {
    try {
      StringBuilder sb = new StringBuilder("ok");
      for (RewardInput in : read.run()) {
        sb.append(" [")
            .append(in.prompt().text())
            .append(" | ")
            .append(in.completion().text())
            .append(']');
      }
      return sb.toString();
    } catch (HttpRefusal r) {
      return r.status() + " " + (r.getMessage().startsWith(INVALID) ? INVALID : r.getMessage());
    }
  }

  private static final String INVALID = "the request body is not valid JSON";

  // ---- the reference: the tree model, fields checked as before the reader streamed

  private static JsonNode tree(String body) {
    try {
      JsonNode root = TREE.readTree(bytes(body));
      if (root == null || !root.isObject()) {
        throw new HttpRefusal(
            400,
            "the request body must be a JSON object, got "
                + (root == null ? "nothing" : kind(root)));
      }
      return root;
    } catch (IOException e) {
      throw new HttpRefusal(400, INVALID + ": " + e.getMessage());
    }
  }

  private static String treeOpenRlhf(String body, QuerySplitter splitter) {
    return outcome(
        () -> {
          JsonNode root = tree(body);
          JsonNode query = root.get("query");
          if (query == null || query.isNull()) {
            throw new HttpRefusal(
                400,
                "field \"query\" is missing; OpenRLHF sends {\"query\": [...], \"prompts\": [...], \"labels\": [...]}");
          }
          int n = checkList("query", query);
          JsonNode prompts = optionalList(root, "prompts", n);
          JsonNode labels = optionalList(root, "labels", n);
          List<RewardInput> items = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            String q = text(query.get(i), "query[" + i + "]", false);
            String p = prompts == null ? null : text(prompts.get(i), "prompts[" + i + "]", true);
            JsonNode l = labels == null ? null : labels.get(i);
            String label =
                l == null || l.isNull() ? null : l.isTextual() ? l.textValue() : l.toString();
            try {
              items.add(splitter.split(q, p, label));
            } catch (IllegalArgumentException e) {
              throw new HttpRefusal(400, "query[" + i + "] cannot be scored: " + e.getMessage());
            }
          }
          return items;
        });
  }

  private static String treeScoreItems(String body) {
    return outcome(
        () -> {
          JsonNode root = tree(body);
          JsonNode list = root.get("items");
          if (list == null || list.isNull()) {
            throw new HttpRefusal(
                400,
                "field \"items\" is missing; send {\"items\": [{\"prompt\": \"...\", \"response\": \"...\"}]}");
          }
          int n = checkList("items", list);
          List<RewardInput> items = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            JsonNode item = list.get(i);
            String name = "items[" + i + "]";
            if (!item.isObject()) {
              throw new HttpRefusal(
                  400,
                  name
                      + " must be an object {\"prompt\": ..., \"response\": ...}, got "
                      + kind(item));
            }
            String prompt = text(item.get("prompt"), name + ".prompt", false);
            String response = text(item.get("response"), name + ".response", false);
            items.add(new RewardInput(Prompt.of(prompt), Completion.of(response)));
          }
          return items;
        });
  }

  private static int checkList(String field, JsonNode node) {
    if (!node.isArray()) {
      throw new HttpRefusal(400, "field \"" + field + "\" must be a list, got " + kind(node));
    }
    if (node.size() > MAX_ITEMS) {
      throw new HttpRefusal(
          413,
          "field \""
              + field
              + "\" has "
              + node.size()
              + " items; the limit is "
              + MAX_ITEMS
              + " per request");
    }
    return node.size();
  }

  private static JsonNode optionalList(JsonNode root, String field, int n) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw new HttpRefusal(400, "field \"" + field + "\" must be a list, got " + kind(node));
    }
    if (node.size() != n) {
      throw new HttpRefusal(
          400,
          "field \""
              + field
              + "\" has "
              + node.size()
              + " items but \"query\" has "
              + n
              + "; they must match");
    }
    return node;
  }

  private static String text(JsonNode node, String name, boolean nullable) {
    if (node == null || node.isNull()) {
      if (nullable) {
        return null;
      }
      throw new HttpRefusal(400, name + " is missing; a string is required");
    }
    if (!node.isTextual()) {
      throw new HttpRefusal(400, name + " must be a string, got " + kind(node));
    }
    return node.textValue();
  }

  private static String kind(JsonNode n) {
    return n.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /** The response as the server wrote it before: Jackson's generator. */
  private static byte[] jacksonOpenRlhf(double[] scores) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = TREE.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName("rewards");
      g.writeArray(scores, 0, scores.length);
      g.writeFieldName("scores");
      g.writeArray(scores, 0, scores.length);
      g.writeObjectFieldStart("extra_logs");
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toByteArray();
  }
}
