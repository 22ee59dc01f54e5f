package dev.align4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonlDatasetReaderTest {
  @TempDir Path dir;

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private static JsonlDatasetReader<PreferenceExample> trl(ReadOptions o) {
    return JsonlDatasetReader.preferences(DataFormat.TRL_PREFERENCE, o);
  }

  @Test
  void trl_standardExplicit() throws IOException {
    Path p = file("a.jsonl", "{\"prompt\": \"The sky is\", \"chosen\": \" blue.\", \"rejected\": \" green.\"}\n");
    List<PreferenceExample> out = trl(ReadOptions.strict()).readAll(p);
    assertEquals(List.of(PreferenceExample.of("The sky is", " blue.", " green.")), out);
  }

  @Test
  void trl_standardImplicit_splitsBeforeTheSpaceLikeTrl() throws IOException {
    Path p = file("a.jsonl", "{\"chosen\": \"The sky is blue.\", \"rejected\": \"The sky is green.\"}\n");
    PreferenceExample e = trl(ReadOptions.strict()).readAll(p).get(0);
    assertEquals("The sky is", e.prompt().text());
    assertEquals(" blue.", e.chosen().text());
    assertEquals(" green.", e.rejected().text());
  }

  @Test
  void trl_conversationalExplicitAndImplicit() throws IOException {
    String explicit = "{\"prompt\": [{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Sky?\"}],"
        + " \"chosen\": [{\"role\":\"assistant\",\"content\":\"Blue.\"}], \"rejected\": [{\"role\":\"assistant\",\"content\":\"Green.\"}]}";
    String implicit = "{\"chosen\": [{\"role\":\"user\",\"content\":\"Sky?\"},{\"role\":\"assistant\",\"content\":\"Blue.\"}],"
        + " \"rejected\": [{\"role\":\"user\",\"content\":\"Sky?\"},{\"role\":\"assistant\",\"content\":\"Green.\"}]}";
    List<PreferenceExample> out = trl(ReadOptions.strict()).readAll(file("c.jsonl", explicit + "\n" + implicit + "\n"));
    assertEquals(Prompt.of(Message.system("Be brief."), Message.user("Sky?")), out.get(0).prompt());
    assertEquals("Blue.", out.get(0).chosen().text());
    assertEquals(Prompt.of("Sky?"), out.get(1).prompt());
    assertEquals("Green.", out.get(1).rejected().text());
  }

  @Test
  void openAiDpo_readsInputMessagesAndOutputs() throws IOException {
    String line = "{\"input\": {\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}], \"tools\": [], \"parallel_tool_calls\": true},"
        + " \"preferred_output\": [{\"role\": \"assistant\", \"content\": \"Hi there!\"}],"
        + " \"non_preferred_output\": [{\"role\": \"assistant\", \"content\": \"What?\"}]}";
    var out = JsonlDatasetReader.preferences(DataFormat.OPENAI_DPO, ReadOptions.strict()).readAll(file("o.jsonl", line));
    assertEquals(PreferenceExample.of("Hello", "Hi there!", "What?"), out.get(0));
  }

  @Test
  void anthropicHh_splitsAtTheLastAssistantTurn() throws IOException {
    String line = "{\"chosen\": \"\\n\\nHuman: Hi\\n\\nAssistant: Hello!\\n\\nHuman: Tell me a joke.\\n\\nAssistant: Why did the chicken cross the road?\","
        + " \"rejected\": \"\\n\\nHuman: Hi\\n\\nAssistant: Hello!\\n\\nHuman: Tell me a joke.\\n\\nAssistant: No.\"}";
    var e = JsonlDatasetReader.preferences(DataFormat.ANTHROPIC_HH, ReadOptions.strict()).readAll(file("h.jsonl", line)).get(0);
    assertEquals(List.of(Message.user("Hi"), Message.assistant("Hello!"), Message.user("Tell me a joke.")), e.prompt().messages());
    assertEquals("Why did the chicken cross the road?", e.chosen().text());
    assertEquals("No.", e.rejected().text());
  }

  @Test
  void trlUnpaired_readsLabels() throws IOException {
    Path p = file("u.jsonl", "{\"prompt\": \"q\", \"completion\": \"good\", \"label\": true}\n{\"prompt\": \"q\", \"completion\": \"bad\", \"label\": false}\n");
    var out = JsonlDatasetReader.unpaired(ReadOptions.strict()).readAll(p);
    assertTrue(out.get(0).desirable());
    assertEquals("bad", out.get(1).completion().text());
    var e = assertThrows(DatasetLineException.class, () -> JsonlDatasetReader.unpaired(ReadOptions.strict())
        .readAll(file("u2.jsonl", "{\"prompt\": \"q\", \"completion\": \"x\", \"label\": \"yes\"}")));
    assertTrue(e.getMessage().endsWith("u2.jsonl:1: field \"label\" must be true or false, was string"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "bad json             | {\"prompt\": \"q\", \"chosen\": | malformed JSON",
      "missing field        | {\"prompt\": \"q\", \"chosen\": \"a\"} | field \"rejected\" is missing",
      "wrong type           | {\"prompt\": \"q\", \"chosen\": 3, \"rejected\": \"b\"} | field \"chosen\" must be a string or a list of messages, was number",
      "empty completion     | {\"prompt\": \"q\", \"chosen\": \"\", \"rejected\": \"b\"} | field \"chosen\" must not be empty",
      "not an object        | [1, 2] | line must be a JSON object, was array",
      "duplicate key        | {\"prompt\": \"q\", \"chosen\": \"a\", \"chosen\": \"c\", \"rejected\": \"b\"} | malformed JSON at column",
      "trailing garbage     | {\"prompt\": \"q\", \"chosen\": \"a\", \"rejected\": \"b\"} x | malformed JSON",
      "bad role             | {\"prompt\": [{\"role\": \"bot\", \"content\": \"x\"}], \"chosen\": \"a\", \"rejected\": \"b\"} | field \"prompt[0].role\"",
  })
  void strictMode_reportsFileLineAndReason(String name, String badLine, String reason) throws IOException {
    Path p = file("s.jsonl", "{\"prompt\": \"q\", \"chosen\": \"a\", \"rejected\": \"b\"}\n\n" + badLine + "\n");
    var e = assertThrows(DatasetLineException.class, () -> trl(ReadOptions.strict()).readAll(p));
    assertEquals(3, e.lineNumber());
    assertTrue(e.reason().startsWith(reason), () -> name + ": " + e.reason());
    assertTrue(e.getMessage().startsWith(p + ":3: "), e.getMessage());
  }

  @Test
  void invalidUtf8_andOverlongLines_areRejectedWithTheirLineNumbers() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("{\"prompt\": \"q\", \"chosen\": \"a\", \"rejected\": \"b\"}\n".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes("{\"prompt\": \"q\", \"chosen\": \"".getBytes(StandardCharsets.UTF_8));
    bytes.write(0xC3);
    bytes.write(0x28);
    bytes.writeBytes("\", \"rejected\": \"b\"}\n".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(("{\"prompt\": \"q\", \"chosen\": \"" + "x".repeat(5000) + "\", \"rejected\": \"b\"}\n").getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes("{\"prompt\": \"q2\", \"chosen\": \"a\", \"rejected\": \"b\"}".getBytes(StandardCharsets.UTF_8));
    Path p = dir.resolve("mixed.jsonl");
    Files.write(p, bytes.toByteArray());
    Path rejects = dir.resolve("rejects.jsonl");
    var reader = trl(ReadOptions.lenient(rejects).withMaxLineBytes(1024));
    List<PreferenceExample> out = new ArrayList<>();
    ReadSummary s = reader.read(p, out::add);
    assertEquals(2, out.size());
    assertEquals("q2", out.get(1).prompt().text());
    assertEquals(2, s.rejected());
    assertEquals(4, s.lines());
    assertEquals(new Reject(2, "invalid UTF-8 at byte 28"), s.firstRejects().get(0));
    assertEquals(3, s.firstRejects().get(1).lineNumber());
    assertTrue(s.firstRejects().get(1).reason().contains("longer than the limit of 1024 bytes"));
    List<String> rejectLines = Files.readAllLines(rejects);
    assertEquals(2, rejectLines.size());
    JsonNode r0 = new ObjectMapper().readTree(rejectLines.get(0));
    assertEquals(2, r0.get("line").asInt());
    assertTrue(r0.has("bytes_base64"), "raw bytes kept for invalid UTF-8");
    var strict = assertThrows(DatasetLineException.class, () -> trl(ReadOptions.strict()).readAll(p));
    assertEquals(2, strict.lineNumber());
  }

  @Test
  void malformedJson_reasonNamesTheColumnAndTheProblem() throws IOException {
    Path p = file("d.jsonl", "{\"prompt\": \"q\", \"chosen\": \"a\", \"chosen\": \"c\", \"rejected\": \"b\"}");
    var e = assertThrows(DatasetLineException.class, () -> trl(ReadOptions.strict()).readAll(p));
    assertTrue(e.reason().matches("malformed JSON at column \\d+: Duplicate field 'chosen'"), e.reason());
  }

  @Test
  void crlfLineEndings_andByteOrderMark_areAccepted() throws IOException {
    Path p = file("w.jsonl", "\uFEFF{\"prompt\": \"q\", \"chosen\": \"a\", \"rejected\": \"b\"}\r\n{\"prompt\": \"q\", \"chosen\": \"c\", \"rejected\": \"d\"}\r\n");
    var out = trl(ReadOptions.strict()).readAll(p);
    assertEquals(2, out.size());
    assertEquals("d", out.get(1).rejected().text());
  }

  @Test
  void unpairedFormat_isRefusedByThePairedReader() {
    var e = assertThrows(IllegalArgumentException.class, () -> JsonlDatasetReader.preferences(DataFormat.TRL_UNPAIRED, ReadOptions.strict()));
    assertTrue(e.getMessage().contains("TRL_UNPAIRED"), e.getMessage());
  }

  @Test
  void hhTranscript_withoutHumanPrefix_isRejected() throws Exception {
    Path p = file("h.jsonl", "{\"chosen\": \"Assistant: hi\", \"rejected\": \"\\n\\nHuman: a\\n\\nAssistant: b\"}");
    var e = assertThrows(DatasetLineException.class,
        () -> JsonlDatasetReader.preferences(DataFormat.ANTHROPIC_HH, ReadOptions.strict()).readAll(p));
    assertTrue(e.reason().contains("must start with"), e.reason());
    assertEquals(Role.USER, PreferenceCodec.transcript("\n\nHuman: x\n\nAssistant: y", "t").get(0).role());
  }
}
