package dev.align4j.examples.poc.run;

import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.feedback.DesirabilityResult;
import dev.align4j.examples.poc.feedback.FeedbackResult;
import dev.align4j.examples.poc.policy.CandidateEvaluation;
import dev.align4j.examples.poc.policy.TrainingRun;
import dev.align4j.examples.poc.rollout.RolloutResult;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one proof-of-concept run measured, step by step: what the console summary prints and the report shows.
 *
 * @param config the run's configuration
 * @param data what the generated data holds
 * @param feedback the feedback step (the hand-over from people to the AI labeller)
 * @param desirability the reward model and its evaluation
 * @param runs the optimisation runs from the SFT start, in {@code Method} order, then the proxy run last
 * @param evaluations each run's offline evaluation against the SFT model, in the order of {@code runs}
 * @param chosen the name of the candidate chosen for the rollout: among the runs the monitor did not stop, the one
 *     with the highest length-controlled win rate against SFT (chosen without the gold reward, as a team would)
 * @param overOptimised the name of the over-optimised candidate (the proxy run), sent to the gate as a second line
 *     of defence, as if its monitor alarm had been overlooked
 * @param rollouts the staged rollouts: the chosen candidate's first, then the over-optimised one's
 * @param stepTimes wall time of each step, by step name, in run order
 */
public record PocResult(
    PocConfig config,
    DataSummary data,
    FeedbackResult feedback,
    DesirabilityResult desirability,
    List<TrainingRun> runs,
    List<CandidateEvaluation> evaluations,
    String chosen,
    String overOptimised,
    List<RolloutResult> rollouts,
    Map<String, Duration> stepTimes) {

  /** Validates and copies. */
  public PocResult {
    Arguments.nonNull("config", config);
    Arguments.nonNull("data", data);
    Arguments.nonNull("feedback", feedback);
    Arguments.nonNull("desirability", desirability);
    runs = List.copyOf(Arguments.nonEmpty("runs", runs));
    evaluations = List.copyOf(Arguments.nonEmpty("evaluations", evaluations));
    Arguments.argument(
        runs.size() == evaluations.size(),
        "evaluations must have one entry per run (%s), had %s",
        runs.size(),
        evaluations.size());
    Arguments.nonBlank("chosen", chosen);
    Arguments.nonBlank("overOptimised", overOptimised);
    rollouts = List.copyOf(Arguments.nonEmpty("rollouts", rollouts));
    // a copy that keeps the run order (Map.copyOf would not)
    stepTimes =
        Collections.unmodifiableMap(new LinkedHashMap<>(Arguments.nonNull("stepTimes", stepTimes)));
  }

  /** The run named {@code name}. */
  public TrainingRun run(String name) {
    for (TrainingRun r : runs) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("name must be one of the runs' names, was " + name);
  }

  /** The offline evaluation of the run named {@code name}. */
  public CandidateEvaluation evaluation(String name) {
    for (CandidateEvaluation e : evaluations) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "name must be one of the evaluated runs' names, was " + name);
  }

  /** The staged rollout of the candidate named {@code name}. */
  public RolloutResult rollout(String name) {
    for (RolloutResult r : rollouts) {
      if (r.candidateName().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "name must be one of the rolled-out candidates, was " + name);
  }

  /**
   * What the generated data holds.
   *
   * @param questions training questions
   * @param japaneseQuestions of those, in Japanese
   * @param questionsWithCard of those, with a card number in the question
   * @param replies candidate replies (the SFT data)
   * @param correctReplies replies stating the right fact
   * @param wrongReplies replies stating a wrong fact
   * @param rudeReplies replies with a rude remark
   * @param cardEchoReplies replies that echo the full card number
   * @param paddedReplies replies with at least one filler sentence
   */
  public record DataSummary(
      int questions,
      int japaneseQuestions,
      int questionsWithCard,
      int replies,
      int correctReplies,
      int wrongReplies,
      int rudeReplies,
      int cardEchoReplies,
      int paddedReplies) {}
}
