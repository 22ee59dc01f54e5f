package dev.align4j.optimizers.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.StepMetrics;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenersTest {

  /** A clock that advances by a fixed amount each time it is read. */
  static final class SteppingClock extends Clock {
    private long millis;
    private final long stepMillis;

    SteppingClock(long stepMillis) {
      this.stepMillis = stepMillis;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
      long m = millis;
      millis += stepMillis;
      return m;
    }
  }

  static StepMetrics metrics(long step, double loss) {
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("loss", loss);
    v.put("rewards/accuracies", 0.75);
    v.put("kl", Double.NaN);
    return new StepMetrics(step, v);
  }

  @Test
  void consoleShowsProgressRateAndEta() {
    StringBuilder out = new StringBuilder();
    ConsoleProgressListener l =
        ConsoleProgressListener.builder(out).clock(new SteppingClock(250)).totalSteps(10).every(2).build();
    for (int s = 1; s <= 10; s++) {
      l.onStep(metrics(s, 1.0 / s));
    }
    String[] lines = out.toString().split(System.lineSeparator());
    assertEquals(5, lines.length, out.toString());
    // steps 1..4 seen at 0, 250, 500, 750 ms: 4 steps in 0.75 s ⇒ 5.3 steps/s, 6 steps left ⇒ ETA 1 s
    assertEquals(
        "step  4/10 [##########----------------]  40% loss=0.2500 rewards/accuracies=0.7500 kl=NaN"
            + " | 5.3 steps/s | ETA 0:00:01",
        lines[1]);
    assertTrue(lines[4].startsWith("step 10/10 [##########################] 100%"), lines[4]);
    assertTrue(lines[4].endsWith("ETA 0:00:00"), lines[4]);
  }

  @Test
  void durationFormat() {
    assertEquals("1:01:01", ConsoleProgressListener.formatDuration(3661));
  }

  @Test
  void jsonlWritesOneParsableObjectPerStep() {
    StringWriter w = new StringWriter();
    JsonlMetricsWriter j = new JsonlMetricsWriter(w);
    j.onStep(metrics(1, 0.5));
    j.onStep(new StepMetrics(2, Map.of("a\"b", 3.0)));
    assertEquals(
        "{\"step\":1,\"loss\":0.5,\"rewards/accuracies\":0.75,\"kl\":null}\n{\"step\":2,\"a\\\"b\":3}\n",
        w.toString());
  }

  @Test
  void allForwardsInOrder() {
    StringBuilder sb = new StringBuilder();
    MetricsListener.all(List.of(m -> sb.append('a').append(m.step()), m -> sb.append('b')))
        .onStep(metrics(3, 1));
    assertEquals("a3b", sb.toString());
  }
}
