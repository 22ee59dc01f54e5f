package dev.align4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading a non-empty file in the wrong format must not return nothing quietly (issue #11, item 7). */
class FormatMismatchTest {
  @TempDir Path dir;

  private static final String OPENAI = "{\"input\": {\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]},"
      + " \"preferred_output\": [{\"role\": \"assistant\", \"content\": \"Hi there!\"}],"
      + " \"non_preferred_output\": [{\"role\": \"assistant\", \"content\": \"What?\"}]}";
  private static final String TRL = "{\"prompt\": \"The sky is\", \"chosen\": \" blue.\", \"rejected\": \" green.\"}";
  private static final String UNPAIRED = "{\"prompt\": \"q\", \"completion\": \"good\", \"label\": true}";
  private static final String HH = "{\"chosen\": \"\\n\\nHuman: Hi\\n\\nAssistant: Hello!\","
      + " \"rejected\": \"\\n\\nHuman: Hi\\n\\nAssistant: Go away.\"}";

  private static String line(DataFormat f) {
    switch (f) {
      case OPENAI_DPO:
        return OPENAI;
      case TRL_UNPAIRED:
        return UNPAIRED;
      case ANTHROPIC_HH:
        return HH;
      default:
        return TRL;
    }
  }

  private Path file(DataFormat lines, int n) throws IOException {
    Path p = dir.resolve(lines + "-" + n + ".jsonl");
    StringBuilder sb = new StringBuilder("\n");
    for (int i = 0; i < n; i++) {
      sb.append(line(lines)).append('\n');
    }
    Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
    return p;
  }

  private static ReadSummary read(DataFormat requested, ReadOptions o, Path p, List<Object> out) {
    return requested == DataFormat.TRL_UNPAIRED
        ? JsonlDatasetReader.unpaired(o).read(p, out::add)
        : JsonlDatasetReader.preferences(requested, o).read(p, out::add);
  }

  /** The case: an OpenAI DPO file read as TRL gave 0 records, 2 rejected and one WARN line. */
  @Test
  void openAiFileReadAsTrl_strictNamesBothFormats() throws IOException {
    Path p = file(DataFormat.OPENAI_DPO, 2);
    var e = assertThrows(DatasetFormatMismatchException.class,
        () -> JsonlDatasetReader.preferences(DataFormat.TRL_PREFERENCE, ReadOptions.strict()).readAll(p));
    assertEquals(DataFormat.TRL_PREFERENCE, e.requestedFormat());
    assertEquals(DataFormat.OPENAI_DPO, e.detectedFormat());
    assertEquals(2, e.lineNumber()); // the first line is blank
    assertEquals(p + ":2: no line matched the requested format TRL_PREFERENCE: the line looks like OPENAI_DPO"
        + " (input, preferred_output, non_preferred_output); read it with"
        + " JsonlDatasetReader.preferences(DataFormat.OPENAI_DPO, ...) (field \"chosen\" is missing)", e.getMessage());
  }

  @Test
  void openAiFileReadAsTrl_lenientFlagsItAndNamesTheFormat() throws IOException {
    Path p = file(DataFormat.OPENAI_DPO, 2);
    List<Object> out = new ArrayList<>();
    ReadSummary s = read(DataFormat.TRL_PREFERENCE, ReadOptions.lenient(), p, out);
    assertEquals(0, out.size());
    assertEquals(0, s.records());
    assertEquals(2, s.rejected());
    assertTrue(s.noLineMatched());
    assertEquals(Optional.of(DataFormat.OPENAI_DPO), s.detectedFormat());
    assertEquals(DataFormat.TRL_PREFERENCE, s.format());
  }

  @ParameterizedTest(name = "{0} lines read as {1}")
  @CsvSource({
      "OPENAI_DPO, TRL_PREFERENCE",
      "OPENAI_DPO, ANTHROPIC_HH",
      "OPENAI_DPO, TRL_UNPAIRED",
      "TRL_PREFERENCE, OPENAI_DPO",
      "TRL_PREFERENCE, ANTHROPIC_HH",
      "TRL_PREFERENCE, TRL_UNPAIRED",
      "TRL_UNPAIRED, TRL_PREFERENCE",
      "TRL_UNPAIRED, OPENAI_DPO",
      "ANTHROPIC_HH, OPENAI_DPO",
      "ANTHROPIC_HH, TRL_UNPAIRED",
  })
  void everyWrongFormatIsNamed(DataFormat actual, DataFormat requested) throws IOException {
    Path p = file(actual, 3);
    var e = assertThrows(DatasetFormatMismatchException.class,
        () -> read(requested, ReadOptions.strict(), p, new ArrayList<>()));
    assertEquals(actual, e.detectedFormat());
    assertEquals(requested, e.requestedFormat());
    assertTrue(e.getMessage().contains("no line matched the requested format " + requested), e.getMessage());

    ReadSummary s = read(requested, ReadOptions.lenient(), p, new ArrayList<>());
    assertTrue(s.noLineMatched());
    assertEquals(3, s.rejected());
    assertEquals(Optional.of(actual), s.detectedFormat());
  }

  @Test
  void everyFormatReadAsItselfIsNotFlagged() throws IOException {
    for (DataFormat f : DataFormat.values()) {
      ReadSummary s = read(f, ReadOptions.lenient(), file(f, 2), new ArrayList<>());
      assertEquals(2, s.records(), f::toString);
      assertFalse(s.noLineMatched(), f::toString);
      assertEquals(Optional.empty(), s.detectedFormat(), f::toString);
    }
  }

  @Test
  void aBadLineInTheRightFormatIsAnOrdinaryLineError() throws IOException {
    Path p = dir.resolve("empty-chosen.jsonl");
    Files.writeString(p, "{\"prompt\": \"q\", \"chosen\": \"\", \"rejected\": \"b\"}\n");
    var e = assertThrows(DatasetLineException.class,
        () -> JsonlDatasetReader.preferences(DataFormat.TRL_PREFERENCE, ReadOptions.strict()).readAll(p));
    assertFalse(e instanceof DatasetFormatMismatchException, e.getMessage());
    ReadSummary s = read(DataFormat.TRL_PREFERENCE, ReadOptions.lenient(), p, new ArrayList<>());
    assertTrue(s.noLineMatched());
    assertEquals(Optional.empty(), s.detectedFormat());
  }

  @Test
  void aForeignLineAfterAMatchingOneIsAnOrdinaryLineError() throws IOException {
    Path p = dir.resolve("mixed.jsonl");
    Files.writeString(p, TRL + "\n" + OPENAI + "\n");
    var e = assertThrows(DatasetLineException.class,
        () -> JsonlDatasetReader.preferences(DataFormat.TRL_PREFERENCE, ReadOptions.strict()).readAll(p));
    assertFalse(e instanceof DatasetFormatMismatchException, e.getMessage());
    assertEquals(2, e.lineNumber());
    ReadSummary s = read(DataFormat.TRL_PREFERENCE, ReadOptions.lenient(), p, new ArrayList<>());
    assertFalse(s.noLineMatched());
    assertEquals(1, s.records());
    // the rejected line's shape is still reported
    assertEquals(Optional.of(DataFormat.OPENAI_DPO), s.detectedFormat());
  }

  @Test
  void garbageIsFlaggedWithoutAGuess() throws IOException {
    Path p = dir.resolve("garbage.jsonl");
    Files.writeString(p, "not json\n{\"a\": 1}\n");
    ReadSummary s = read(DataFormat.OPENAI_DPO, ReadOptions.lenient(), p, new ArrayList<>());
    assertTrue(s.noLineMatched());
    assertEquals(2, s.rejected());
    assertEquals(Optional.empty(), s.detectedFormat());
  }

  @Test
  void emptyAndBlankInputsAreNotFlagged() throws IOException {
    Path p = dir.resolve("blank.jsonl");
    Files.writeString(p, "\n  \n");
    ReadSummary s = read(DataFormat.TRL_PREFERENCE, ReadOptions.lenient(), p, new ArrayList<>());
    assertFalse(s.noLineMatched());
    assertEquals(0, s.records());
    assertEquals(2, s.blankLines());
  }

  @Test
  void summaryRefusesADetectedFormatEqualToTheRequestedOne() {
    var e = assertThrows(IllegalArgumentException.class, () -> new ReadSummary(DataFormat.OPENAI_DPO, 1, 0, 0, 1,
        List.of(), null, Optional.of(DataFormat.OPENAI_DPO)));
    assertTrue(e.getMessage().contains("detectedFormat"), e.getMessage());
  }
}
