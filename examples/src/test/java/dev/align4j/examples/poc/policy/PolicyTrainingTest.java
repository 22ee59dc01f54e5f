package dev.align4j.examples.poc.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Completion;
import dev.align4j.examples.poc.Progress;
import dev.align4j.examples.poc.policy.PolicyTraining.Method;
import dev.align4j.examples.poc.scenario.CandidateReply;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The policy steps in the {@code fast()} configuration on the {@link PolicyFixture}'s stand-in inputs: one SFT, the
 * five methods and the proxy run, shared by the tests below.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PolicyTrainingTest {
  private final PolicyConfig config = PolicyConfig.fast();
  private PolicyFixture fixture;
  private SupportPolicy sft;
  private HeldOutGold gold;
  private final Map<Method, TrainingRun> runs = new EnumMap<>(Method.class);
  private TrainingRun proxy;
  private final List<String> progress = new ArrayList<>();

  @BeforeAll
  void train() {
    fixture = new PolicyFixture(18, 400, 48);
    Progress p =
        (task, done, total) -> {
          if (done == total) {
            progress.add(task + " " + done);
          }
        };
    sft = PolicyTraining.sft(fixture.replies, fixture.train, config, p);
    gold = HeldOutGold.of(fixture.heldOut, config.evalSamples());
    for (Method m : Method.values()) {
      runs.put(m, PolicyTraining.optimise(m, sft, fixture.pairs, fixture.reward, gold, config, p));
    }
    proxy = PolicyTraining.optimiseAgainstProxy(sft, fixture.train, fixture.proxy, gold, config, p);
  }

  @Test
  void sft_reproduces_the_candidate_mix() {
    Map<String, Double> data = new HashMap<>();
    Map<String, SupportQuestion> byId = new HashMap<>();
    fixture.train.forEach(q -> byId.put(q.id(), q));
    for (CandidateReply r : fixture.replies) {
      for (String c : sft.codec().parse(byId.get(r.questionId()), r.text())) {
        data.merge(group(c), 1.0 / fixture.replies.size(), Double::sum);
      }
    }
    Map<String, Double> sampled = new HashMap<>();
    int n = 0;
    for (int i = 0; i < fixture.train.size(); i++) {
      SupportQuestion q = fixture.train.get(i);
      for (String c : sft.sampleCodes(q, new SplittableRandom(i))) {
        sampled.merge(group(c), 1.0, Double::sum);
      }
      n++;
    }
    for (String g :
        List.of(
            "open_polite",
            "open_neutral",
            "rude",
            "card_echo",
            "card_masked",
            "right",
            "wrong",
            "vague",
            "filler",
            "close_polite")) {
      double want = data.getOrDefault(g, 0.0);
      double got = sampled.getOrDefault(g, 0.0) / n;
      assertEquals(
          want, got, 0.08 + 0.1 * want, g + " per reply: data " + want + ", SFT samples " + got);
    }
  }

  private static String group(String code) {
    if (code.startsWith("rude_")) {
      return "rude";
    }
    if (code.startsWith("filler_")) {
      return "filler";
    }
    if (code.startsWith("fact_")) {
      return code.endsWith("_right") ? "right" : "wrong";
    }
    return code;
  }

  @Test
  void every_method_beats_the_supervised_start_on_gold() {
    for (Method m : Method.values()) {
      TrainingRun r = runs.get(m);
      TrainingRun.Checkpoint start = r.checkpoints().get(0);
      assertEquals(0, start.step());
      assertEquals(0.0, start.kl(), 1e-9, "step 0 is the supervised start");
      assertTrue(r.last().gold() > start.gold() + 0.5, m + ": " + r.checkpoints());
      assertTrue(r.last().step() == config.methodSteps(), m + " ran its budget");
      assertTrue(r.last().kl() > 0, m + " moved away from the start: " + r.last());
    }
  }

  @Test
  void the_monitor_stops_the_proxy_run_and_no_other() {
    for (Method m : Method.values()) {
      assertTrue(runs.get(m).monitorFiring().isEmpty(), m + ": " + runs.get(m).monitorFiring());
    }
    TrainingRun.MonitorFiring f = proxy.monitorFiring().orElseThrow();
    assertEquals("length_drift", f.rule());
    assertEquals("LENGTH_HACKING", f.code());
    assertEquals("STOP", f.action());
    assertTrue(f.step() > 0 && f.step() < config.methodSteps(), f.toString());
    assertTrue(f.message().contains("length"), f.message());
    assertEquals(
        config.methodSteps(), proxy.last().step(), "the run goes on unwatched after the firing");
  }

  @Test
  void the_proxy_run_gains_proxy_reward_while_its_gold_falls_from_its_peak() {
    List<TrainingRun.StepPoint> c = proxy.curve();
    assertTrue(c.get(c.size() - 1).reward() > c.get(0).reward() + 1, c.toString());
    double peak =
        proxy.checkpoints().stream().mapToDouble(TrainingRun.Checkpoint::gold).max().orElseThrow();
    assertTrue(proxy.last().gold() < peak - 0.2, proxy.checkpoints().toString());
    double bestMethod =
        runs.values().stream().mapToDouble(r -> r.last().gold()).min().orElseThrow();
    assertTrue(proxy.last().gold() < bestMethod, "every method ends above the proxy run on gold");
    assertTrue(
        proxy.last().kl() > runs.get(Method.GRPO).last().kl(), "the proxy run drifts further");
  }

  @Test
  void the_start_is_not_changed_and_one_seed_gives_identical_checkpoints() {
    PolicyConfig shortRun = config.withMethodSteps(10);
    TrainingRun a =
        PolicyTraining.optimise(
            Method.DPO, sft, fixture.pairs, fixture.reward, gold, shortRun, Progress.none());
    TrainingRun b =
        PolicyTraining.optimise(
            Method.DPO, sft, fixture.pairs, fixture.reward, gold, shortRun, Progress.none());
    assertEquals(a.checkpoints(), b.checkpoints());
    assertEquals(a.curve(), b.curve());
    assertEquals(
        runs.get(Method.DPO).checkpoints().get(0),
        a.checkpoints().get(0),
        "the earlier runs trained copies: the start is unchanged");
    PolicyConfig fiveSteps = config.withMethodSteps(5);
    TrainingRun g1 =
        PolicyTraining.optimise(
            Method.GRPO, sft, fixture.pairs, fixture.reward, gold, fiveSteps, Progress.none());
    TrainingRun g2 =
        PolicyTraining.optimise(
            Method.GRPO, sft, fixture.pairs, fixture.reward, gold, fiveSteps, Progress.none());
    assertEquals(g1.checkpoints(), g2.checkpoints(), "GRPO samples from seeded streams");
    assertEquals(g1.curve(), g2.curve());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      PolicyConfig tiny = fiveSteps.withSftSteps(20);
      SupportPolicy one = PolicyTraining.sft(fixture.replies, fixture.train, tiny, Progress.none());
      SupportPolicy two =
          PolicyTraining.sft(fixture.replies, fixture.train, tiny, pool, Progress.none());
      TrainingRun r1 =
          PolicyTraining.optimise(
              Method.GRPO, one, fixture.pairs, fixture.reward, gold, tiny, Progress.none());
      TrainingRun r2 =
          PolicyTraining.optimise(
              Method.GRPO, two, fixture.pairs, fixture.reward, gold, tiny, Progress.none());
      assertEquals(r1.checkpoints(), r2.checkpoints(), "the same numbers on one thread and on two");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_reply_log_probability_is_the_sampled_codes_log_probability() {
    int checked = 0;
    for (int i = 0; i < 20; i++) {
      SupportQuestion q = fixture.heldOut.get(i);
      Completion sample =
          sft.model().sample(sft.policyPrompt(q), sft.sampling(), new SplittableRandom(i));
      List<String> codes = SupportPolicy.codesOf(sample);
      boolean silentCode =
          q.cardNumber() == null && (codes.contains("card_echo") || codes.contains("card_masked"));
      int[] ids = sample.tokenIds();
      boolean ended = ids[ids.length - 1] == sft.model().tokenizer().eos();
      if (silentCode || !ended) {
        continue; // the rendered reply parses to other codes, or the sample hit the token limit
      }
      Completion reply = sft.reply(q, new SplittableRandom(i));
      // float32 parameters: the KV-cache decode and the full forward pass agree to about 1e-6
      assertEquals(sample.sequenceLogProb(), sft.logProb(q, reply), 1e-5, reply.text());
      checked++;
    }
    assertTrue(checked >= 10, checked + " replies checked");
  }

  @Test
  void long_steps_report_progress() {
    assertTrue(progress.contains("SFT " + config.sftSteps()), progress.toString());
    for (Method m : Method.values()) {
      assertTrue(progress.contains(m.name() + " " + config.methodSteps()), progress.toString());
    }
  }

  @Test
  void bad_input_is_refused_naming_the_argument() {
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> PolicyTraining.sft(fixture.replies, fixture.heldOut, config, Progress.none()));
    assertTrue(missing.getMessage().contains("replies[0]"), missing.getMessage());
    IllegalArgumentException empty =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PolicyTraining.optimise(
                    Method.DPO, sft, List.of(), fixture.reward, gold, config, Progress.none()));
    assertTrue(empty.getMessage().contains("pairs"), empty.getMessage());
    IllegalArgumentException steps =
        assertThrows(IllegalArgumentException.class, () -> config.withMethodSteps(0));
    assertTrue(steps.getMessage().contains("methodSteps"), steps.getMessage());
  }
}
