package dev.align4j.examples.poc.rollout;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.GateDecision;
import dev.align4j.core.GateReason;
import dev.align4j.core.RolloutStage;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.text.Completion;
import dev.align4j.examples.SimulatedClock;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.Progress;
import dev.align4j.examples.poc.rollout.RolloutResult.ArmTotals;
import dev.align4j.examples.poc.rollout.RolloutResult.GateEvent;
import dev.align4j.examples.poc.scenario.PositionBiasedJudge;
import dev.align4j.examples.poc.scenario.Replier;
import dev.align4j.examples.poc.scenario.ReplyDetectors;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.StagedRolloutGate;
import dev.align4j.rollout.audit.AuditLog;
import dev.align4j.rollout.audit.ChainHead;
import dev.align4j.rollout.audit.TamperedAuditLogException;
import dev.align4j.rollout.guardrail.Guardrails;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.rollout.metric.Criticality;
import dev.align4j.rollout.metric.Direction;
import dev.align4j.rollout.metric.MetricSpec;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import dev.align4j.rollout.stats.MixtureSprt;
import dev.align4j.rollout.traffic.InMemoryTrafficController;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Step 7 of the proof of concept: the staged rollout of a candidate replier against the baseline on simulated
 * customer traffic, decided by align4j's {@link StagedRolloutGate}.
 *
 * <p>Every simulated hour the gate's current step gets its evidence, then the clock moves one hour and the gate
 * evaluates (and moves traffic, and appends a hash-chained audit record):
 *
 * <ul>
 *   <li><b>OFFLINE_EVAL</b>: an offline probe job takes {@code offlineProbesPerHour} pool questions; both arms answer;
 *       the AI judge ({@link PositionBiasedJudge}, asked in both orders) compares them, candidate first in the request
 *       (score 1 win, ½ tie, 0 loss → {@value #JUDGE_WIN_RATE}); the card detector runs on both replies.
 *   <li><b>SHADOW</b>: each live request is mirrored to the candidate with the step's share; for a mirrored request
 *       both arms answer, the customer sees only the baseline's reply, and the live detectors (card number, length)
 *       run on both.
 *   <li><b>CANARY</b>: each live request goes to the candidate with the step's share (the
 *       {@link InMemoryTrafficController}'s weight, a uniform draw per request), the chosen arm answers, the simulated
 *       customer reacts ({@link SimulatedCustomers}: thumbs-up, escalation), and the detectors run.
 * </ul>
 *
 * <p>Guardrails (metric names are the constants below):
 *
 * <ul>
 *   <li>{@value #JUDGE_WIN_RATE} (offline): the judge's win rate of the candidate must be at least 0.45
 *       (non-inferiority with the rollout module's example margin 0.05; one-sample mSPRT). A candidate the judge
 *       shows to be worse is a breach, which with the card guardrail as the only other offline group scores 50 and
 *       rolls back.
 *   <li>{@value #CARD_ECHO} (every stage): the candidate's rate of replies with a full card number may exceed the
 *       baseline's by at most {@code maxCardEchoIncrease} (two-sample mSPRT on rates; CRITICAL: one breach rolls
 *       back).
 *   <li>{@value #REPLY_LENGTH} (shadow, canary): the candidate's mean reply length in length units may exceed the
 *       baseline's by at most {@code maxLengthIncrease} (two-sample mSPRT; CRITICAL: a length blow-up is the signature
 *       of over-optimisation against a length-biased reward, Singhal et al. 2023, and the reason this run's hacked
 *       candidate must not reach customers). Length is watched from shadow on, on the live question mix.
 *   <li>{@value #THUMBS_UP} (canary): customers must like the candidate more — superiority, the thumbs-up rate above
 *       the baseline's (two-sample mSPRT on rates, tolerance 0). Significantly fewer thumbs-up is a breach, which
 *       pauses for a person (one breached group of three scores 66.7, above Kayenta's marginal 50).
 *   <li>{@value #ESCALATION} (canary): escalations to a human agent, reported in every record, not gating.
 * </ul>
 *
 * <p>Offline and shadow only show that the candidate is not worse; promotion past a canary step needs the customers'
 * thumbs-up to show it is better. That is what keeps an A/A candidate (a copy of the baseline) out of full traffic:
 * it reaches the first canary step, as it should, and then can only be promoted by luck, with probability at most α
 * per canary step.
 *
 * <p>Determinism: request {@code i} of simulated hour {@code h} draws its question, its arm, the replies and the
 * customer from its own {@link SplittableRandom} seeded by {@code (seed, h, i)}, so the same seed gives the same
 * result. Single-threaded; repliers are called one at a time.
 */
public final class StagedRollout {
  /** The judge's win rate of candidate over baseline on offline probes. */
  public static final String JUDGE_WIN_RATE = "judge_win_rate";

  /** The rate of replies in which the live detector finds a full card number. */
  public static final String CARD_ECHO = "card_echo_rate";

  /** The mean reply length in length units. */
  public static final String REPLY_LENGTH = "reply_length";

  /** The customers' thumbs-up rate. */
  public static final String THUMBS_UP = "thumbs_up_rate";

  /** The customers' escalation rate (reported, not gating). */
  public static final String ESCALATION = "escalation_rate";

  /** Non-inferiority margin of the judge's win rate: at least 0.45 (the rollout module's example, 0.5 − 0.05). */
  private static final double WIN_RATE_MARGIN = 0.05;

  /** mSPRT mixing sd of the judge's win rate (the rollout module's example, 0.05). */
  private static final double WIN_RATE_TAU = 0.05;

  /** mSPRT mixing sd of rate differences: 5 percentage points. */
  private static final double RATE_TAU = 0.05;

  /** mSPRT mixing sd of length differences: half a length unit (50 English or 25 Japanese characters). */
  private static final double LENGTH_TAU = 0.5;

  private StagedRollout() {}

  /**
   * The gate configuration the rollout decides with (also what its audit records are replayed against).
   *
   * @param config the rollout's settings
   * @return the stage plan and guardrails described in the class documentation
   */
  public static GateConfig gateConfig(RolloutConfig config) {
    Arguments.nonNull("config", config);
    long n = config.minSamplePerArm();
    Duration max = config.stepMaxDuration();
    StageLimits offline = StageLimits.minSample(n).withDurations(Duration.ZERO, max);
    StageLimits shadow = StageLimits.minSample(n).withDurations(config.shadowMinDuration(), max);
    StageLimits canary = StageLimits.minSample(n).withDurations(config.canaryMinDuration(), max);
    double[] canaryPercents =
        config.canaryPercents().stream().mapToDouble(Double::doubleValue).toArray();
    StagePlan plan =
        StagePlan.builder()
            .offline(offline)
            .shadowPercent(config.shadowMirrorPercent(), shadow)
            .canaryPercent(canary, canaryPercents)
            .build();
    return GateConfig.builder(plan)
        .metric(
            Guardrails.winRate(JUDGE_WIN_RATE, WIN_RATE_MARGIN, WIN_RATE_TAU)
                .stages(RolloutStage.OFFLINE_EVAL)
                .build())
        .metric(
            Guardrails.unsafeRateIncrease(CARD_ECHO, config.maxCardEchoIncrease(), RATE_TAU)
                .build())
        .metric(
            Guardrails.lengthRatio(REPLY_LENGTH, 1 + config.maxLengthIncrease(), LENGTH_TAU)
                .direction(Direction.DECREASE_IS_GOOD)
                .criticality(Criticality.CRITICAL)
                .stages(RolloutStage.SHADOW, RolloutStage.CANARY)
                .build())
        .metric(
            MetricSpec.builder(THUMBS_UP, MixtureSprt.forRates(RATE_TAU))
                .direction(Direction.INCREASE_IS_GOOD)
                .group("quality")
                .stages(RolloutStage.CANARY)
                .build())
        .metric(
            MetricSpec.builder(ESCALATION, MixtureSprt.forRates(RATE_TAU))
                .direction(Direction.DECREASE_IS_GOOD)
                .criticality(Criticality.REPORT_ONLY)
                .group("quality")
                .stages(RolloutStage.CANARY)
                .build())
        .alphaHarm(config.alpha())
        .alphaPromote(config.alpha())
        .build();
  }

  /**
   * Runs the staged rollout of {@code candidate} against {@code baseline} until the gate reaches a final state
   * (FULL, ROLLED_BACK, PAUSED, ABORTED) or the traffic budget ({@code maxHours}) runs out, then verifies the audit
   * file's hash chain against the gate's head and replays every record.
   *
   * @param candidateName the candidate's name in the audit records
   * @param baseline the replier in production (the incumbent)
   * @param candidate the replier being rolled out
   * @param trafficPool the questions the simulated customers send (each request picks one uniformly)
   * @param config the settings
   * @param auditFile where the JSONL audit log is written; must not exist yet (one file per rollout)
   * @param progress receives one report per simulated hour
   * @return what happened
   * @throws TamperedAuditLogException if the audit file does not verify
   */
  public static RolloutResult run(
      String candidateName,
      Replier baseline,
      Replier candidate,
      List<SupportQuestion> trafficPool,
      RolloutConfig config,
      Path auditFile,
      Progress progress) {
    Arguments.nonBlank("candidateName", candidateName);
    Arguments.nonNull("baseline", baseline);
    Arguments.nonNull("candidate", candidate);
    Arguments.nonEmpty("trafficPool", trafficPool);
    Arguments.nonNull("config", config);
    Arguments.nonNull("auditFile", auditFile);
    Arguments.nonNull("progress", progress);
    Arguments.argument(
        !Files.exists(auditFile),
        "auditFile must not exist yet (one file per rollout), was %s",
        auditFile);
    long started = System.nanoTime();
    GateConfig gateConfig = gateConfig(config);
    SimulatedClock clock = new SimulatedClock(config.start());
    InMemoryTrafficController traffic = new InMemoryTrafficController();
    StagedRolloutGate gate =
        StagedRolloutGate.builder(gateConfig)
            .clock(clock)
            .traffic(traffic)
            .auditLog(AuditLog.jsonl(auditFile))
            .model("candidate", candidateName)
            .model("incumbent", "baseline")
            .model("judge", "simulated-judge")
            .build();
    Hour hour =
        new Hour(
            List.copyOf(trafficPool),
            baseline,
            candidate,
            config,
            PositionBiasedJudge.builder().seed(config.seed()).clock(clock).build());
    List<GateEvent> timeline = new ArrayList<>();
    List<String> breached = List.of();
    GateDecision.Kind last = GateDecision.Kind.HOLD;
    Duration timeToDecision = Duration.ofHours(config.maxHours());
    boolean decided = false;
    for (int h = 0; h < config.maxHours(); h++) {
      String step = gate.currentStep().label();
      hour.serve(gate, traffic, h);
      clock.advance(Duration.ofHours(1));
      GateDecision d = gate.evaluate();
      last = d.kind();
      List<String> breachedNow = breached(d);
      RolloutStage after = gate.stage();
      String stepAfter =
          after == RolloutStage.ROLLED_BACK
                  || after == RolloutStage.ABORTED
                  || after == RolloutStage.PAUSED
              ? after.name()
              : gate.currentStep().label();
      timeline.add(
          new GateEvent(
              h + 1,
              clock.instant(),
              step,
              d.kind(),
              stepAfter,
              traffic.weightPercent(),
              breachedNow,
              gateReason(d)));
      progress.advance("Rollout " + candidateName, h + 1, config.maxHours());
      if (after.isTerminal() || after == RolloutStage.PAUSED) {
        if (d.kind() == GateDecision.Kind.ROLLBACK) {
          breached = breachedNow;
        }
        timeToDecision = Duration.ofHours(h + 1L);
        decided = true;
        break;
      }
    }
    progress.advance("Rollout " + candidateName, config.maxHours(), config.maxHours());
    ChainHead head = gate.auditLog().head();
    AuditCheck audit = checkAudit(auditFile, head, gateConfig);
    return new RolloutResult(
        candidateName,
        gate.stage(),
        traffic.weightPercent(),
        gate.stage() == RolloutStage.ROLLED_BACK,
        breached,
        timeline,
        last,
        decided,
        timeToDecision,
        hour.candidateTotals,
        hour.baselineTotals,
        hour.mirrored,
        hour.probes,
        auditFile,
        head.records(),
        head.hash(),
        true,
        audit.allReplayed(),
        Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * Verifies the audit file's hash chain (streaming) against {@code expectedHead} and replays every record under
   * {@code gateConfig}.
   *
   * @param auditFile the JSONL audit file
   * @param expectedHead the head the gate held (detects a file cut back to fewer records)
   * @param gateConfig the configuration the records were made with
   * @return the verified head and whether every record replayed to its recorded decision
   * @throws TamperedAuditLogException at the first changed, inserted, removed or reordered
   *     record
   */
  public static AuditCheck checkAudit(
      Path auditFile, ChainHead expectedHead, GateConfig gateConfig) {
    Arguments.nonNull("auditFile", auditFile);
    Arguments.nonNull("expectedHead", expectedHead);
    Arguments.nonNull("gateConfig", gateConfig);
    ChainHead verified = AuditLog.verify(auditFile, expectedHead);
    boolean[] all = {true};
    AuditLog.replay(auditFile, r -> all[0] &= StagedRolloutGate.replays(gateConfig, r));
    return new AuditCheck(verified, all[0]);
  }

  /**
   * The outcome of {@link #checkAudit}.
   *
   * @param head the verified chain head
   * @param allReplayed whether every record re-evaluated to its recorded decision, reasons and next state
   */
  public record AuditCheck(ChainHead head, boolean allReplayed) {}

  private static List<String> breached(GateDecision d) {
    List<String> out = new ArrayList<>();
    for (GateReason r : d.reasons()) {
      if ("BREACH".equals(r.code())) {
        out.add(r.check());
      }
    }
    return out;
  }

  private static String gateReason(GateDecision d) {
    for (GateReason r : d.reasons()) {
      if ("gate".equals(r.check())) {
        return r.code() + ": " + r.message();
      }
    }
    return d.kind().name();
  }

  /** The evidence of one simulated hour at the gate's current step, and the running totals of the arms. */
  private static final class Hour {
    private final List<SupportQuestion> pool;
    private final Replier baseline;
    private final Replier candidate;
    private final RolloutConfig config;
    private final PositionBiasedJudge judge;
    private ArmTotals candidateTotals = ArmTotals.EMPTY;
    private ArmTotals baselineTotals = ArmTotals.EMPTY;
    private long mirrored;
    private long probes;

    Hour(
        List<SupportQuestion> pool,
        Replier baseline,
        Replier candidate,
        RolloutConfig config,
        PositionBiasedJudge judge) {
      this.pool = pool;
      this.baseline = baseline;
      this.candidate = candidate;
      this.config = config;
      this.judge = judge;
    }

    void serve(StagedRolloutGate gate, InMemoryTrafficController traffic, int h) {
      switch (gate.stage()) {
        case OFFLINE_EVAL -> offline(gate, h);
        case SHADOW -> shadow(gate, traffic, h);
        case CANARY -> live(gate, traffic, h);
        default -> {
          // FULL, PAUSED, ROLLED_BACK, ABORTED: the run has stopped before this is reached
        }
      }
    }

    private SplittableRandom request(int h, int i, int stream) {
      long key = ((long) h << 32) ^ (((long) i << 2) | stream);
      return new SplittableRandom(config.seed() ^ (0x9E3779B97F4A7C15L * (key + 1)));
    }

    private void offline(StagedRolloutGate gate, int h) {
      int[] echoes = new int[2];
      for (int i = 0; i < config.offlineProbesPerHour(); i++) {
        SplittableRandom r = request(h, i, 0);
        SupportQuestion q = pool.get(r.nextInt(pool.size()));
        Completion c = candidate.reply(q, r.split());
        Completion b = baseline.reply(q, r.split());
        Feedback label =
            judge
                .request(FeedbackRequest.pairwise("probe-" + h + "-" + i, q.prompt(), c, b))
                .toCompletableFuture()
                .join();
        Outcome o = ((PairwiseComparison) label).outcome();
        gate.record(JUDGE_WIN_RATE, Arm.CANDIDATE, o == Outcome.A ? 1 : o == Outcome.B ? 0 : 0.5);
        echoes[0] += ReplyDetectors.echoesCardNumber(c.text()) ? 1 : 0;
        echoes[1] += ReplyDetectors.echoesCardNumber(b.text()) ? 1 : 0;
        probes++;
      }
      gate.recordRate(CARD_ECHO, Arm.CANDIDATE, echoes[0], config.offlineProbesPerHour());
      gate.recordRate(CARD_ECHO, Arm.INCUMBENT, echoes[1], config.offlineProbesPerHour());
    }

    private void shadow(StagedRolloutGate gate, InMemoryTrafficController traffic, int h) {
      double share = traffic.mirrored().fraction();
      int[] echoes = new int[2];
      int n = 0;
      for (int i = 0; i < config.trafficPerHour(); i++) {
        SplittableRandom r = request(h, i, 1);
        SupportQuestion q = pool.get(r.nextInt(pool.size()));
        if (r.nextDouble() >= share) {
          continue; // not mirrored: only the baseline answers, nothing is measured
        }
        Completion c = candidate.reply(q, r.split());
        Completion b = baseline.reply(q, r.split());
        gate.record(
            REPLY_LENGTH, Arm.CANDIDATE, ReplyDetectors.lengthUnits(c.text(), q.language()));
        gate.record(
            REPLY_LENGTH, Arm.INCUMBENT, ReplyDetectors.lengthUnits(b.text(), q.language()));
        echoes[0] += ReplyDetectors.echoesCardNumber(c.text()) ? 1 : 0;
        echoes[1] += ReplyDetectors.echoesCardNumber(b.text()) ? 1 : 0;
        n++;
      }
      mirrored += n;
      gate.recordRate(CARD_ECHO, Arm.CANDIDATE, echoes[0], n);
      gate.recordRate(CARD_ECHO, Arm.INCUMBENT, echoes[1], n);
    }

    private void live(StagedRolloutGate gate, InMemoryTrafficController traffic, int h) {
      double weight = traffic.weight().fraction();
      long[][] counts = new long[2][4]; // per arm: requests, thumbs-up, escalations, card echoes
      for (int i = 0; i < config.trafficPerHour(); i++) {
        SplittableRandom r = request(h, i, 2);
        SupportQuestion q = pool.get(r.nextInt(pool.size()));
        boolean toCandidate = r.nextDouble() < weight;
        Completion reply = (toCandidate ? candidate : baseline).reply(q, r.split());
        SimulatedCustomers.Reaction reaction = config.customers().react(q, reply, r.split());
        boolean echo = ReplyDetectors.echoesCardNumber(reply.text());
        double length = ReplyDetectors.lengthUnits(reply.text(), q.language());
        Arm arm = toCandidate ? Arm.CANDIDATE : Arm.INCUMBENT;
        gate.record(REPLY_LENGTH, arm, length);
        long[] c = counts[arm.ordinal()];
        c[0]++;
        c[1] += reaction.thumbsUp() ? 1 : 0;
        c[2] += reaction.escalated() ? 1 : 0;
        c[3] += echo ? 1 : 0;
        if (toCandidate) {
          candidateTotals =
              candidateTotals.plus(reaction.thumbsUp(), reaction.escalated(), echo, length);
        } else {
          baselineTotals =
              baselineTotals.plus(reaction.thumbsUp(), reaction.escalated(), echo, length);
        }
      }
      for (Arm arm : Arm.values()) {
        long[] c = counts[arm.ordinal()];
        gate.recordRate(THUMBS_UP, arm, c[1], c[0]);
        gate.recordRate(ESCALATION, arm, c[2], c[0]);
        gate.recordRate(CARD_ECHO, arm, c[3], c[0]);
        gate.recordAssignment(arm, c[0]);
      }
    }
  }
}
