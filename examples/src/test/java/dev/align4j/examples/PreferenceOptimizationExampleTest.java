package dev.align4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PreferenceOptimizationExampleTest {

  @Test
  void dpoThenGrpoAlignTheResponseSelector() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PreferenceOptimizationExample.Result r =
        PreferenceOptimizationExample.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertEquals(Math.log(2), r.firstLoss(), 1e-9, "uniform start: DPO loss is ln 2");
    assertTrue(r.lastLoss() < 0.5 * r.firstLoss(), "DPO loss falls: " + r.lastLoss());
    assertEquals(0.5, r.heldOutAccuracyBefore(), 0.0, "policy = reference: every pair ties, which is chance");
    assertTrue(r.heldOutAccuracyAfter() > 0.9, "held-out accuracy " + r.heldOutAccuracyAfter());
    assertTrue(r.rewardAfterDpo() > r.rewardBefore() + 0.5, r.rewardBefore() + " -> " + r.rewardAfterDpo());
    assertTrue(r.rewardAfterDpo() < 2.9, "DPO leaves room: the reviewers never asked for a follow-up; "
        + r.rewardAfterDpo());
    assertTrue(r.rewardAfterGrpo() > r.rewardAfterDpo() + 0.1, "GRPO raises the rule reward: " + r.rewardAfterDpo()
        + " -> " + r.rewardAfterGrpo());
    assertTrue(r.klAfterGrpo() > 0.01 && r.klAfterGrpo() < r.klTarget(), "KL " + r.klAfterGrpo());
    assertTrue(r.resumedIdentically(), "resuming from the checkpoint gives the same parameters");
    assertEquals(60, r.metricLines());
    assertTrue(r.bestOfFour().startsWith("Thanks") || r.bestOfFour().startsWith("Sorry"), r.bestOfFour());
    String out = buf.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("steps/s") && out.contains("ETA") && out.contains("held-out implicit-reward accuracy"),
        out);
    assertTrue(out.contains("log_ratio/mean=") && !out.contains(" kl=-"), "the DPO line names its off-policy"
        + " log-ratio so that nobody reads it as a KL: " + out);
  }
}
