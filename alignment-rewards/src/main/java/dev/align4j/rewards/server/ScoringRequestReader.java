package dev.align4j.rewards.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads the body of a scoring request into the items to score, with Jackson's streaming {@link JsonParser} (one pass
 * over the bytes, no tree): the strings are read straight out of the body, and only as many list entries as the item
 * limit allows are kept.
 *
 * <p>The whole body is read before any field is checked, so the refusals are those of a tree-model reader: invalid
 * JSON (a duplicate key and trailing content included) wins over a bad field; then the fields are checked in the
 * order {@code query} (or {@code items}), {@code prompts}, {@code labels}, entry by entry, each 400 naming the field,
 * the entry and the JSON type found; a list longer than the item limit is 413.
 */
final class ScoringRequestReader {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /** Only for a label that is neither a string nor null: its JSON text, as the tree model prints it. */
  private static final ObjectMapper LABEL_TEXT = new ObjectMapper(FACTORY);

  /** A JSON value that is not what the field expects, kept as the name of its JSON type for the message. */
  private record Wrong(String kind) {}

  /** A list field as read: its entries (at most the item limit) and its length, or the type of a non-list value. */
  private static final class ListField {
    final List<@Nullable Object> entries = new ArrayList<>();
    int size;
    @Nullable String notAList;
  }

  /** One entry of {@code items}: its {@code prompt} and {@code response}, or the type of a non-object entry. */
  private record ScoreEntry(
      @Nullable Object prompt, @Nullable Object response, @Nullable String notAnObject) {}

  private final int maxItems;
  private final QuerySplitter splitter;

  ScoringRequestReader(int maxItems, QuerySplitter splitter) {
    this.maxItems = maxItems;
    this.splitter = splitter;
  }

  /** OpenRLHF: {@code query} (required), {@code prompts} and {@code labels} (optional, same length). */
  List<RewardInput> openRlhf(byte[] body) {
    ListField query = null;
    ListField prompts = null;
    ListField labels = null;
    try (JsonParser p = open(body)) {
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "query" -> query = readList(p, v, false);
          case "prompts" -> prompts = readList(p, v, false);
          case "labels" -> labels = readList(p, v, true);
          default -> p.skipChildren();
        }
      }
      end(p);
    } catch (JsonProcessingException e) {
      throw invalid(e);
    } catch (IOException e) {
      throw new IllegalStateException("reading a JSON body from memory failed", e);
    }
    if (query == null) {
      throw new HttpRefusal(
          400,
          "field \"query\" is missing; OpenRLHF sends {\"query\": [...], \"prompts\": [...], \"labels\": [...]}");
    }
    int n = checkList("query", query);
    checkOptional("prompts", prompts, n);
    checkOptional("labels", labels, n);
    List<RewardInput> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String q = text(query.entries.get(i), "query", i, "", false);
      String pr = prompts == null ? null : text(prompts.entries.get(i), "prompts", i, "", true);
      String label = labels == null ? null : (String) labels.entries.get(i);
      try {
        items.add(splitter.split(q, pr, label));
      } catch (IllegalArgumentException e) {
        throw new HttpRefusal(400, "query[" + i + "] cannot be scored: " + e.getMessage());
      }
    }
    return items;
  }

  /** align4j: {@code items}, a list of {@code {"prompt": string, "response": string}}. */
  List<RewardInput> scoreItems(byte[] body) {
    ListField list = null;
    try (JsonParser p = open(body)) {
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        if (field.equals("items")) {
          list = readEntries(p, v);
        } else {
          p.skipChildren();
        }
      }
      end(p);
    } catch (JsonProcessingException e) {
      throw invalid(e);
    } catch (IOException e) {
      throw new IllegalStateException("reading a JSON body from memory failed", e);
    }
    if (list == null) {
      throw new HttpRefusal(
          400,
          "field \"items\" is missing; send {\"items\": [{\"prompt\": \"...\", \"response\": \"...\"}]}");
    }
    int n = checkList("items", list);
    List<RewardInput> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ScoreEntry e = (ScoreEntry) list.entries.get(i);
      if (e == null || e.notAnObject() != null) {
        throw new HttpRefusal(
            400,
            "items["
                + i
                + "] must be an object {\"prompt\": ..., \"response\": ...}, got "
                + (e == null ? "null" : e.notAnObject()));
      }
      String prompt = text(e.prompt(), "items", i, ".prompt", false);
      String response = text(e.response(), "items", i, ".response", false);
      items.add(new RewardInput(Prompt.of(prompt), Completion.of(response)));
    }
    return items;
  }

  // ---- reading

  /** A parser on {@code body} positioned on the root object's start; 400 when the root is not an object. */
  private static JsonParser open(byte[] body) throws IOException {
    JsonParser p = FACTORY.createParser(body);
    try {
      JsonToken root = p.nextToken();
      if (root != JsonToken.START_OBJECT) {
        throw new HttpRefusal(
            400,
            "the request body must be a JSON object, got "
                + (root == null ? "nothing" : kind(root)));
      }
      return p;
    } catch (IOException | RuntimeException e) {
      p.close();
      throw e;
    }
  }

  /** After the root object: nothing but whitespace may follow. */
  private static void end(JsonParser p) throws IOException {
    JsonToken after = p.nextToken();
    if (after != null) {
      throw new HttpRefusal(
          400,
          "the request body is not valid JSON: trailing content ("
              + kind(after)
              + ") after the JSON object");
    }
  }

  /** Entries: a String, null (JSON null), a label's JSON text, or a {@link Wrong} for any other value. */
  private @Nullable ListField readList(JsonParser p, JsonToken v, boolean labels)
      throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    ListField f = new ListField();
    if (v != JsonToken.START_ARRAY) {
      f.notAList = kind(v);
      p.skipChildren();
      return f;
    }
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      Object entry;
      if (t == JsonToken.VALUE_STRING) {
        entry = p.getText();
      } else if (t == JsonToken.VALUE_NULL) {
        entry = null;
      } else if (labels) {
        entry = f.size < maxItems ? LABEL_TEXT.readTree(p).toString() : null;
        p.skipChildren();
      } else {
        entry = new Wrong(kind(t));
        p.skipChildren();
      }
      if (f.size++ < maxItems) {
        f.entries.add(entry);
      }
    }
    return f;
  }

  /** The entries of {@code items}, each a {@link ScoreEntry}. */
  private @Nullable ListField readEntries(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    ListField f = new ListField();
    if (v != JsonToken.START_ARRAY) {
      f.notAList = kind(v);
      p.skipChildren();
      return f;
    }
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      ScoreEntry entry;
      if (t == JsonToken.START_OBJECT) {
        Object prompt = null;
        Object response = null;
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String field = p.currentName();
          JsonToken value = p.nextToken();
          if (field.equals("prompt")) {
            prompt = scalar(p, value);
          } else if (field.equals("response")) {
            response = scalar(p, value);
          } else {
            p.skipChildren();
          }
        }
        entry = new ScoreEntry(prompt, response, null);
      } else {
        entry = t == JsonToken.VALUE_NULL ? null : new ScoreEntry(null, null, kind(t));
        p.skipChildren();
      }
      if (f.size++ < maxItems) {
        f.entries.add(entry);
      }
    }
    return f;
  }

  private static @Nullable Object scalar(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    p.skipChildren();
    return new Wrong(kind(t));
  }

  private static HttpRefusal invalid(JsonProcessingException e) {
    return new HttpRefusal(
        400, "the request body is not valid JSON: " + e.getOriginalMessage(), 0, null);
  }

  // ---- checking

  private int checkList(String field, ListField f) {
    if (f.notAList != null) {
      throw new HttpRefusal(400, "field \"" + field + "\" must be a list, got " + f.notAList);
    }
    if (f.size > maxItems) {
      throw new HttpRefusal(
          413,
          "field \""
              + field
              + "\" has "
              + f.size
              + " items; the limit is "
              + maxItems
              + " per request");
    }
    return f.size;
  }

  private static void checkOptional(String field, @Nullable ListField f, int n) {
    if (f == null) {
      return;
    }
    if (f.notAList != null) {
      throw new HttpRefusal(400, "field \"" + field + "\" must be a list, got " + f.notAList);
    }
    if (f.size != n) {
      throw new HttpRefusal(
          400,
          "field \""
              + field
              + "\" has "
              + f.size
              + " items but \"query\" has "
              + n
              + "; they must match");
    }
  }

  /**
   * The string at {@code list[i]} (followed by {@code part}, e.g. {@code ".prompt"}); 400 naming it when it is
   * missing (unless {@code nullable}) or not a string. The name is built only for the refusal.
   */
  private static @Nullable String text(
      @Nullable Object entry, String list, int i, String part, boolean nullable) {
    if (entry instanceof String s) {
      return s;
    }
    String name = list + "[" + i + "]" + part;
    if (entry == null) {
      if (nullable) {
        return null;
      }
      throw new HttpRefusal(400, name + " is missing; a string is required");
    }
    throw new HttpRefusal(400, name + " must be a string, got " + ((Wrong) entry).kind());
  }

  /** The JSON type of a value starting with {@code t}, named as the tree model names it. */
  private static String kind(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "object";
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
      case VALUE_TRUE, VALUE_FALSE -> "boolean";
      case VALUE_NULL -> "null";
      default -> t.name().toLowerCase(Locale.ROOT);
    };
  }
}
