package dev.align4j.examples.poc.run;

import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.feedback.DesirabilityConfig;
import dev.align4j.examples.poc.feedback.FeedbackConfig;
import dev.align4j.examples.poc.policy.PolicyConfig;
import dev.align4j.examples.poc.rollout.RolloutConfig;

/**
 * The sizes and settings of one proof-of-concept run: how many questions each step sees, and each step's own
 * configuration. {@link #full()} is the README run; {@link #fast()} is the CI test's run (the same code path, smaller
 * sizes). One seed fixes every number of a run; {@link #withSeed} passes it to every step.
 *
 * <p>The questions are split by index so that no step evaluates on what another step trained on: the training
 * questions are {@code 0 … trainQuestions−1} (their candidate replies are the SFT data and the pairs put to the
 * labellers), the reward model's held-out questions start at {@link #REWARD_HELD_OUT}, the policy's held-out
 * questions at {@link #POLICY_HELD_OUT} and the rollout's traffic at {@link #TRAFFIC}.
 *
 * @param trainQuestions questions whose candidate replies are the SFT data and the feedback pairs
 * @param repliesPerQuestion candidate replies generated per training question (the mixed-quality SFT data)
 * @param rewardHeldOut held-out questions of the reward model's RewardBench-style evaluation
 * @param policyHeldOut held-out questions of the frontier checkpoints and the offline evaluation
 * @param trafficQuestions questions the simulated customers of the rollout ask
 * @param feedback the feedback step
 * @param desirability the desirability step
 * @param policy the policy and optimisation steps
 * @param rollout the staged rollout
 * @param seed the seed of the scenario and of every step
 */
public record PocConfig(
    int trainQuestions,
    int repliesPerQuestion,
    int rewardHeldOut,
    int policyHeldOut,
    int trafficQuestions,
    FeedbackConfig feedback,
    DesirabilityConfig desirability,
    PolicyConfig policy,
    RolloutConfig rollout,
    long seed) {

  /** First index of the reward model's held-out questions. */
  public static final int REWARD_HELD_OUT = 100_000;

  /** First index of the policy's held-out questions. */
  public static final int POLICY_HELD_OUT = 200_000;

  /** First index of the rollout's traffic questions. */
  public static final int TRAFFIC = 300_000;

  /** Validates. */
  public PocConfig {
    Arguments.argument(
        trainQuestions >= 1 && trainQuestions < REWARD_HELD_OUT,
        "trainQuestions must be in [1, %s), was %s",
        REWARD_HELD_OUT,
        trainQuestions);
    Arguments.argument(
        repliesPerQuestion >= 2, "repliesPerQuestion must be >= 2, was %s", repliesPerQuestion);
    Arguments.argument(rewardHeldOut >= 1, "rewardHeldOut must be >= 1, was %s", rewardHeldOut);
    Arguments.argument(policyHeldOut >= 1, "policyHeldOut must be >= 1, was %s", policyHeldOut);
    Arguments.argument(
        trafficQuestions >= 1, "trafficQuestions must be >= 1, was %s", trafficQuestions);
    Arguments.nonNull("feedback", feedback);
    Arguments.nonNull("desirability", desirability);
    Arguments.nonNull("policy", policy);
    Arguments.nonNull("rollout", rollout);
  }

  /**
   * The README run: 600 training questions with 4 candidate replies each, 200 held-out questions for the reward model
   * and 200 for the policy, 400 traffic questions, and each step's {@code full()} configuration.
   */
  public static PocConfig full() {
    return new PocConfig(
        600,
        4,
        200,
        200,
        400,
        FeedbackConfig.full(),
        DesirabilityConfig.full(),
        PolicyConfig.full(),
        RolloutConfig.full(),
        18);
  }

  /**
   * The CI run: 200 training questions, 80 held-out questions for the reward model and 32 for the policy, 200
   * traffic questions, and each step's {@code fast()} configuration.
   */
  public static PocConfig fast() {
    return new PocConfig(
        200,
        4,
        80,
        32,
        200,
        FeedbackConfig.fast(),
        DesirabilityConfig.fast(),
        PolicyConfig.fast(),
        RolloutConfig.fast(),
        18);
  }

  /**
   * A copy with other unit costs of a label (the report's cost figures; the defaults are the feedback step's
   * assumptions, {@link FeedbackConfig#full()}).
   *
   * @param humanCostPerLabel cost of one human label, in a currency unit
   * @param aiCostPerLabel cost of one AI label, in the same unit
   */
  public PocConfig withLabelCosts(double humanCostPerLabel, double aiCostPerLabel) {
    return new PocConfig(
        trainQuestions,
        repliesPerQuestion,
        rewardHeldOut,
        policyHeldOut,
        trafficQuestions,
        feedback.withCosts(humanCostPerLabel, aiCostPerLabel),
        desirability,
        policy,
        rollout,
        seed);
  }

  /** A copy whose scenario and steps all use {@code newSeed}. */
  public PocConfig withSeed(long newSeed) {
    return new PocConfig(
        trainQuestions,
        repliesPerQuestion,
        rewardHeldOut,
        policyHeldOut,
        trafficQuestions,
        feedback.withSeed(newSeed),
        desirability.withSeed(newSeed),
        policy.withSeed(newSeed),
        rollout.withSeed(newSeed),
        newSeed);
  }
}
