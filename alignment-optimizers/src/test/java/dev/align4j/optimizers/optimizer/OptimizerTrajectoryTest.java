package dev.align4j.optimizers.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.core.StepMetrics;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.kl.FixedKlController;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.listwise.ListwiseObjectives;
import dev.align4j.optimizers.objective.unpaired.UnpairedObjectives;
import dev.align4j.optimizers.optimizer.preference.ListwisePreferenceOptimizer;
import dev.align4j.optimizers.optimizer.preference.OnlinePreferenceOptimizer;
import dev.align4j.optimizers.optimizer.preference.PairwisePreferenceOptimizer;
import dev.align4j.optimizers.optimizer.preference.UnpairedPreferenceOptimizer;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer.Algorithm;
import dev.align4j.optimizers.optimizer.sft.RejectionSamplingOptimizer;
import dev.align4j.optimizers.optimizer.sft.SftExample;
import dev.align4j.optimizers.optimizer.sft.SftOptimizer;
import dev.align4j.policies.LogLinearPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression pins: three steps of every optimiser on the log-linear policy (which uses the default, looping batch
 * methods of {@code TrainablePolicy}) must give bit for bit the losses, gradient norms and parameters that the
 * optimisers gave when they still ran one {@code forward}/{@code backward} per example with the per-sequence gradient
 * expanded into an array. The expected values were captured from that code (before the batch API was used).
 */
class OptimizerTrajectoryTest {

  /** Captured from the per-example code (commit 7365cb7), with {@code Double.toString} (which round-trips). */
  static final Map<String, double[]> EXPECTED =
      Map.ofEntries(
          Map.entry(
              "dpo",
              new double[] {
                0.6931471805599453,
                0.05702081047593997,
                0.6847528722599958,
                0.05315910507220234,
                0.6841467592792564,
                0.050274860285262686,
                0.29994285759739303,
                -0.21578174849884432,
                -0.2735463031880466,
                -0.26521784551486266
              }),
          Map.entry(
              "dpo+rpo",
              new double[] {
                1.5890269151739727, 0.3288278500083702, 1.5752969646716304, 0.32252320497271164,
                    1.5688123264309608,
                0.36124018898293025, 0.29920133985608005, -0.0984915870602437, 0.02728215580151549,
                    0.06394796148119833
              }),
          Map.entry(
              "kto",
              new double[] {
                0.5,
                0.015812325476476003,
                0.497138771736884,
                0.02226105364574096,
                0.4997134549165345,
                0.016610618592959255,
                0.3001738140114753,
                0.06638504651762005,
                -0.21383125475047104,
                -0.23974343626118672
              }),
          Map.entry(
              "listwise",
              new double[] {
                6.579251212010101, 0.1567132577299505, 6.542245288604548, 0.23098020037418185,
                    6.576646843794354,
                0.2795514663659587, 0.29997396298589935, 0.07841210835772867, 0.2614658231513965,
                    -0.26508086803328074
              }),
          Map.entry(
              "sft",
              new double[] {
                1.791759469228055,
                1.0004308148435828,
                1.8787371445311936,
                0.6984704742134034,
                1.708253485491845,
                0.45678184216766926,
                -0.0216718377466108,
                0.17943651390775303,
                -0.04357626836342042,
                0.21509391516310652
              }),
          Map.entry(
              "rejection-sampling",
              new double[] {
                1.791759469228055, 1.0172801046578748, 1.7316076014718325, 1.12678090484863,
                    1.7160220646376962,
                0.47875391601486694, 0.2940082308910607, 0.251334126654506, -0.20961484829429244,
                    0.027271821897549918
              }),
          Map.entry(
              "online",
              new double[] {
                1.141087047866959, 0.22887732160051796, 1.1567571810546615, 0.3691259166453779,
                    1.1045629536683172,
                0.2040073582874563, 0.299570844460056, 0.02120070977654346, 0.2964887076977498,
                    -0.04476623742532579
              }),
          Map.entry(
              "grpo",
              new double[] {
                0.0,
                0.5161439747289028,
                0.0,
                0.5301702523207033,
                0.0,
                0.6538022388349116,
                0.2960258228874701,
                0.1098879559344484,
                -0.2852822901281994,
                -0.2709990318327043
              }),
          Map.entry(
              "grpo+kl",
              new double[] {
                0.0, 0.5161439747289028, 4.293440412857287E-4, 0.5254507044551541,
                    8.249921228693005E-4,
                0.6553752326691005, 0.29592709115466803, 0.10941664945631357, -0.2846454596262681,
                    -0.2712013028928415
              }),
          Map.entry(
              "rloo",
              new double[] {
                -4.163336342344337E-17, 0.388552953192406, 0.0, 0.3771476085888102,
                    2.7755575615628914E-17,
                0.47436477318886405, 0.2956185414987397, 0.10882868497878014, -0.2825401656873271,
                    -0.27439387722093433
              }),
          Map.entry(
              "ppo",
              new double[] {
                -0.049964790148847096,
                0.3464294791313239,
                -0.05583819852675667,
                0.5910671274794884,
                -0.05294870250007474,
                0.8092682495866224,
                0.5946770551645726,
                -0.17610086953038084,
                -0.17270035595010075,
                0.127438514944697,
                0.39396653040394825,
                -0.03547725510793334,
                -0.3562288493282719,
                0.2511664596485984,
                0.3939666662632797
              }),
          Map.entry(
              "reinforce++",
              new double[] {
                6.938893903907228E-18, 0.5905795719271476, -1.8041124150158794E-16,
                    0.5893136474948325,
                -2.0816681711721685E-17, 0.636723618490265, 0.29883318324907227,
                    0.15612796371474572,
                -0.2591345591977036, -0.2948490956181424
              }));

  /** Losses and gradient norms of each step, then θ, then (PPO) the value-head parameters. */
  static double[] trajectory(String run) {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    LearningRateSchedule lr = LearningRateSchedule.constant(0.1);
    List<StepMetrics> steps = new ArrayList<>();
    switch (run) {
      case "dpo", "dpo+rpo" -> {
        PairwisePreferenceOptimizer o =
            PairwisePreferenceOptimizer.builder(
                    policy, Objectives.pairwise("sigmoid", Map.of("beta", 0.1)))
                .rpoAlpha(run.equals("dpo") ? 0.0 : 0.5)
                .schedule(lr)
                .build();
        for (int s = 0; s < 3; s++) {
          steps.add(o.step(PoliteWorld.pairs(8 * s, 8 * s + 8, 3 + s)));
        }
      }
      case "kto" -> {
        UnpairedPreferenceOptimizer o =
            UnpairedPreferenceOptimizer.builder(policy, UnpairedObjectives.create("kto", Map.of()))
                .klPairs(UnpairedPreferenceOptimizer.KlPairs.SAMPLED)
                .schedule(lr)
                .build();
        for (int s = 0; s < 3; s++) {
          steps.add(o.step(binaryLabels(8 * s, 8 * s + 8, 5 + s)));
        }
      }
      case "listwise" -> {
        ListwisePreferenceOptimizer o =
            ListwisePreferenceOptimizer.builder(
                    policy, ListwiseObjectives.create("dpo_pl", Map.of("beta", 0.1)))
                .schedule(lr)
                .build();
        for (int s = 0; s < 3; s++) {
          List<Ranking> batch = new ArrayList<>();
          for (int i = 4 * s; i < 4 * s + 4; i++) {
            Prompt p = PoliteWorld.prompt(i);
            List<Integer> order =
                i % 2 == 0 ? List.of(0, 2, 4, 1, 3, 5) : List.of(2, 0, 1, 5, 4, 3);
            batch.add(new Ranking(p, PoliteWorld.candidates(p), order, PoliteWorld.RULE));
          }
          steps.add(o.step(batch));
        }
      }
      case "sft" -> {
        SftOptimizer o = SftOptimizer.builder(policy).schedule(lr).build();
        for (int s = 0; s < 3; s++) {
          List<SftExample> batch = new ArrayList<>();
          for (int i = 4 * s; i < 4 * s + 4; i++) {
            Prompt p = PoliteWorld.prompt(i);
            batch.add(new SftExample(p, PoliteWorld.candidates(p).get(i % 6)));
          }
          steps.add(o.step(batch));
        }
      }
      case "rejection-sampling" -> {
        RejectionSamplingOptimizer o =
            RejectionSamplingOptimizer.builder(policy, PoliteWorld.REWARD)
                .n(3)
                .schedule(lr)
                .build();
        for (int s = 0; s < 3; s++) {
          steps.add(o.step(PoliteWorld.prompts(4 * s, 4 * s + 4)));
        }
      }
      case "online" -> {
        OnlinePreferenceOptimizer o =
            OnlinePreferenceOptimizer.builder(
                    policy, Objectives.pairwise("sigmoid", Map.of("beta", 0.1)))
                .rewardModel(PoliteWorld.REWARD)
                .samplesPerPrompt(3)
                .rpoAlpha(0.25)
                .schedule(lr)
                .build();
        for (int s = 0; s < 3; s++) {
          steps.add(o.step(PoliteWorld.prompts(6 * s, 6 * s + 6)));
        }
      }
      case "grpo", "grpo+kl", "rloo", "ppo", "reinforce++" -> {
        Algorithm a =
            switch (run) {
              case "grpo", "grpo+kl" -> Algorithm.GRPO;
              case "rloo" -> Algorithm.RLOO;
              case "ppo" -> Algorithm.PPO;
              default -> Algorithm.REINFORCE_PLUS_PLUS;
            };
        PolicyGradientOptimizer.Builder b =
            PolicyGradientOptimizer.builder(a, policy, PoliteWorld.REWARD)
                .groupSize(a == Algorithm.PPO ? 2 : 4)
                .schedule(lr);
        if (run.equals("grpo+kl")) {
          b.klController(new FixedKlController(0.04));
        }
        if (a == Algorithm.PPO) {
          b.epochs(2);
        }
        PolicyGradientOptimizer o = b.build();
        for (int s = 0; s < 3; s++) {
          steps.add(o.step(PoliteWorld.prompts(4 * s, 4 * s + 4)));
        }
      }
      default -> throw new IllegalArgumentException(run);
    }
    List<Double> out = new ArrayList<>();
    for (StepMetrics m : steps) {
      out.add(m.get("loss"));
      out.add(m.get("grad_norm"));
    }
    for (double v : policy.parameters()) {
      out.add(v);
    }
    if (run.equals("ppo")) {
      for (double v : policy.valueHeadParameters()) {
        out.add(v);
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static List<BinaryLabel> binaryLabels(int from, int to, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<BinaryLabel> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Prompt p = PoliteWorld.prompt(i);
      Completion c = PoliteWorld.candidates(p).get(r.nextInt(6));
      out.add(new BinaryLabel(p, c, PoliteWorld.isPolite(c), PoliteWorld.RULE));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "dpo",
        "dpo+rpo",
        "kto",
        "listwise",
        "sft",
        "rejection-sampling",
        "online",
        "grpo",
        "grpo+kl",
        "rloo",
        "ppo",
        "reinforce++"
      })
  void theTrajectoryIsBitIdenticalToThePerExampleCode(String run) {
    double[] expected = EXPECTED.get(run);
    double[] actual = trajectory(run);
    assertEquals(expected.length, actual.length, "values");
    for (int i = 0; i < expected.length; i++) {
      int at = i;
      assertEquals(
          Double.doubleToRawLongBits(expected[i]),
          Double.doubleToRawLongBits(actual[i]),
          () ->
              run
                  + " value "
                  + at
                  + ": expected "
                  + expected[at]
                  + ", was "
                  + actual[at]
                  + "; all: "
                  + Arrays.toString(actual));
    }
  }
}
