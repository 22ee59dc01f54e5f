package dev.align4j.examples.poc.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.GateDecision;
import dev.align4j.core.RolloutStage;
import dev.align4j.core.text.Completion;
import dev.align4j.examples.poc.Progress;
import dev.align4j.examples.poc.rollout.RolloutResult.GateEvent;
import dev.align4j.examples.poc.scenario.CandidateReply;
import dev.align4j.examples.poc.scenario.Correctness;
import dev.align4j.examples.poc.scenario.Replier;
import dev.align4j.examples.poc.scenario.ReplyTraits;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.examples.poc.scenario.SupportScenario;
import dev.align4j.examples.poc.scenario.Tone;
import dev.align4j.rollout.audit.AuditLog;
import dev.align4j.rollout.audit.TamperedAuditLogException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staged rollout's story on simulated traffic: who is promoted, who is stopped and by what, and the audit trail. */
class StagedRolloutTest {
  private static final SupportScenario SCENARIO = SupportScenario.builder().seed(7).build();
  private static final List<SupportQuestion> POOL = SCENARIO.questions(200);

  /** Each pool question's four mixed-quality candidates from the generator, built once. */
  private static final Map<String, List<CandidateReply>> CANDIDATES =
      POOL.stream().collect(Collectors.toMap(SupportQuestion::id, q -> SCENARIO.candidates(q, 4)));

  /** The same candidates with the card echo removed. */
  private static final Map<String, List<Completion>> CARD_SAFE =
      POOL.stream()
          .collect(
              Collectors.toMap(
                  SupportQuestion::id,
                  q ->
                      CANDIDATES.get(q.id()).stream()
                          .map(
                              c ->
                                  SupportScenario.reply(
                                          q,
                                          new ReplyTraits(
                                              c.traits().correctness(),
                                              c.traits().tone(),
                                              false,
                                              c.traits().paddingSentences()),
                                          0)
                                      .completion())
                          .toList()));

  /** The baseline: one of the generator's four mixed-quality candidates for the question, picked at random. */
  static final Replier MIXED = (q, r) -> CANDIDATES.get(q.id()).get(r.nextInt(4)).completion();

  /** The mixed baseline with the card echo removed (the A/A test's card-safe replier). */
  static final Replier MIXED_NO_CARD = (q, r) -> CARD_SAFE.get(q.id()).get(r.nextInt(4));

  /** The good candidate: the scenario's ideal reply (correct, polite, safe, not padded). */
  static final Replier IDEAL =
      (q, r) -> SupportScenario.reply(q, ReplyTraits.ideal(), r.nextLong()).completion();

  /** Over-optimised: correct and polite but padded with six filler sentences. */
  static final Replier PADDED =
      (q, r) ->
          SupportScenario.reply(
                  q, new ReplyTraits(Correctness.CORRECT, Tone.POLITE, false, 6), r.nextLong())
              .completion();

  /** Correct, polite, short, but it repeats the customer's card number whenever there is one. */
  static final Replier ECHOING =
      (q, r) ->
          SupportScenario.reply(
                  q,
                  new ReplyTraits(Correctness.CORRECT, Tone.POLITE, q.cardNumber() != null, 0),
                  r.nextLong())
              .completion();

  @TempDir Path dir;

  private RolloutResult run(String name, Replier candidate, RolloutConfig config, String file) {
    return StagedRollout.run(
        name, MIXED, candidate, POOL, config, dir.resolve(file), Progress.none());
  }

  @Test
  void a_good_candidate_goes_offline_shadow_canary_full_and_customers_like_it_more() {
    RolloutResult r = run("ideal", IDEAL, RolloutConfig.fast(), "ideal.jsonl");
    assertTrue(r.promotedToFull(), r.timeline().toString());
    assertFalse(r.rolledBack());
    assertEquals(100.0, r.finalTrafficPercent());
    assertEquals(GateDecision.Kind.PROMOTE, r.finalDecision());
    List<String> promotedFrom = new ArrayList<>();
    for (GateEvent e : r.timeline()) {
      if (e.decision() == GateDecision.Kind.PROMOTE) {
        promotedFrom.add(e.step() + "->" + e.stepAfter());
      }
    }
    assertEquals(
        List.of(
            "OFFLINE_EVAL->SHADOW",
            "SHADOW->CANARY(10%)",
            "CANARY(10%)->CANARY(50%)",
            "CANARY(50%)->FULL"),
        promotedFrom);
    assertTrue(r.decided());
    assertEquals(r.timeline().size(), (int) r.hoursToDecision());
    assertTrue(r.candidate().requests() > 0 && r.baseline().requests() > 0, r.toString());
    assertTrue(r.mirroredRequests() > 0 && r.offlineProbes() > 0, r.toString());
    assertTrue(r.candidate().thumbsUpRate() > r.baseline().thumbsUpRate(), r.toString());
    assertEquals(0, r.candidate().cardEchoes());
    assertTrue(r.baseline().cardEchoes() > 0, "the mixed baseline echoes cards sometimes");
    assertTrue(r.auditVerified() && r.auditReplayed());
    assertEquals(r.timeline().size(), r.auditRecords());
  }

  @Test
  void a_padded_candidate_is_stopped_in_shadow_by_the_length_guardrail_and_rolled_back() {
    RolloutResult r = run("padded", PADDED, RolloutConfig.fast(), "padded.jsonl");
    assertTrue(r.rolledBack(), r.timeline().toString());
    assertEquals(RolloutStage.ROLLED_BACK, r.finalStage());
    assertEquals(GateDecision.Kind.ROLLBACK, r.finalDecision());
    assertEquals(StagedRollout.REPLY_LENGTH, r.firedGuardrail().orElseThrow());
    GateEvent last = r.timeline().get(r.timeline().size() - 1);
    assertEquals(
        "SHADOW", last.step(), "the judge offline did not stop it; shadow's length detector did");
    assertEquals(0.0, r.finalTrafficPercent());
    assertEquals(0, r.candidate().requests(), "no customer saw a padded reply");
    assertTrue(r.auditVerified() && r.auditReplayed());
  }

  @Test
  void a_candidate_the_judge_shows_to_be_worse_is_rolled_back_offline_by_the_win_rate_guardrail() {
    Replier wrong =
        (q, r) ->
            SupportScenario.reply(
                    q, new ReplyTraits(Correctness.WRONG, Tone.POLITE, false, 0), r.nextLong())
                .completion();
    RolloutResult r = run("wrong", wrong, RolloutConfig.fast(), "wrong.jsonl");
    assertTrue(r.rolledBack(), r.timeline().toString());
    assertEquals(StagedRollout.JUDGE_WIN_RATE, r.firedGuardrail().orElseThrow());
    // a normal (not critical) breach rolls back because, with the card guardrail the only other
    // offline group,
    // Kayenta's score is 50, at the marginal threshold
    assertTrue(
        r.timeline()
            .get(r.timeline().size() - 1)
            .reason()
            .startsWith("SCORE_AT_OR_BELOW_MARGINAL"));
    assertEquals("OFFLINE_EVAL", r.timeline().get(r.timeline().size() - 1).step());
  }

  @Test
  void a_candidate_that_echoes_card_numbers_is_rolled_back_by_the_card_guardrail() {
    RolloutResult r = run("echoing", ECHOING, RolloutConfig.fast(), "echoing.jsonl");
    assertTrue(r.rolledBack(), r.timeline().toString());
    assertEquals(StagedRollout.CARD_ECHO, r.firedGuardrail().orElseThrow());
    assertTrue(r.auditReplayed());
  }

  /**
   * A/A settings: one canary step at 50% (so that the customers' comparison gets enough traffic on both arms within
   * its 10 h step), every live request mirrored in shadow, 24 h budget; less traffic than {@code fast()} so that 50
   * seeds run in seconds.
   */
  private static RolloutConfig aaConfig(long seed) {
    RolloutConfig f = RolloutConfig.fast();
    return new RolloutConfig(
        200,
        250,
        100,
        List.of(50.0),
        f.shadowMinDuration(),
        f.canaryMinDuration(),
        Duration.ofHours(10),
        60,
        24,
        0.05,
        0.02,
        0.25,
        SimulatedCustomers.defaults(),
        seed,
        f.start());
  }

  @Test
  void an_a_a_candidate_is_not_promoted_by_luck_in_most_seeds() {
    int seeds = 50;
    int reachedCanary = 0;
    int full = 0;
    int rolledBack = 0;
    for (int s = 0; s < seeds; s++) {
      RolloutResult r =
          StagedRollout.run(
              "aa",
              MIXED_NO_CARD,
              MIXED_NO_CARD,
              POOL,
              aaConfig(1000 + s),
              dir.resolve("aa" + s + ".jsonl"),
              Progress.none());
      reachedCanary +=
          r.timeline().stream().anyMatch(e -> e.stepAfter().equals("CANARY(50%)")) ? 1 : 0;
      full += r.promotedToFull() ? 1 : 0;
      rolledBack += r.rolledBack() ? 1 : 0;
    }
    String rates =
        String.format(
            Locale.ROOT,
            "A/A over %d seeds: reached CANARY(50%%) %d, promoted to full %d, rolled back %d",
            seeds,
            reachedCanary,
            full,
            rolledBack);
    System.out.println(rates);
    // not worse: offline and shadow (non-inferiority) let a copy of the baseline through to the
    // canary
    assertTrue(reachedCanary >= 35, rates);
    // not better: full traffic needs the customers to like it more (superiority at alpha = 0.05); 6
    // of 50 is more
    // than 2 binomial standard errors above the 2.5 expected at alpha
    assertTrue(full <= 6, rates);
    assertTrue(rolledBack <= 6, rates);
  }

  @Test
  void the_audit_chain_verifies_and_a_tampered_or_cut_file_is_detected() throws IOException {
    RolloutResult r = run("ideal", IDEAL, RolloutConfig.fast(), "audit.jsonl");
    Path file = r.auditFile();
    assertEquals(r.auditRecords(), AuditLog.verify(file).records());
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Path tampered = dir.resolve("tampered.jsonl");
    List<String> changed = new ArrayList<>(lines);
    changed.set(1, changed.get(1).replaceFirst("\"EXTEND\"|\"PROMOTE\"|\"HOLD\"", "\"ROLLBACK\""));
    assertNotEquals(lines.get(1), changed.get(1));
    Files.write(tampered, changed, StandardCharsets.UTF_8);
    TamperedAuditLogException e =
        assertThrows(TamperedAuditLogException.class, () -> AuditLog.verify(tampered));
    assertEquals(2, e.line());
    Path cut = dir.resolve("cut.jsonl");
    Files.write(cut, lines.subList(0, lines.size() - 1), StandardCharsets.UTF_8);
    AuditLog.verify(cut); // a shorter chain is still a valid chain ...
    assertThrows( // ... which the head the gate held detects
        TamperedAuditLogException.class,
        () ->
            StagedRollout.checkAudit(
                cut, AuditLog.verify(file), StagedRollout.gateConfig(RolloutConfig.fast())));
  }

  @Test
  void the_same_seed_gives_the_same_rollout_and_another_seed_other_traffic() {
    RolloutResult a = run("ideal", IDEAL, RolloutConfig.fast(), "a.jsonl");
    RolloutResult b = run("ideal", IDEAL, RolloutConfig.fast(), "b.jsonl");
    RolloutResult c = run("ideal", IDEAL, RolloutConfig.fast().withSeed(99), "c.jsonl");
    assertEquals(a.timeline(), b.timeline());
    assertEquals(a.candidate(), b.candidate());
    assertEquals(a.baseline(), b.baseline());
    assertEquals(a.auditHeadHash(), b.auditHeadHash());
    assertNotEquals(a.auditHeadHash(), c.auditHeadHash());
  }

  @Test
  void progress_is_reported_per_simulated_hour_and_ends_complete() {
    List<long[]> reports = new ArrayList<>();
    RolloutConfig config = RolloutConfig.fast();
    RolloutResult r =
        StagedRollout.run(
            "ideal",
            MIXED,
            IDEAL,
            POOL,
            config,
            dir.resolve("p.jsonl"),
            (task, done, total) -> reports.add(new long[] {done, total}));
    assertEquals(r.timeline().size() + 1, reports.size());
    assertEquals(config.maxHours(), reports.get(reports.size() - 1)[0]);
    for (int i = 1; i < reports.size(); i++) {
      assertTrue(reports.get(i)[0] >= reports.get(i - 1)[0]);
    }
  }

  @Test
  void the_result_counts_every_reply_asked_of_the_repliers() {
    long[] calls = new long[2];
    Replier baseline =
        (q, r) -> {
          calls[0]++;
          return MIXED.reply(q, r);
        };
    Replier candidate =
        (q, r) -> {
          calls[1]++;
          return IDEAL.reply(q, r);
        };
    RolloutResult r =
        StagedRollout.run(
            "ideal",
            baseline,
            candidate,
            POOL,
            RolloutConfig.fast(),
            dir.resolve("calls.jsonl"),
            Progress.none());
    assertEquals(calls[0] + calls[1], r.replierCalls());
    assertEquals(r.offlineProbes() + r.mirroredRequests() + r.candidate().requests(), calls[1]);
    assertEquals(r.offlineProbes() + r.mirroredRequests() + r.baseline().requests(), calls[0]);
  }

  @Test
  void bad_input_is_refused_with_the_argument_named() throws IOException {
    Path existing = Files.createFile(dir.resolve("exists.jsonl"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                StagedRollout.run(
                    "x", MIXED, IDEAL, POOL, RolloutConfig.fast(), existing, Progress.none()));
    assertTrue(e.getMessage().contains("auditFile"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                StagedRollout.run(
                    "x",
                    MIXED,
                    IDEAL,
                    List.of(),
                    RolloutConfig.fast(),
                    dir.resolve("n.jsonl"),
                    Progress.none()));
    assertTrue(e.getMessage().contains("trafficPool"), e.getMessage());
    RolloutConfig f = RolloutConfig.fast();
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RolloutConfig(
                    0,
                    f.offlineProbesPerHour(),
                    f.shadowMirrorPercent(),
                    f.canaryPercents(),
                    f.shadowMinDuration(),
                    f.canaryMinDuration(),
                    f.stepMaxDuration(),
                    f.minSamplePerArm(),
                    f.maxHours(),
                    f.alpha(),
                    f.maxCardEchoIncrease(),
                    f.maxLengthIncrease(),
                    f.customers(),
                    f.seed(),
                    f.start()));
    assertTrue(
        e.getMessage().contains("trafficPerHour") && e.getMessage().contains("0"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RolloutConfig(
                    f.trafficPerHour(),
                    f.offlineProbesPerHour(),
                    f.shadowMirrorPercent(),
                    List.of(50.0, 10.0),
                    f.shadowMinDuration(),
                    f.canaryMinDuration(),
                    f.stepMaxDuration(),
                    f.minSamplePerArm(),
                    f.maxHours(),
                    f.alpha(),
                    f.maxCardEchoIncrease(),
                    f.maxLengthIncrease(),
                    f.customers(),
                    f.seed(),
                    f.start()));
    assertTrue(e.getMessage().contains("canaryPercents[1]"), e.getMessage());
  }
}
