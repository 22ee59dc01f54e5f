package dev.align4j.examples.poc.run;

import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.Progress;
import dev.align4j.examples.poc.feedback.DesirabilityResult;
import dev.align4j.examples.poc.feedback.DesirabilityStep;
import dev.align4j.examples.poc.feedback.FeedbackResult;
import dev.align4j.examples.poc.feedback.FeedbackStep;
import dev.align4j.examples.poc.policy.CandidateEvaluation;
import dev.align4j.examples.poc.policy.HeldOutGold;
import dev.align4j.examples.poc.policy.KlSource;
import dev.align4j.examples.poc.policy.OfflineEvaluation;
import dev.align4j.examples.poc.policy.PolicyTraining;
import dev.align4j.examples.poc.policy.SupportPolicy;
import dev.align4j.examples.poc.policy.TrainingRun;
import dev.align4j.examples.poc.rollout.RolloutResult;
import dev.align4j.examples.poc.rollout.StagedRollout;
import dev.align4j.examples.poc.scenario.CandidateReply;
import dev.align4j.examples.poc.scenario.Correctness;
import dev.align4j.examples.poc.scenario.Language;
import dev.align4j.examples.poc.scenario.PositionBiasedJudge;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.examples.poc.scenario.SupportScenario;
import dev.align4j.examples.poc.scenario.Tone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The proof of concept's steps in order, on one thread: data, feedback, desirability, SFT, the optimisation runs
 * (DPO, KTO, ORPO, SimPO and GRPO from one SFT start with one step budget, and GRPO against a length-biased proxy
 * watched by the training-health monitor), offline evaluation against the SFT model, and the staged rollout of the
 * chosen candidate and of the over-optimised one.
 *
 * <p>Nothing that trains sees the scenario's gold reward: the reward model learns from the labellers' pairs, the
 * policies from those pairs or from the reward model, and the candidate for the rollout is chosen by the AI judge's
 * length-controlled win rate. The gold reward is read only by the evaluators (the frontier's checkpoints, the offline
 * evaluation's gold column, the rollout's simulated customers), to show what the team could not see.
 */
public final class PocRun {
  /** Name of the proxy run's candidate. */
  public static final String PROXY_RUN = "GRPO vs length proxy";

  private PocRun() {}

  /**
   * Runs every step.
   *
   * @param config sizes and settings
   * @param workDir where the audit files go (created when missing; must not hold audit files of an earlier run)
   * @param progress progress of every long step
   * @param steps called with each step's number and name when it starts (the console prints a heading)
   */
  public static PocResult run(PocConfig config, Path workDir, Progress progress, StepListener steps)
      throws IOException {
    Arguments.nonNull("config", config);
    Arguments.nonNull("workDir", workDir);
    Arguments.nonNull("progress", progress);
    Arguments.nonNull("steps", steps);
    Files.createDirectories(workDir);
    Map<String, Duration> times = new LinkedHashMap<>();
    SupportScenario scenario = SupportScenario.builder().seed(config.seed()).build();

    steps.started(1, "data");
    List<SupportQuestion> train = scenario.questions(config.trainQuestions());
    List<CandidateReply> replies = new ArrayList<>();
    for (SupportQuestion q : train) {
      replies.addAll(scenario.candidates(q, config.repliesPerQuestion()));
    }
    PocResult.DataSummary data = summarise(train, replies);

    steps.started(2, "feedback");
    FeedbackResult feedback =
        timed(
            times,
            "feedback",
            () -> FeedbackStep.run(scenario, train, config.feedback(), progress));

    steps.started(3, "desirability");
    List<SupportQuestion> rewardHeldOut =
        range(scenario, PocConfig.REWARD_HELD_OUT, config.rewardHeldOut());
    DesirabilityResult desirability =
        timed(
            times,
            "desirability",
            () ->
                DesirabilityStep.run(
                    feedback, scenario, rewardHeldOut, config.desirability(), progress));

    steps.started(4, "policy");
    SupportPolicy sft =
        timed(times, "sft", () -> PolicyTraining.sft(replies, train, config.policy(), progress));

    steps.started(5, "optimisation");
    List<SupportQuestion> policyHeldOut =
        range(scenario, PocConfig.POLICY_HELD_OUT, config.policyHeldOut());
    HeldOutGold gold = HeldOutGold.of(policyHeldOut, config.policy().evalSamples());
    List<TrainingRun> runs = new ArrayList<>();
    for (PolicyTraining.Method method : PolicyTraining.Method.values()) {
      runs.add(
          timed(
              times,
              method.name(),
              () ->
                  PolicyTraining.optimise(
                      method,
                      sft,
                      feedback.preferenceExamples(),
                      desirability.reward(),
                      gold,
                      config.policy(),
                      progress)));
    }
    runs.add(
        timed(
            times,
            PROXY_RUN,
            () ->
                PolicyTraining.optimiseAgainstProxy(
                    sft,
                    train,
                    desirability.lengthBiasedProxy(),
                    gold,
                    config.policy(),
                    progress)));

    steps.started(6, "offline evaluation");
    PositionBiasedJudge judge =
        PositionBiasedJudge.builder()
            .seed(config.seed() + 6)
            .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
            .build();
    List<CandidateEvaluation> evaluations = new ArrayList<>();
    long evalStart = System.nanoTime();
    for (TrainingRun r : runs) {
      evaluations.add(
          OfflineEvaluation.evaluate(
              r.name(),
              r.policy(),
              sft,
              KlSource.between(r.policy(), sft, config.policy().evalSamples()),
              policyHeldOut,
              judge,
              config.seed() + 7,
              progress));
    }
    times.put("offline evaluation", Duration.ofNanos(System.nanoTime() - evalStart));
    String chosen = choose(runs, evaluations);

    steps.started(7, "staged rollout");
    List<SupportQuestion> traffic = range(scenario, PocConfig.TRAFFIC, config.trafficQuestions());
    List<RolloutResult> rollouts = new ArrayList<>();
    for (String name : List.of(chosen, PROXY_RUN)) {
      TrainingRun run = runs.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
      Path audit = workDir.resolve("audit-" + name.replaceAll("[^A-Za-z0-9]+", "-") + ".jsonl");
      Files.deleteIfExists(audit);
      rollouts.add(
          timed(
              times,
              "rollout " + name,
              () ->
                  StagedRollout.run(
                      name, sft, run.policy(), traffic, config.rollout(), audit, progress)));
    }
    return new PocResult(
        config,
        data,
        feedback,
        desirability,
        runs,
        evaluations,
        chosen,
        PROXY_RUN,
        rollouts,
        times);
  }

  /** Called when a step starts. */
  @FunctionalInterface
  public interface StepListener {
    /** Step {@code number} ({@code 1 …}) named {@code name} starts. */
    void started(int number, String name);

    /** A listener that ignores the calls. */
    static StepListener none() {
      return (number, name) -> {};
    }
  }

  /**
   * The candidate for the rollout: among the runs the monitor did not stop and whose length-controlled win rate is
   * identified ({@link CandidateEvaluation#lengthControlIdentified()}), the one whose length-controlled win rate
   * against SFT (the AI judge's verdicts, both orders) is highest; ties go to the earlier run. The gold reward plays
   * no part.
   */
  static String choose(List<TrainingRun> runs, List<CandidateEvaluation> evaluations) {
    String best = null;
    double bestRate = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < runs.size(); i++) {
      if (runs.get(i).monitorFiring().isPresent()
          || !evaluations.get(i).lengthControlIdentified()) {
        continue;
      }
      double rate = evaluations.get(i).lengthControlled().lengthControlledWinRate();
      if (rate > bestRate) {
        bestRate = rate;
        best = runs.get(i).name();
      }
    }
    if (best == null) {
      throw new IllegalStateException(
          "the training-health monitor stopped every run; no candidate can be chosen");
    }
    return best;
  }

  private static List<SupportQuestion> range(SupportScenario scenario, int first, int count) {
    List<SupportQuestion> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(scenario.question(first + i));
    }
    return out;
  }

  private static PocResult.DataSummary summarise(
      List<SupportQuestion> questions, List<CandidateReply> replies) {
    int ja = 0;
    int card = 0;
    for (SupportQuestion q : questions) {
      ja += q.language() == Language.JAPANESE ? 1 : 0;
      card += q.cardNumber() != null ? 1 : 0;
    }
    int correct = 0;
    int wrong = 0;
    int rude = 0;
    int echo = 0;
    int padded = 0;
    for (CandidateReply r : replies) {
      correct += r.traits().correctness() == Correctness.CORRECT ? 1 : 0;
      wrong += r.traits().correctness() == Correctness.WRONG ? 1 : 0;
      rude += r.traits().tone() == Tone.RUDE ? 1 : 0;
      echo += r.traits().echoesCardNumber() ? 1 : 0;
      padded += r.traits().paddingSentences() > 0 ? 1 : 0;
    }
    return new PocResult.DataSummary(
        questions.size(), ja, card, replies.size(), correct, wrong, rude, echo, padded);
  }

  private static <T> T timed(Map<String, Duration> times, String name, Supplier<T> step) {
    long start = System.nanoTime();
    T result = step.get();
    times.put(name, Duration.ofNanos(System.nanoTime() - start));
    return result;
  }
}
