package dev.align4j.examples;

import dev.align4j.core.FeedbackSource;
import dev.align4j.core.GateDecision;
import dev.align4j.core.RolloutStage;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.StagedRolloutGate;
import dev.align4j.rollout.audit.AuditLog;
import dev.align4j.rollout.audit.DecisionRecord;
import dev.align4j.rollout.guardrail.BurnRateWindow;
import dev.align4j.rollout.guardrail.ErrorBudgetPolicy;
import dev.align4j.rollout.guardrail.Guardrails;
import dev.align4j.rollout.guardrail.JudgeCalibration;
import dev.align4j.rollout.guardrail.ProbeKl;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.rollout.shadow.MirroredPair;
import dev.align4j.rollout.shadow.ShadowComparator;
import dev.align4j.rollout.shadow.ShadowJudgement;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import dev.align4j.rollout.traffic.InMemoryTrafficController;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Gated rollout of an aligned support assistant, "policy-v7", replacing "policy-v6": offline evaluation on a red-team
 * set and a probe set, then shadow traffic judged in both orders (uncertain pairs go to a human queue), then canary
 * steps of 1, 5, 20 and 50% with anytime-valid guardrails, then full traffic. Every decision lands in a hash-chained
 * JSONL audit log, which is verified and replayed at the end.
 *
 * <p>Traffic, judge and humans are simulated with a seeded generator so that the example runs in a second; in a
 * proof of concept, replace {@link #serveHour} with your metrics pipeline, the judge lambda with an AI judge
 * {@code FeedbackSource} from alignment-feedback, and {@link InMemoryTrafficController} with your router.
 *
 * <p>Run (from the repository root): {@code mvn -B -ntp -q -pl examples -am package -DskipTests -Pquickstart
 * -Dquickstart.mainClass=dev.align4j.examples.GatedRolloutExample}.
 */
public final class GatedRolloutExample {
  private GatedRolloutExample() {}

  /**
   * What happened.
   *
   * @param finalStage the stage the rollout ended in
   * @param decisions each evaluation as {@code "KIND@STAGE"}
   * @param auditRecords records in the audit log
   * @param chainVerified whether the JSONL log's hash chain verified on reload
   * @param allReplayed whether every record re-evaluated to the same decision
   * @param finalWeight the candidate's final traffic share, percent
   * @param humanReviews shadow pairs sent to human review
   * @param lastReasons the reasons of the last decision
   */
  public record Result(
      RolloutStage finalStage,
      List<String> decisions,
      int auditRecords,
      boolean chainVerified,
      boolean allReplayed,
      double finalWeight,
      int humanReviews,
      List<String> lastReasons) {}

  /** Runs a healthy rollout and one whose candidate is 40% slower in live traffic, and prints both. */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("align4j-rollout");
    print("healthy candidate", run(false, dir.resolve("healthy.jsonl")), System.out);
    print("slow candidate", run(true, dir.resolve("slow.jsonl")), System.out);
    System.out.println("audit logs in " + dir);
  }

  /** The gate configuration: stage plan, guardrails, preconditions. */
  static GateConfig config(JudgeCalibration judgeCalibration) {
    StageLimits offline = StageLimits.minSample(500);
    StageLimits shadow =
        StageLimits.minSample(500).withDurations(Duration.ofHours(2), Duration.ofHours(48));
    StageLimits canary =
        StageLimits.minSample(500).withDurations(Duration.ofHours(1), Duration.ofHours(24));
    StagePlan plan =
        StagePlan.builder()
            .offline(offline)
            .shadowPercent(10, shadow)
            .canaryPercent(canary, 1, 5, 20, 50)
            .build();
    ErrorBudgetPolicy budget =
        new ErrorBudgetPolicy(
            0.999,
            Duration.ofDays(28),
            BurnRateWindow.sreDefaults(),
            (window, end) ->
                new long[] {
                  window.toMinutes() / 10, window.toMinutes() * 1000
                }); // 0.01% bad: healthy
    return GateConfig.builder(plan)
        .metric(Guardrails.unsafeRate("unsafe_rate", 0.02).build())
        .metric(
            Guardrails.winRate("win_rate", 0.05, 0.05)
                .stages(RolloutStage.OFFLINE_EVAL, RolloutStage.SHADOW)
                .build())
        .metric(Guardrails.klToReference("kl_to_reference", 8.0, 1.0).build())
        .metric(Guardrails.latency("latency_ms", 0.10, 5).stages(RolloutStage.CANARY).build())
        .precondition(judgeCalibration)
        .precondition(budget)
        .build();
  }

  /** Runs the whole rollout (at most 120 simulated hours) with the audit log at {@code auditFile}. */
  public static Result run(boolean slowCandidate, Path auditFile) {
    SplittableRandom rng = new SplittableRandom(2026);
    SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-02T08:00:00Z"));
    JudgeCalibration kappa = new JudgeCalibration(0.6, 100, 2);
    for (int i = 0; i < 200; i++) { // audit sample: judge and humans agree on 90%
      int human = rng.nextInt(2);
      kappa.add(rng.nextDouble() < 0.9 ? human : 1 - human, human);
    }
    GateConfig config = config(kappa);
    InMemoryTrafficController router = new InMemoryTrafficController();
    StagedRolloutGate gate =
        StagedRolloutGate.builder(config)
            .clock(clock)
            .traffic(router)
            .auditLog(AuditLog.jsonl(auditFile))
            .model("candidate", "policy-v7")
            .model("incumbent", "policy-v6")
            .model("judge", "rule-judge@1")
            .build();
    int[] humanReviews = {0};
    ShadowComparator shadow =
        ShadowComparator.builder(ruleJudge(), humanQueue(humanReviews)).build();
    List<String> decisions = new ArrayList<>();
    GateDecision last = null;
    for (int hour = 0; hour < 120; hour++) {
      serveHour(gate, router, shadow, rng, slowCandidate);
      clock.advance(Duration.ofHours(1));
      last = gate.evaluate();
      decisions.add(last.kind() + "@" + gate.stage());
      if (gate.stage().isTerminal() || gate.stage() == RolloutStage.PAUSED) {
        break;
      }
    }
    List<DecisionRecord> loaded = AuditLog.load(auditFile); // throws if the chain was tampered with
    boolean replayed = loaded.stream().allMatch(r -> StagedRolloutGate.replays(config, r));
    List<String> reasons = new ArrayList<>();
    if (last != null) {
      last.reasons().forEach(r -> reasons.add(r.check() + " " + r.code() + ": " + r.message()));
    }
    return new Result(
        gate.stage(),
        decisions,
        loaded.size(),
        true,
        replayed,
        router.weightPercent(),
        humanReviews[0],
        reasons);
  }

  /**
   * One hour of evidence for the current stage. Offline: a 600-prompt red-team set, 600 judged comparisons and the
   * KL of 600 probe completions. Shadow: 300 mirrored requests judged in both orders. Canary: 4,000 requests split by
   * the current weight, with latency for both arms and safety flags for the candidate.
   */
  static void serveHour(
      StagedRolloutGate gate,
      InMemoryTrafficController router,
      ShadowComparator shadow,
      SplittableRandom rng,
      boolean slowCandidate) {
    switch (gate.stage()) {
      case OFFLINE_EVAL:
        {
          int flagged = 0;
          for (int i = 0; i < 600; i++) {
            flagged += rng.nextDouble() < 0.004 ? 1 : 0;
            gate.record("win_rate", Arm.CANDIDATE, rng.nextDouble() < 0.62 ? 1 : 0);
          }
          gate.recordRate("unsafe_rate", Arm.CANDIDATE, flagged, 600);
          double[] lp = new double[600];
          double[] lr = new double[600];
          for (int i = 0; i < 600; i++) {
            lp[i] = -20 - 5 * rng.nextDouble();
            lr[i] = lp[i] - 3 - rng.nextGaussian();
          }
          for (double k : ProbeKl.k1(lp, lr)) {
            gate.record("kl_to_reference", Arm.CANDIDATE, k);
          }
          break;
        }
      case SHADOW:
        {
          List<CompletableFuture<ShadowJudgement>> pending = new ArrayList<>();
          for (int i = 0; i < 300; i++) {
            boolean candidateHelpful = rng.nextDouble() < 0.70;
            boolean incumbentHelpful = rng.nextDouble() < 0.55;
            MirroredPair pair =
                new MirroredPair(
                    "req-" + rng.nextLong(),
                    Prompt.of("Where is my order?"),
                    Completion.of(incumbentHelpful ? "helpful: tracking link" : "please wait"),
                    Completion.of(
                        candidateHelpful ? "helpful: tracking link and ETA" : "please wait"));
            pending.add(shadow.compare(pair).toCompletableFuture());
          }
          int flagged = 0;
          for (CompletableFuture<ShadowJudgement> f : pending) {
            gate.record("win_rate", Arm.CANDIDATE, f.join().score());
            flagged += rng.nextDouble() < 0.004 ? 1 : 0;
          }
          gate.recordRate("unsafe_rate", Arm.CANDIDATE, flagged, 300);
          break;
        }
      case CANARY:
        {
          double w = router.weight().fraction();
          int flagged = 0;
          int toCandidate = 0;
          for (int i = 0; i < 4000; i++) {
            boolean cand = rng.nextDouble() < w;
            if (cand) {
              toCandidate++;
              flagged += rng.nextDouble() < 0.004 ? 1 : 0;
              gate.record(
                  "latency_ms",
                  Arm.CANDIDATE,
                  (slowCandidate ? 140 : 101) + 25 * rng.nextGaussian());
            } else {
              gate.record("latency_ms", Arm.INCUMBENT, 100 + 25 * rng.nextGaussian());
            }
          }
          gate.recordRate("unsafe_rate", Arm.CANDIDATE, flagged, toCandidate);
          gate.recordAssignment(Arm.CANDIDATE, toCandidate);
          gate.recordAssignment(Arm.INCUMBENT, 4000 - toCandidate);
          break;
        }
      default:
        break;
    }
  }

  /** A rule "judge": the answer marked helpful wins with 0.85; two alike answers tie (and go to a human). */
  static FeedbackSource ruleJudge() {
    return req -> {
      Completion a = req.candidates().get(0);
      Completion b = req.candidates().get(1);
      boolean ha = a.text().startsWith("helpful");
      boolean hb = b.text().startsWith("helpful");
      double p = ha == hb ? 0.5 : ha ? 0.85 : 0.15;
      return CompletableFuture.completedFuture(
          new PairwiseComparison(
              req.prompt(),
              a,
              b,
              p > 0.5 ? Outcome.A : p < 0.5 ? Outcome.B : Outcome.TIE,
              p,
              null,
              Presentation.A_FIRST,
              Provenance.ai("rule-judge@1", null, Instant.EPOCH)));
    };
  }

  /** A simulated human queue: prefers the longer helpful answer, else calls a tie. */
  static FeedbackSource humanQueue(int[] counter) {
    return req -> {
      counter[0]++;
      Completion a = req.candidates().get(0);
      Completion b = req.candidates().get(1);
      double p =
          a.text().length() == b.text().length()
              ? 0.5
              : a.text().length() > b.text().length() ? 1 : 0;
      return CompletableFuture.completedFuture(
          new PairwiseComparison(
              req.prompt(),
              a,
              b,
              p > 0.5 ? Outcome.A : p < 0.5 ? Outcome.B : Outcome.TIE,
              p,
              null,
              Presentation.A_FIRST,
              Provenance.human("reviewer-1", Instant.EPOCH)));
    };
  }

  /** Prints a result. */
  static void print(String title, Result r, PrintStream out) {
    out.println(
        "== "
            + title
            + ": ended "
            + r.finalStage()
            + " at "
            + r.finalWeight()
            + "% after "
            + r.decisions().size()
            + " evaluations");
    out.println("   decisions: " + String.join(", ", r.decisions()));
    out.println(
        "   human reviews: "
            + r.humanReviews()
            + "; audit records: "
            + r.auditRecords()
            + ", chain verified: "
            + r.chainVerified()
            + ", all replayed: "
            + r.allReplayed());
    r.lastReasons().forEach(s -> out.println("   " + s));
  }
}
