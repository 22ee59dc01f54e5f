package dev.align4j.core.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns JSON objects of each format into records and back. Every rejection reason names the field. */
final class PreferenceCodec {
  static final String HUMAN = "\n\nHuman:";
  static final String ASSISTANT = "\n\nAssistant:";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PreferenceCodec() {}

  // ---------------------------------------------------------------- detecting

  /**
   * The format whose fields {@code node} has, or null when it has the fields of none: OpenAI DPO ({@code input} with
   * {@code preferred_output} or {@code non_preferred_output}), TRL unpaired ({@code completion} and {@code label}),
   * Anthropic HH ({@code chosen} and {@code rejected} transcripts with {@code "\n\nHuman:"} and
   * {@code "\n\nAssistant:"} turns and no {@code prompt}), TRL preference (any other {@code chosen} and
   * {@code rejected}). Only field names and the HH markers are looked at, not whether the values are valid.
   */
  static DataFormat detect(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    if (node.has("input") && (node.has("preferred_output") || node.has("non_preferred_output"))) {
      return DataFormat.OPENAI_DPO;
    }
    if (node.has("completion") && node.has("label")) {
      return DataFormat.TRL_UNPAIRED;
    }
    if (node.has("chosen") && node.has("rejected")) {
      JsonNode chosen = node.get("chosen");
      JsonNode prompt = node.get("prompt");
      boolean noPrompt = prompt == null || prompt.isNull();
      if (noPrompt && chosen.isTextual() && chosen.textValue().contains(HUMAN)
          && chosen.textValue().contains(ASSISTANT)) {
        return DataFormat.ANTHROPIC_HH;
      }
      return DataFormat.TRL_PREFERENCE;
    }
    return null;
  }

  /** The fields that identify {@code format}, for messages. */
  static String signature(DataFormat format) {
    switch (format) {
      case OPENAI_DPO:
        return "input, preferred_output, non_preferred_output";
      case TRL_UNPAIRED:
        return "prompt, completion, label";
      case ANTHROPIC_HH:
        return "chosen and rejected \"\\n\\nHuman: ... \\n\\nAssistant: ...\" transcripts, no prompt";
      default:
        return "prompt, chosen, rejected";
    }
  }

  // ---------------------------------------------------------------- reading

  static PreferenceExample parsePreference(DataFormat format, JsonNode node) throws LineRejectedException {
    switch (format) {
      case TRL_PREFERENCE:
        return parseTrl(node);
      case OPENAI_DPO:
        return parseOpenAi(node);
      case ANTHROPIC_HH:
        return parseHh(node);
      default:
        throw new IllegalArgumentException("format must be a paired preference format, was " + format);
    }
  }

  static UnpairedExample parseUnpaired(JsonNode node) throws LineRejectedException {
    requireObject(node);
    Prompt prompt = promptOf(field(node, "prompt"), "prompt");
    JsonNode c = field(node, "completion");
    String completion = completionText(c, "completion");
    JsonNode label = field(node, "label");
    if (!label.isBoolean()) {
      throw new LineRejectedException("field \"label\" must be true or false, was " + describe(label));
    }
    return new UnpairedExample(prompt, Completion.of(completion), label.booleanValue());
  }

  private static PreferenceExample parseTrl(JsonNode node) throws LineRejectedException {
    requireObject(node);
    JsonNode chosen = field(node, "chosen");
    JsonNode rejected = field(node, "rejected");
    JsonNode prompt = node.get("prompt");
    if (prompt != null && !prompt.isNull()) {
      return new PreferenceExample(
          promptOf(prompt, "prompt"),
          Completion.of(completionText(chosen, "chosen")),
          Completion.of(completionText(rejected, "rejected")));
    }
    // Implicit prompt: the shared prefix of chosen and rejected.
    if (chosen.isTextual() && rejected.isTextual()) {
      String c = chosen.textValue();
      String r = rejected.textValue();
      int split = implicitSplit(c, r);
      String p = c.substring(0, split);
      if (p.isEmpty()) {
        throw new LineRejectedException("implicit prompt: \"chosen\" and \"rejected\" share no prefix");
      }
      return new PreferenceExample(
          Prompt.of(p),
          Completion.of(nonEmpty(c.substring(split), "chosen")),
          Completion.of(nonEmpty(r.substring(split), "rejected")));
    }
    if (chosen.isArray() && rejected.isArray()) {
      List<Message> cm = messages(chosen, "chosen");
      List<Message> rm = messages(rejected, "rejected");
      if (cm.size() < 2 || rm.size() < 2) {
        throw new LineRejectedException(
            "implicit prompt: \"chosen\" and \"rejected\" must each hold the prompt turns and a final assistant turn");
      }
      List<Message> pc = cm.subList(0, cm.size() - 1);
      if (!pc.equals(rm.subList(0, rm.size() - 1))) {
        throw new LineRejectedException(
            "implicit prompt: \"chosen\" and \"rejected\" must share every turn but the last");
      }
      return new PreferenceExample(
          new Prompt(pc),
          Completion.of(nonEmpty(finalAssistant(cm, "chosen"), "chosen")),
          Completion.of(nonEmpty(finalAssistant(rm, "rejected"), "rejected")));
    }
    throw new LineRejectedException(
        "fields \"chosen\" and \"rejected\" must both be strings or both be message lists, were "
            + describe(chosen) + " and " + describe(rejected));
  }

  /** TRL's extract_prompt for strings: the common prefix, ending before a space so the completion starts with it. */
  static int implicitSplit(String c, String r) {
    int n = Math.min(c.length(), r.length());
    int i = 0;
    while (i < n && c.charAt(i) == r.charAt(i)) {
      i++;
    }
    if (i > 0 && i < c.length() && c.charAt(i - 1) == ' ') {
      i--;
    }
    if (i > 0 && Character.isHighSurrogate(c.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  private static PreferenceExample parseOpenAi(JsonNode node) throws LineRejectedException {
    requireObject(node);
    JsonNode input = field(node, "input");
    if (!input.isObject()) {
      throw new LineRejectedException("field \"input\" must be an object, was " + describe(input));
    }
    JsonNode msgs = input.get("messages");
    if (msgs == null) {
      throw new LineRejectedException("field \"input.messages\" is missing");
    }
    List<Message> prompt = messages(msgs, "input.messages");
    if (prompt.isEmpty()) {
      throw new LineRejectedException("field \"input.messages\" must not be empty");
    }
    return new PreferenceExample(
        new Prompt(prompt),
        Completion.of(singleOutput(field(node, "preferred_output"), "preferred_output")),
        Completion.of(singleOutput(field(node, "non_preferred_output"), "non_preferred_output")));
  }

  private static String singleOutput(JsonNode node, String name) throws LineRejectedException {
    List<Message> m = messages(node, name);
    if (m.size() != 1) {
      throw new LineRejectedException("field \"" + name + "\" must hold exactly one message, had " + m.size());
    }
    Role role = m.get(0).role();
    if (role != Role.ASSISTANT && role != Role.TOOL) {
      throw new LineRejectedException(
          "field \"" + name + "[0].role\" must be assistant or tool, was " + role.wireName());
    }
    return nonEmpty(m.get(0).content(), name);
  }

  private static PreferenceExample parseHh(JsonNode node) throws LineRejectedException {
    requireObject(node);
    List<Message> c = transcript(textField(node, "chosen"), "chosen");
    List<Message> r = transcript(textField(node, "rejected"), "rejected");
    List<Message> pc = c.subList(0, c.size() - 1);
    if (!pc.equals(r.subList(0, r.size() - 1))) {
      throw new LineRejectedException("\"chosen\" and \"rejected\" transcripts must share every turn but the last");
    }
    if (pc.isEmpty()) {
      throw new LineRejectedException("\"chosen\" transcript has no Human turn before the last Assistant turn");
    }
    return new PreferenceExample(
        new Prompt(pc),
        Completion.of(nonEmpty(c.get(c.size() - 1).content(), "chosen")),
        Completion.of(nonEmpty(r.get(r.size() - 1).content(), "rejected")));
  }

  /** Parses "\n\nHuman: …\n\nAssistant: …" into turns; the last must be an Assistant turn. */
  static List<Message> transcript(String text, String name) throws LineRejectedException {
    List<Message> out = new ArrayList<>();
    int pos = 0;
    Role role = null;
    int contentStart = -1;
    while (pos <= text.length()) {
      int h = text.indexOf(HUMAN, pos);
      int a = text.indexOf(ASSISTANT, pos);
      int next;
      Role nextRole;
      if (h < 0 && a < 0) {
        next = text.length();
        nextRole = null;
      } else if (h >= 0 && (a < 0 || h < a)) {
        next = h;
        nextRole = Role.USER;
      } else {
        next = a;
        nextRole = Role.ASSISTANT;
      }
      if (role == null) {
        if (!text.substring(0, next).isBlank()) {
          throw new LineRejectedException("field \"" + name + "\" must start with \"\\n\\nHuman:\"");
        }
      } else {
        out.add(new Message(role, stripOneSpace(text.substring(contentStart, next))));
      }
      if (nextRole == null) {
        break;
      }
      role = nextRole;
      contentStart = next + (nextRole == Role.USER ? HUMAN.length() : ASSISTANT.length());
      pos = contentStart;
    }
    if (out.isEmpty() || out.get(out.size() - 1).role() != Role.ASSISTANT) {
      throw new LineRejectedException("field \"" + name + "\" must end with an \"\\n\\nAssistant:\" turn");
    }
    return out;
  }

  private static String stripOneSpace(String s) {
    return s.startsWith(" ") ? s.substring(1) : s;
  }

  private static Prompt promptOf(JsonNode node, String name) throws LineRejectedException {
    if (node.isTextual()) {
      return Prompt.of(nonEmpty(node.textValue(), name));
    }
    if (node.isArray()) {
      List<Message> m = messages(node, name);
      if (m.isEmpty()) {
        throw new LineRejectedException("field \"" + name + "\" must not be an empty list");
      }
      return new Prompt(m);
    }
    throw new LineRejectedException(
        "field \"" + name + "\" must be a string or a list of messages, was " + describe(node));
  }

  private static String completionText(JsonNode node, String name) throws LineRejectedException {
    if (node.isTextual()) {
      return nonEmpty(node.textValue(), name);
    }
    if (node.isArray()) {
      List<Message> m = messages(node, name);
      if (m.size() != 1) {
        throw new LineRejectedException(
            "field \"" + name + "\" must hold exactly one assistant message, had " + m.size());
      }
      return nonEmpty(finalAssistant(m, name), name);
    }
    throw new LineRejectedException(
        "field \"" + name + "\" must be a string or a list of messages, was " + describe(node));
  }

  private static String finalAssistant(List<Message> m, String name) throws LineRejectedException {
    Message last = m.get(m.size() - 1);
    if (last.role() != Role.ASSISTANT) {
      throw new LineRejectedException(
          "field \"" + name + "\" must end with an assistant message, ended with " + last.role().wireName());
    }
    return last.content();
  }

  private static List<Message> messages(JsonNode node, String name) throws LineRejectedException {
    if (!node.isArray()) {
      throw new LineRejectedException("field \"" + name + "\" must be a list of messages, was " + describe(node));
    }
    List<Message> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      JsonNode m = node.get(i);
      String at = name + "[" + i + "]";
      if (!m.isObject()) {
        throw new LineRejectedException("field \"" + at + "\" must be a message object, was " + describe(m));
      }
      JsonNode role = m.get("role");
      JsonNode content = m.get("content");
      if (role == null || !role.isTextual()) {
        throw new LineRejectedException("field \"" + at + ".role\" must be a string");
      }
      if (content == null || !content.isTextual()) {
        throw new LineRejectedException("field \"" + at + ".content\" must be a string");
      }
      Role r;
      try {
        r = Role.fromWireName(role.textValue());
      } catch (IllegalArgumentException e) {
        throw new LineRejectedException("field \"" + at + ".role\": " + e.getMessage());
      }
      out.add(new Message(r, content.textValue()));
    }
    return out;
  }

  private static void requireObject(JsonNode node) throws LineRejectedException {
    if (!node.isObject()) {
      throw new LineRejectedException("line must be a JSON object, was " + describe(node));
    }
  }

  private static JsonNode field(JsonNode node, String name) throws LineRejectedException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new LineRejectedException("field \"" + name + "\" is missing");
    }
    return v;
  }

  private static String textField(JsonNode node, String name) throws LineRejectedException {
    JsonNode v = field(node, name);
    if (!v.isTextual()) {
      throw new LineRejectedException("field \"" + name + "\" must be a string, was " + describe(v));
    }
    return v.textValue();
  }

  private static String nonEmpty(String s, String name) throws LineRejectedException {
    if (s.isEmpty()) {
      throw new LineRejectedException("field \"" + name + "\" must not be empty");
    }
    return s;
  }

  static String describe(JsonNode n) {
    return n.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  // ---------------------------------------------------------------- writing

  /** The JSON object of {@code e} in {@code format}; counts dropped system/tool turns for HH-RLHF into {@code lost}. */
  static ObjectNode writePreference(DataFormat format, PreferenceExample e, boolean conversational, int[] lost) {
    ObjectNode o = NODES.objectNode();
    switch (format) {
      case TRL_PREFERENCE:
        if (!conversational && e.prompt().isSingleTurn()) {
          o.put("prompt", e.prompt().messages().get(0).content());
          o.put("chosen", e.chosen().text());
          o.put("rejected", e.rejected().text());
        } else {
          o.set("prompt", messagesNode(e.prompt().messages()));
          o.set("chosen", messagesNode(List.of(Message.assistant(e.chosen().text()))));
          o.set("rejected", messagesNode(List.of(Message.assistant(e.rejected().text()))));
        }
        return o;
      case OPENAI_DPO:
        ObjectNode input = o.putObject("input");
        input.set("messages", messagesNode(e.prompt().messages()));
        o.set("preferred_output", messagesNode(List.of(Message.assistant(e.chosen().text()))));
        o.set("non_preferred_output", messagesNode(List.of(Message.assistant(e.rejected().text()))));
        return o;
      case ANTHROPIC_HH:
        String prefix = hhPrefix(e.prompt(), lost);
        o.put("chosen", prefix + ASSISTANT + " " + e.chosen().text());
        o.put("rejected", prefix + ASSISTANT + " " + e.rejected().text());
        return o;
      default:
        throw new IllegalArgumentException("format must be a paired preference format, was " + format);
    }
  }

  static ObjectNode writeUnpaired(UnpairedExample e, boolean conversational) {
    ObjectNode o = NODES.objectNode();
    if (!conversational && e.prompt().isSingleTurn()) {
      o.put("prompt", e.prompt().messages().get(0).content());
      o.put("completion", e.completion().text());
    } else {
      o.set("prompt", messagesNode(e.prompt().messages()));
      o.set("completion", messagesNode(List.of(Message.assistant(e.completion().text()))));
    }
    o.put("label", e.desirable());
    return o;
  }

  private static String hhPrefix(Prompt prompt, int[] lost) {
    StringBuilder sb = new StringBuilder();
    for (Message m : prompt.messages()) {
      if (m.role() == Role.USER) {
        sb.append(HUMAN).append(' ').append(m.content());
      } else if (m.role() == Role.ASSISTANT) {
        sb.append(ASSISTANT).append(' ').append(m.content());
      } else {
        lost[0]++;
      }
    }
    return sb.toString();
  }

  private static ArrayNode messagesNode(List<Message> messages) {
    ArrayNode a = NODES.arrayNode();
    for (Message m : messages) {
      ObjectNode mo = a.addObject();
      mo.put("role", m.role().wireName());
      mo.put("content", m.content());
    }
    return a;
  }
}
