package dev.align4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RewardModelExampleTest {

  @Test
  void trainsEvaluatesComposesAndPersistsARewardModel() throws Exception {
    RewardModelExample.Result r = RewardModelExample.run();
    assertEquals(48, r.trainPairs());
    assertEquals(16, r.heldOut().pairCount());
    // 4 of the 16 held-out pairs (sample lines 54, 58, 62 and 66, among the appended pairs whose better answer is the
    // shorter one) prefer the shorter answer, so "the longer answer wins" scores 12/16.
    assertEquals(0.75, r.lengthBaselineAccuracy(), 1e-12);
    assertTrue(r.heldOut().pairwiseAccuracy() > r.lengthBaselineAccuracy(),
        "the reward model must beat the length baseline: " + r.heldOut().pairwiseAccuracy());
    assertTrue(r.best().startsWith("Sorry about the delay"), r.best());
    assertTrue(r.explanation().components().containsKey("inner.learned"), r.explanation().toString());
    assertEquals(1.0, r.explanation().component("inner.courtesy"));
    assertEquals(1.0, r.explanation().component("gate"));
    assertEquals(0.0, r.insultScore(), "the insulting answer is gated to 0");
    assertTrue(r.reloadedScoresEqual());

    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    RewardModelExample.print(r, new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("pairwise accuracy") && out.contains("best answer: Sorry"), out);
    assertTrue(out.contains("baseline \"the longer answer wins\": 0.75"), out);
  }
}
