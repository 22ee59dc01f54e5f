package dev.align4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.data.DataFormat;
import dev.align4j.core.data.JsonlDatasetReader;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.data.ReadOptions;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gold accuracy, agreement on the lead's stats endpoint and the exports, against values computed here. */
class GoldStatsExportTest {
  @TempDir Path dir;

  private static FeedbackRequest gold(int i) {
    return ReviewFixture.pair("gold-" + i, "Gold question " + i, "right " + i, "wrong " + i);
  }

  private static PairwiseComparison expected(FeedbackRequest g) {
    return new PairwiseComparison(
        g.prompt(),
        g.candidates().get(0),
        g.candidates().get(1),
        Outcome.A,
        null,
        null,
        Presentation.UNKNOWN,
        Provenance.human("key", Instant.EPOCH));
  }

  @Test
  void goldAccuracyIsTheShareOfGoldAnswersThatMatchAndLowAccuracyIsFlagged() {
    try (ReviewFixture f =
        new ReviewFixture(
            dir,
            b -> {
              b.goldRate(1.0).goldFlag(0.8, 4);
              for (int i = 1; i <= 4; i++) {
                b.gold(gold(i), expected(gold(i)));
              }
            })) {
      f.server.enqueue(f.task(ReviewFixture.pair("real", "A real one", "x", "y")));
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      int answered = 0;
      // ann is right on gold-1..3 (A) and wrong on gold-4 (B): 3 of 4 = 0.75 < 0.8 after 4 answers
      // → flagged
      while (answered < 4) {
        JsonNode t = f.next(ann);
        String id = t.get("taskId").asText();
        assertTrue(
            id.startsWith("gold-"), "with gold rate 1 the open gold items come first: " + id);
        HttpResponse<String> r =
            f.post(
                "/api/submissions",
                ReviewFixture.pairwiseAnswer(t, id.equals("gold-4") ? "B" : "A"),
                ann);
        assertEquals(200, r.statusCode(), r.body());
        answered++;
      }
      assertEquals("real", f.next(ann).get("taskId").asText(), "no open gold left");
      assertEquals(1, f.server.pendingCount(), "gold answers never complete a real item");
      assertEquals(0, f.store.size());

      ReviewFixture.Login lea = f.login(ReviewFixture.LEA_TOKEN);
      JsonNode stats = ReviewFixture.json(f.get("/api/lead/stats", lea));
      JsonNode annStats = reviewer(stats, "ann");
      assertEquals(4, annStats.get("goldAnswered").asInt());
      assertEquals(3, annStats.get("goldCorrect").asInt());
      assertEquals(3.0 / 4.0, annStats.get("goldAccuracy").asDouble(), 1e-12);
      assertTrue(annStats.get("flagged").asBoolean());
      JsonNode bobStats = reviewer(stats, "bob");
      assertTrue(bobStats.get("goldAccuracy").isNull());
      assertFalse(bobStats.get("flagged").asBoolean());
      assertEquals(4, ReviewFixture.json(f.get("/api/progress", ann)).get("doneToday").asInt());
    }
  }

  private static JsonNode reviewer(JsonNode stats, String name) {
    for (JsonNode r : stats.get("reviewers")) {
      if (r.get("name").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no reviewer " + name + " in " + stats);
  }

  // ann and bob on ten items; TIE is "T"
  private static final String[] ANN = {"A", "A", "A", "B", "B", "B", "A", "TIE", "A", "B"};
  private static final String[] BOB = {"A", "A", "B", "B", "B", "A", "A", "TIE", "B", "B"};

  /** Cohen's κ from its definition: (p_o − p_e) / (1 − p_e) with p_e from the two raters' marginals. */
  private static double cohenByHand(String[] x, String[] y) {
    String[] cats = {"A", "B", "TIE", "BOTH_BAD"};
    double n = x.length;
    double po = 0;
    for (int i = 0; i < x.length; i++) {
      po += x[i].equals(y[i]) ? 1 / n : 0;
    }
    double pe = 0;
    for (String c : cats) {
      double px = 0;
      double py = 0;
      for (int i = 0; i < x.length; i++) {
        px += x[i].equals(c) ? 1 / n : 0;
        py += y[i].equals(c) ? 1 / n : 0;
      }
      pe += px * py;
    }
    return (po - pe) / (1 - pe);
  }

  @Test
  void theStatsEndpointsKappaAndAlphaEqualIndependentlyComputedValuesAndExportsParse()
      throws IOException {
    try (ReviewFixture f =
        new ReviewFixture(dir, b -> b.minSubmitted(2).goldRate(0).intervals(200, 0.9))) {
      for (int i = 0; i < ANN.length; i++) {
        f.server.enqueue(
            f.task(ReviewFixture.pair("k" + i, "Question " + i, "first " + i, "second " + i)));
      }
      ReviewFixture.Login ann = f.login(ReviewFixture.ANN_TOKEN);
      ReviewFixture.Login bob = f.login(ReviewFixture.BOB_TOKEN);
      answerAll(f, ann, ANN);
      answerAll(f, bob, BOB);
      assertEquals(ANN.length, f.server.completedCount());

      ReviewFixture.Login lea = f.login(ReviewFixture.LEA_TOKEN);
      JsonNode stats = ReviewFixture.json(f.get("/api/lead/stats", lea));
      JsonNode pairwise = stats.get("agreement").get("PAIRWISE");
      assertEquals(ANN.length, pairwise.get("units").asInt());
      JsonNode cohen = pairwise.get("cohenKappa").get(0);
      assertEquals("ann", cohen.get("a").asText());
      assertEquals("bob", cohen.get("b").asText());
      double byHand = cohenByHand(ANN, BOB);
      assertEquals(0.29 / 0.59, byHand, 1e-12, "p_o = 0.7, p_e = 0.41");
      JsonNode kappa = cohen.get("kappa");
      assertEquals(byHand, kappa.get("estimate").asDouble(), 1e-12);
      assertTrue(
          kappa.get("lower").asDouble() <= byHand && byHand <= kappa.get("upper").asDouble(),
          kappa.toString());
      assertEquals(0.9, kappa.get("level").asDouble());
      // Krippendorff's nominal α of the same data (numpy, from the coincidence matrix):
      // 0.5128205128205129
      assertEquals(
          0.5128205128205129, pairwise.get("krippendorffAlpha").get("estimate").asDouble(), 1e-12);
      // Fleiss' κ with two raters per unit: P̄ = p_o = 0.7 and P̄_e from the pooled shares A 9/20,
      // B 9/20, TIE 2/20
      double pooled = 0.45 * 0.45 + 0.45 * 0.45 + 0.1 * 0.1;
      assertEquals(
          (0.7 - pooled) / (1 - pooled),
          pairwise.get("fleissKappa").get("estimate").asDouble(),
          1e-12);
      assertEquals(10, reviewer(stats, "ann").get("submissions").asInt());

      // the disagreements to adjudicate: the items where ann and bob differ, with both answers
      // (lead only)
      JsonNode dis = ReviewFixture.json(f.get("/api/lead/disagreements", lea)).get("items");
      List<String> differing = new ArrayList<>();
      for (int i = 0; i < ANN.length; i++) {
        if (!ANN[i].equals(BOB[i])) {
          differing.add("k" + i);
        }
      }
      List<String> listed = new ArrayList<>();
      dis.forEach(d -> listed.add(d.get("taskId").asText()));
      assertEquals(differing, listed);
      assertEquals(
          "TIE", dis.get(0).get("label").get("outcome").asText(), "a split of two is a tie");
      assertEquals(2, dis.get(0).get("answers").size());
      assertEquals(403, f.get("/api/lead/disagreements", ann).statusCode());

      // exports: the six items both chose the same winner for (ties are skipped), read back with
      // core's readers
      List<String> chosen = new ArrayList<>();
      for (int i = 0; i < ANN.length; i++) {
        if (ANN[i].equals(BOB[i]) && !ANN[i].equals("TIE")) {
          chosen.add((ANN[i].equals("A") ? "first " : "second ") + i);
        }
      }
      assertEquals(6, chosen.size());
      for (String[] format :
          new String[][] {
            {"trl", "TRL_PREFERENCE"}, {"openai-dpo", "OPENAI_DPO"}, {"hh-rlhf", "ANTHROPIC_HH"}
          }) {
        HttpResponse<String> r = f.get("/api/lead/export?format=" + format[0], lea);
        assertEquals(200, r.statusCode(), r.body());
        List<PreferenceExample> rows = new ArrayList<>();
        JsonlDatasetReader.preferences(DataFormat.valueOf(format[1]), ReadOptions.strict())
            .read(
                new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)),
                null,
                rows::add);
        assertEquals(chosen, rows.stream().map(e -> e.chosen().text()).toList(), format[0]);
      }
      HttpResponse<String> bad = f.get("/api/lead/export?format=csv", lea);
      assertEquals(400, bad.statusCode());
      assertEquals("format", ReviewFixture.json(bad).get("field").asText());
    }
  }

  private static void answerAll(ReviewFixture f, ReviewFixture.Login who, String[] outcomes) {
    for (int i = 0; i < outcomes.length; i++) {
      JsonNode t = f.next(who);
      assertEquals("k" + i, t.get("taskId").asText(), "oldest first");
      HttpResponse<String> r =
          f.post("/api/submissions", ReviewFixture.pairwiseAnswer(t, outcomes[i]), who);
      assertEquals(200, r.statusCode(), r.body());
    }
  }
}
