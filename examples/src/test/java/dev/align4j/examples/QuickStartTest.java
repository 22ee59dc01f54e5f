package dev.align4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickStartTest {

  @Test
  void readsTheBundledSample_andReportsTheBrokenLinesByNumber() {
    QuickStart.Report r = QuickStart.runOnSample();
    assertEquals(64, r.summary().records());
    assertEquals(2, r.summary().rejected());
    assertEquals(18, r.summary().firstRejects().get(0).lineNumber());
    assertTrue(r.summary().firstRejects().get(0).reason().startsWith("malformed JSON"));
    assertEquals(31, r.summary().firstRejects().get(1).lineNumber());
    assertEquals("field \"chosen\" must not be empty", r.summary().firstRejects().get(1).reason());
    assertTrue(r.multiTurn() > 0);

    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    QuickStart.print(r, new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("64 preference pairs read, 2 line(s) rejected"), out);
    assertTrue(out.contains("rejected line 31"), out);
  }

  @Test
  void runsTheWholeWorkflow_oneStepPerModule() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    QuickStart.runWorkflow(new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);
    for (String step : new String[] {"2. Reward model", "3. Feedback", "4. Optimise", "5. Roll out: final stage FULL"}) {
      assertTrue(out.contains(step), () -> step + " missing from:\n" + out);
    }
    assertTrue(out.contains("audit chain verified: true, replayed: true"), out);
    assertTrue(out.contains("baseline \"the longer answer wins\""), out);
    assertTrue(out.contains("stand-in judge vs simulated reviewers"), out);
  }
}
