package dev.align4j.feedback.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.data.DataFormat;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.store.FeedbackStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreferenceExporterTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static final Prompt P = Prompt.of("Name a prime.");

  private static Map<String, Feedback> labels() {
    Provenance ai = new Provenance(SourceKind.AI, "judge-9", "2026-01", "honest", Instant.EPOCH, Map.of());
    Map<String, Feedback> m = new LinkedHashMap<>();
    m.put("p1", new PairwiseComparison(P, Completion.of("4"), Completion.of("7"), Outcome.B, 0.2, 1.5,
        Presentation.BOTH_ORDERS, ai));
    m.put("p2", new PairwiseComparison(P, Completion.of("2"), Completion.of("3"), Outcome.TIE, 0.5, null,
        Presentation.BOTH_ORDERS, ai));
    m.put("k1", new Ranking(P, List.of(Completion.of("9"), Completion.of("5"), Completion.of("11")), List.of(1, 2, 0),
        Provenance.human("ann", Instant.EPOCH)));
    m.put("b1", new BinaryLabel(P, Completion.of("13"), true, Provenance.human("ann", Instant.EPOCH)));
    return m;
  }

  private static List<JsonNode> rows(Path f) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(f)) {
      out.add(M.readTree(l));
    }
    return out;
  }

  @Test
  void trlRowsKeepProvenanceSoftLabelsMarginsAndRankingGroups(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("trl.jsonl");
    ExportSummary s = PreferenceExporter.standard().export(labels(), f, DataFormat.TRL_PREFERENCE);
    assertEquals(new ExportSummary(4, 3, 1, 1), s);
    List<JsonNode> rows = rows(f);
    JsonNode first = rows.get(0);
    assertEquals("7", first.get("chosen").asText());
    assertEquals("4", first.get("rejected").asText());
    assertEquals("judge-9", first.get("annotator").asText());
    assertEquals("AI", first.get("annotator_kind").asText());
    assertEquals("honest", first.get("principle_id").asText());
    assertEquals("BOTH_ORDERS", first.get("presentation").asText());
    assertEquals(0.8, first.get("soft_label").asDouble(), 1e-12, "p(chosen ≻ rejected)");
    assertEquals(1.5, first.get("margin").asDouble(), 1e-12);
    // ranking 5 > 11 > 9 → (5,11), (5,9), (11,9), all in group k1
    assertEquals(List.of("5/11", "5/9", "11/9"), rows.subList(1, 4).stream()
        .map(n -> n.get("chosen").asText() + "/" + n.get("rejected").asText()).toList());
    for (JsonNode n : rows.subList(1, 4)) {
      assertEquals("k1", n.get("group_id").asText());
    }
  }

  @Test
  void openAiAndHhRowsHoldOnlyTheFormatsFields(@TempDir Path dir) throws Exception {
    Path oa = dir.resolve("oa.jsonl");
    PreferenceExporter.standard().export(labels(), oa, DataFormat.OPENAI_DPO);
    JsonNode row = rows(oa).get(0);
    assertEquals("7", row.get("preferred_output").get(0).get("content").asText());
    assertEquals("4", row.get("non_preferred_output").get(0).get("content").asText());
    assertEquals("Name a prime.", row.get("input").get("messages").get(0).get("content").asText());
    assertFalse(row.has("annotator"));
    Path hh = dir.resolve("hh.jsonl");
    PreferenceExporter.standard().export(labels(), hh, DataFormat.ANTHROPIC_HH);
    JsonNode h = rows(hh).get(0);
    assertTrue(h.get("chosen").asText().endsWith("Assistant: 7"), h.get("chosen").asText());
    assertFalse(h.has("annotator"));
    Path forced = dir.resolve("oa-prov.jsonl");
    PreferenceExporter.standard().withProvenance(true).export(labels(), forced, DataFormat.OPENAI_DPO);
    assertEquals("judge-9", rows(forced).get(0).get("annotator").asText());
  }

  @Test
  void binaryLabelsGoToTheUnpairedFormatAndStoredRecordsExport(@TempDir Path dir) throws Exception {
    Path u = dir.resolve("kto.jsonl");
    ExportSummary s = PreferenceExporter.standard().export(labels(), u, DataFormat.TRL_UNPAIRED);
    assertEquals(1, s.written());
    assertEquals(3, s.skippedOtherKinds());
    assertTrue(rows(u).get(0).get("label").asBoolean());
    try (FeedbackStore store = FeedbackStore.open(dir.resolve("store.jsonl"))) {
      labels().forEach(store::append);
      Path f = dir.resolve("from-store.jsonl");
      ExportSummary t = PreferenceExporter.standard().exportStored(store.readAll(), f, DataFormat.TRL_PREFERENCE);
      assertEquals(4, t.written());
      assertEquals("p1", rows(f).get(0).get("request_id").asText());
    }
  }
}
