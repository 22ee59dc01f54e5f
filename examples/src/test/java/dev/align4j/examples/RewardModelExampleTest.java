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
    assertEquals(36, r.trainPairs());
    assertEquals(12, r.heldOut().pairCount());
    assertTrue(r.heldOut().pairwiseAccuracy() >= 0.75, "held-out accuracy " + r.heldOut().pairwiseAccuracy());
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
  }
}
