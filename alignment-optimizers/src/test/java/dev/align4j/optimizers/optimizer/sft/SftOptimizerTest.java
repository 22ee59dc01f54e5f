package dev.align4j.optimizers.optimizer.sft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.StepMetrics;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.optimizer.PoliteWorld;
import dev.align4j.policies.LogLinearPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SftOptimizerTest {

  static List<SftExample> politeExamples(int from, int to) {
    List<SftExample> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Prompt p = PoliteWorld.prompt(i);
      out.add(new SftExample(p, PoliteWorld.candidates(p).get(0)));
    }
    return out;
  }

  @Test
  void lossIsTheTokenMeanNllAndFalls() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    SftOptimizer sft =
        SftOptimizer.builder(policy).schedule(LearningRateSchedule.constant(0.1)).build();
    List<SftExample> batch = politeExamples(0, 16);
    double expected = 0;
    for (SftExample e : batch) {
      expected -= policy.logProbs(e.prompt(), e.completion()).sum();
    }
    StepMetrics first = sft.step(batch);
    assertEquals(expected / 16, first.get("loss"), 1e-12);
    assertEquals(Math.log(6), first.get("loss"), 1e-12, "uniform over 6 candidates at start");
    assertEquals(16, first.get("num_tokens"));
    assertEquals(1, first.step());
    StepMetrics last = first;
    for (int i = 0; i < 150; i++) {
      last = sft.step(batch);
    }
    // the three polite replies differ only by noise features, so ln 3 is (about) the floor of a shared θ
    assertTrue(last.get("loss") < Math.log(3), "loss " + last.get("loss"));
    double polite = PoliteWorld.expectedReward(policy, PoliteWorld.prompts(500, 540));
    assertTrue(polite > 0.95, "SFT generalises the polite feature to held-out prompts: " + polite);
    assertEquals(151, sft.stepCount());
  }

  @Test
  void badInputIsNamedAndChangesNothing() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    SftOptimizer sft = SftOptimizer.builder(policy).schedule(LearningRateSchedule.constant(0.1)).build();
    assertMessage("batch must hold at least one example, was empty", () -> sft.step(List.of()));
    assertMessage(
        "batch[1].completion must not be empty, its text was \"\"",
        () -> sft.step(List.of(politeExamples(0, 1).get(0), SftExample.of("q1", ""))));
    assertMessage(
        "batch[0].prompt must not be empty, its text was \"  \"",
        () -> sft.step(List.of(SftExample.of("  ", "x"))));
    assertMessage(
        "batch[0]: completion must be one of the 6 candidates of the prompt, was \"unknown\"",
        () -> sft.step(List.of(new SftExample(PoliteWorld.prompt(0), Completion.of("unknown")))));
    assertArrayEquals(new double[PoliteWorld.DIMENSION], policy.parameters(), 0.0);
    assertEquals(0, sft.stepCount());
  }

  @Test
  void checkpointResumesTheSameTrajectory(@TempDir Path dir) throws Exception {
    List<SftExample> batch = politeExamples(0, 8);
    LogLinearPolicy a = PoliteWorld.policyBuilder().build();
    SftOptimizer sa = SftOptimizer.builder(a).schedule(LearningRateSchedule.cosine(0.1, 2, 10)).build();
    for (int i = 0; i < 4; i++) {
      sa.step(batch);
    }
    Path ckpt = dir.resolve("sft.ckpt");
    sa.saveCheckpoint(ckpt);
    for (int i = 0; i < 6; i++) {
      sa.step(batch);
    }
    LogLinearPolicy b = PoliteWorld.policyBuilder().build();
    SftOptimizer sb = SftOptimizer.builder(b).schedule(LearningRateSchedule.cosine(0.1, 2, 10)).build();
    sb.restoreCheckpoint(ckpt);
    assertEquals(4, sb.stepCount());
    for (int i = 0; i < 6; i++) {
      sb.step(batch);
    }
    assertArrayEquals(a.parameters(), b.parameters(), 0.0);
    byte[] bytes = Files.readAllBytes(ckpt);
    bytes[bytes.length / 2] ^= 1;
    Path bad = dir.resolve("bad.ckpt");
    Files.write(bad, bytes);
    double[] before = b.parameters();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sb.restoreCheckpoint(bad));
    assertTrue(e.getMessage().startsWith("checkpoint is corrupt"), e.getMessage());
    assertArrayEquals(before, b.parameters(), 0.0);
    assertEquals(10, sb.stepCount());
  }

  static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
    assertEquals(expected, x.getMessage());
  }
}
