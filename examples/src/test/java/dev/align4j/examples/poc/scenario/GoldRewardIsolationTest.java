package dev.align4j.examples.poc.scenario;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.align4j.examples.arch.NoTestClasses;
import dev.align4j.examples.poc.feedback.GoldLabelledPairs;
import dev.align4j.examples.poc.policy.HeldOutGold;
import dev.align4j.examples.poc.rollout.SimulatedCustomers;

/**
 * The gold reward stays hidden: in main code only the labeller simulation ({@code PerceivedQuality}, standing for
 * the people whose judgement the gold reward is) reads it. A class that evaluates a run may be added here on purpose;
 * a trainer, router or reward model never.
 */
@AnalyzeClasses(packages = "dev.align4j", importOptions = NoTestClasses.class)
class GoldRewardIsolationTest {

  @ArchTest
  static final ArchRule only_the_labeller_simulation_reads_the_gold_reward =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName(GoldReward.class.getName())
          .and()
          .doNotHaveFullyQualifiedName(PerceivedQuality.class.getName())
          .and()
          // evaluates the desirability step's reward models: builds held-out test pairs the gold
          // reward labels and checks which reward prefers padding; it trains nothing and its pairs
          // never reach a trainer
          .doNotHaveFullyQualifiedName(GoldLabelledPairs.class.getName())
          .and()
          // the rollout's simulated customers stand for the business's real outcome (an evaluator):
          // the gate sees only their thumbs-up and escalations, never the gold reward
          .doNotHaveFullyQualifiedName(SimulatedCustomers.class.getName())
          .and()
          // an evaluator: the policy step's checkpoints and offline evaluation report the gold
          // reward of held-out replies; nothing it computes is fed back into training
          .doNotHaveFullyQualifiedName(HeldOutGold.class.getName())
          .should()
          .dependOnClassesThat()
          .areAssignableTo(GoldReward.class)
          .because("the gold reward is for evaluation only; nothing that trains may see it");
}
