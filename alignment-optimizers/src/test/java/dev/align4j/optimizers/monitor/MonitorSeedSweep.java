package dev.align4j.optimizers.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The 20-seed sweep behind the optimizers README's monitor figures; runs only with {@code -Dalign4j.monitor.sweep=true}
 * and prints one line per seed and the summary.
 */
@EnabledIfSystemProperty(named = "align4j.monitor.sweep", matches = "true")
class MonitorSeedSweep {
  static final int SEEDS = 20;

  @Test
  void sweep() {
    for (boolean withGold : new boolean[] {true, false}) {
      List<Integer> steps = new ArrayList<>();
      List<Double> drops = new ArrayList<>();
      int missed = 0;
      int late = 0;
      int falseAlarms = 0;
      for (long seed = 1; seed <= SEEDS; seed++) {
        ControlledRuns.Outcome h =
            ControlledRuns.run(seed, true, withGold, ControlledRuns.MAX_STEPS);
        ControlledRuns.Outcome ok =
            ControlledRuns.run(seed, false, withGold, ControlledRuns.HEALTHY_STEPS);
        if (!ok.monitor().firings().isEmpty()) {
          falseAlarms++;
        }
        if (h.stop() == null) {
          missed++;
          continue;
        }
        steps.add((int) h.stop().step());
        drops.add(h.dropAtStop());
        if (h.dropAtStop() >= 0.10) {
          late++;
        }
        System.out.printf(
            Locale.ROOT,
            "gold=%s seed %d stop %s at step %d, gold drop %.4f (peak %.4f), kept step %d drop %.4f; healthy firings %d%n",
            withGold,
            seed,
            h.stop().rule(),
            h.stop().step(),
            h.dropAtStop(),
            h.goldPeak(),
            h.monitor().lastHealthyStep(),
            h.dropAtHealthy(),
            ok.monitor().firings().size());
      }
      steps.sort(null);
      drops.sort(null);
      System.out.printf(
          Locale.ROOT,
          "SUMMARY gold=%s: detected %d/%d, missed %d, late (drop >= 10%%) %d, detection step median %d range %d-%d, "
              + "gold drop median %.4f max %.4f, false alarms %d/%d%n",
          withGold,
          steps.size(),
          SEEDS,
          missed,
          late,
          steps.isEmpty() ? -1 : steps.get(steps.size() / 2),
          steps.isEmpty() ? -1 : steps.get(0),
          steps.isEmpty() ? -1 : steps.get(steps.size() - 1),
          drops.isEmpty() ? Double.NaN : drops.get(drops.size() / 2),
          drops.isEmpty() ? Double.NaN : drops.get(drops.size() - 1),
          falseAlarms,
          SEEDS);
    }
  }
}
