package dev.align4j.examples.poc.rollout;

import dev.align4j.core.text.Completion;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.scenario.GoldReward;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import java.util.SplittableRandom;

/**
 * The simulated customers of the rollout: how a customer reacts to a reply. They stand for the business's real
 * outcome, so they read the scenario's hidden {@link GoldReward} (an evaluator, on the isolation test's allowed list);
 * the gate sees only their thumbs-up and escalations, as a production system would.
 *
 * <p>With {@code g} the gold reward of the reply and σ the logistic function, a customer
 *
 * <pre>
 *   gives a thumbs-up        with probability σ(slope · (g − thumbsUpMidpoint))
 *   escalates (asks a human) with probability σ(−slope · (g − escalationMidpoint))
 * </pre>
 *
 * <p>drawn independently. Defaults (this project's choice, not measured on real customers): slope 1.5 per gold unit,
 * thumbs-up midpoint 1.0 (a correct reply with neither courtesy nor padding, gold 2, is liked 82% of the time; a
 * vague neutral one, gold 0, 18%), escalation midpoint −1.0 (a wrong reply, gold −2, escalates 82% of the time; an
 * ideal one, gold 2.5, 0.5%).
 *
 * @param slope logistic slope in 1/gold units, {@code > 0}
 * @param thumbsUpMidpoint the gold reward at which a thumbs-up is a coin flip
 * @param escalationMidpoint the gold reward at which an escalation is a coin flip
 */
public record SimulatedCustomers(double slope, double thumbsUpMidpoint, double escalationMidpoint) {
  private static final GoldReward GOLD = new GoldReward();

  /** Validates. */
  public SimulatedCustomers {
    Arguments.argument(
        slope > 0 && Double.isFinite(slope), "slope must be finite and > 0, was %s", slope);
    Arguments.finite("thumbsUpMidpoint", thumbsUpMidpoint);
    Arguments.finite("escalationMidpoint", escalationMidpoint);
  }

  /** The defaults above. */
  public static SimulatedCustomers defaults() {
    return new SimulatedCustomers(1.5, 1.0, -1.0);
  }

  /**
   * One customer's reaction to {@code reply} to {@code question}, with two uniform draws from {@code random}.
   *
   * @return the reaction
   */
  public Reaction react(SupportQuestion question, Completion reply, SplittableRandom random) {
    Arguments.nonNull("question", question);
    Arguments.nonNull("reply", reply);
    Arguments.nonNull("random", random);
    double g = GOLD.score(question.prompt(), reply);
    boolean thumbsUp = random.nextDouble() < thumbsUpProbability(g);
    boolean escalated = random.nextDouble() < escalationProbability(g);
    return new Reaction(thumbsUp, escalated);
  }

  /** σ(slope · (g − thumbsUpMidpoint)). */
  public double thumbsUpProbability(double gold) {
    return sigmoid(slope * (gold - thumbsUpMidpoint));
  }

  /** σ(−slope · (g − escalationMidpoint)). */
  public double escalationProbability(double gold) {
    return sigmoid(-slope * (gold - escalationMidpoint));
  }

  private static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  /**
   * What one customer did.
   *
   * @param thumbsUp whether they rated the reply helpful
   * @param escalated whether they asked for a human agent
   */
  public record Reaction(boolean thumbsUp, boolean escalated) {}
}
