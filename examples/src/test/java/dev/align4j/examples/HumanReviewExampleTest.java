package dev.align4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo mode of {@link HumanReviewExample}: two simulated reviewers through the API, then the server stops. */
class HumanReviewExampleTest {
  @TempDir Path dir;

  @Test
  void demoRoutesEveryPairHandsWorkToTheJudgeAndStops() {
    HumanReviewExample.Result r =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () ->
                HumanReviewExample.run(
                    dir,
                    new String[] {"ann-test-token-0123456789", "bob-test-token-0123456789"},
                    null));
    assertEquals(HumanReviewExample.ITEMS, r.items());
    assertEquals(r.items(), r.aiOnly() + r.byHumans(), "every pair got exactly one route");
    // every item the reviewers got was completed by both of them: two answers each, one label each
    assertEquals(2 * r.completed(), r.answers());
    assertEquals(r.byHumans(), r.completed());
    assertEquals(r.items(), r.stored(), "every pair's final label is in the store once");
    assertEquals(
        0.0, r.aiShareFirst(), "before agreement is measured everything goes to the reviewers");
    assertTrue(r.aiShareLast() > 0.5, "after it, the judge takes most pairs: " + r);
    assertTrue(r.kappa() >= 0.6, "the judge earned the hand-over: kappa " + r.kappa());
  }

  @Test
  void printsTheReportAndNoTokenFromTheEnvironment() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    String[] tokens = HumanReviewExample.tokens(out);
    HumanReviewExample.print(HumanReviewExample.run(dir, tokens, null), out);
    String text = buf.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("== align4j human review =="), text);
    assertTrue(text.contains("the review server has stopped"), text);
    if (System.getenv("ALIGN4J_REVIEW_TOKEN_ANN") == null) {
      assertTrue(text.contains("stand-in reviewer tokens"), text);
    } else {
      assertTrue(!text.contains(tokens[0]), "a token from the environment is never printed");
    }
  }
}
