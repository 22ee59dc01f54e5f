package dev.align4j.rollout.sim;

import dev.align4j.core.GateDecision;
import dev.align4j.core.RolloutStage;
import dev.align4j.core.check.Require;
import dev.align4j.rollout.Evaluation;
import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.GateEvaluator;
import dev.align4j.rollout.input.EvaluationInput;
import dev.align4j.rollout.input.MetricData;
import dev.align4j.rollout.metric.MetricSpec;
import dev.align4j.rollout.stage.Step;
import dev.align4j.rollout.stats.AcceptableRange;
import dev.align4j.rollout.stats.ArmSummary;
import dev.align4j.rollout.stats.SequentialTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Runs many seeded simulated rollouts of one plan step through a gate configuration's real decision function
 * ({@link GateEvaluator}) and reports how often each decision ends the step: under an A/A scenario, ROLLBACK is a
 * false rollback; under a scenario whose candidate is unacceptable, PROMOTE is a false promotion and ROLLBACK is the
 * power. Run it before go-live with your own configuration.
 *
 * <p>Each look adds {@code unitsPerLook} units, split between the arms by the step's weight (a binomial draw, so the
 * SRM check sees realistic noise), then evaluates; HOLD and EXTEND continue, every other decision ends the rollout.
 * Deterministic: the randomness is injected; rollout {@code i} uses the {@code i}-th {@code split()} of the given
 * generator, so {@code new SplittableRandom(seed)} gives the same report for the same seed. Single-threaded; run
 * several simulators on your own executor to use more cores.
 */
public final class RolloutSimulator {
  private final GateConfig config;
  private final int stepIndex;

  private RolloutSimulator(GateConfig config, int stepIndex) {
    this.config = Require.nonNull("config", config);
    this.stepIndex = Require.inClosedRange("stepIndex", stepIndex, 0, config.plan().size() - 2);
  }

  /** A simulator of plan step {@code stepIndex} (not FULL) of {@code config}. */
  public static RolloutSimulator of(GateConfig config, int stepIndex) {
    return new RolloutSimulator(config, stepIndex);
  }

  /** Simulates {@code rollouts} rollouts of {@code scenario}, drawing from splits of {@code random}. */
  public SimulationReport run(Scenario scenario, int rollouts, RandomGenerator.SplittableGenerator random) {
    Require.positive("rollouts", rollouts);
    Require.nonNull("random", random);
    Step step = config.plan().step(stepIndex);
    List<MetricSpec> specs = config.metrics();
    int k = specs.size();
    ArmModel[][] models = new ArmModel[k][];
    for (MetricScenario ms : scenario.metrics()) {
      int idx = specs.indexOf(config.metric(ms.metric()));
      models[idx] = new ArmModel[] {ms.candidate(), ms.incumbent()};
    }
    boolean split = step.stage() == RolloutStage.CANARY;
    double w = step.weight().fraction();
    RandomGenerator.SplittableGenerator master = random;
    long promoted = 0;
    long rolledBack = 0;
    long paused = 0;
    long aborted = 0;
    long undecided = 0;
    double looksSum = 0;
    double samplesSum = 0;
    long decided = 0;
    Instant start = Instant.EPOCH;
    for (int r = 0; r < rollouts; r++) {
      RandomGenerator rng = master.split();
      ArmSummary[][] acc = new ArmSummary[k][2];
      for (int i = 0; i < k; i++) {
        acc[i][0] = ArmSummary.EMPTY;
        acc[i][1] = ArmSummary.EMPTY;
      }
      long assignedC = 0;
      long assignedI = 0;
      Instant last = null;
      GateDecision.Kind end = null;
      int look = 0;
      for (look = 1; look <= scenario.looks() && end == null; look++) {
        int nc = scenario.unitsPerLook();
        int ni = scenario.unitsPerLook();
        if (split) {
          nc = (int) Sampling.binomial(2L * scenario.unitsPerLook(), w, rng);
          ni = 2 * scenario.unitsPerLook() - nc;
          assignedC += nc;
          assignedI += ni;
        }
        List<MetricData> data = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
          if (models[i] != null) {
            acc[i][0] = acc[i][0].merge(models[i][0].batch(nc, rng));
            acc[i][1] = acc[i][1].merge(models[i][1].batch(ni, rng));
          }
          data.add(new MetricData(specs.get(i).name(), acc[i][0], acc[i][1]));
        }
        Instant now = start.plus(scenario.interval().multipliedBy(look));
        EvaluationInput in = new EvaluationInput(step.stage(), stepIndex, start, now, last, now, false, assignedC,
            assignedI, data, List.of());
        Evaluation ev = GateEvaluator.evaluate(config, in, false);
        last = now;
        GateDecision.Kind kind = ev.decision().kind();
        if (kind != GateDecision.Kind.HOLD && kind != GateDecision.Kind.EXTEND) {
          end = kind;
          decided++;
          looksSum += look;
          samplesSum += k == 0 ? 0 : acc[0][0].n();
        }
      }
      if (end == null) {
        undecided++;
      } else if (end == GateDecision.Kind.PROMOTE) {
        promoted++;
      } else if (end == GateDecision.Kind.ROLLBACK) {
        rolledBack++;
      } else if (end == GateDecision.Kind.PAUSE_FOR_HUMAN) {
        paused++;
      } else {
        aborted++;
      }
    }
    return new SimulationReport(scenario.name(), rollouts, promoted, rolledBack, paused, aborted, undecided,
        decided == 0 ? Double.NaN : looksSum / decided, decided == 0 ? Double.NaN : samplesSum / decided);
  }

  /**
   * The fraction of simulated runs in which {@code test}'s harm p-value reaches {@code alpha} at any of
   * {@code looks} looks, ignoring the test's guarantee: the "peeking" error rate. For an anytime-valid test it stays
   * at or below {@code alpha}; for a fixed-horizon test read at every look it grows with the number of looks.
   */
  public static double peekingRejectionRate(SequentialTest test, ArmModel candidate, ArmModel incumbent,
      AcceptableRange range, double alpha, int batch, int looks, int runs, RandomGenerator.SplittableGenerator random) {
    Require.positive("runs", runs);
    Require.positive("looks", looks);
    Require.positive("batch", batch);
    Require.nonNull("random", random);
    int hits = 0;
    for (int r = 0; r < runs; r++) {
      RandomGenerator rng = random.split();
      ArmSummary c = ArmSummary.EMPTY;
      ArmSummary i = ArmSummary.EMPTY;
      for (int l = 0; l < looks; l++) {
        c = c.merge(candidate.batch(batch, rng));
        i = i.merge(incumbent.batch(batch, rng));
        if (test.evaluate(c, test.twoSample() ? i : null, range, alpha).pHarm() <= alpha) {
          hits++;
          break;
        }
      }
    }
    return (double) hits / runs;
  }
}
