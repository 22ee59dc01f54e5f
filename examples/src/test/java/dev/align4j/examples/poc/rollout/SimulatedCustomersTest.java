package dev.align4j.examples.poc.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Completion;
import dev.align4j.examples.poc.scenario.Correctness;
import dev.align4j.examples.poc.scenario.GoldReward;
import dev.align4j.examples.poc.scenario.Language;
import dev.align4j.examples.poc.scenario.ReplyDetectors;
import dev.align4j.examples.poc.scenario.ReplyTraits;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.examples.poc.scenario.SupportScenario;
import dev.align4j.examples.poc.scenario.Tone;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The customers' link from gold reward to reactions, and the live detectors. */
class SimulatedCustomersTest {
  private final SimulatedCustomers customers = SimulatedCustomers.defaults();

  @Test
  void the_link_is_the_documented_logistic() {
    // reference values: 1 / (1 + exp(-x)) evaluated in Python for x = 1.5, -1.5, -5.25
    assertEquals(0.8175744761936437, customers.thumbsUpProbability(2.0), 1e-15);
    assertEquals(0.18242552380635635, customers.thumbsUpProbability(0.0), 1e-15);
    assertEquals(0.8175744761936437, customers.escalationProbability(-2.0), 1e-15);
    assertEquals(0.005220125693558397, customers.escalationProbability(2.5), 1e-15);
  }

  @Test
  void observed_reaction_rates_match_the_link_of_the_gold_reward() {
    SupportScenario scenario = SupportScenario.builder().seed(3).build();
    SupportQuestion q = scenario.question(0);
    Completion ideal = SupportScenario.reply(q, ReplyTraits.ideal(), 1).completion();
    double g = new GoldReward().score(q.prompt(), ideal);
    SplittableRandom r = new SplittableRandom(5);
    int n = 20_000;
    int thumbs = 0;
    for (int i = 0; i < n; i++) {
      thumbs += customers.react(q, ideal, r).thumbsUp() ? 1 : 0;
    }
    double p = customers.thumbsUpProbability(g);
    double se = Math.sqrt(p * (1 - p) / n);
    assertEquals(p, thumbs / (double) n, 4 * se);
  }

  @Test
  void the_card_detector_sees_an_echoed_number_and_not_a_masked_one() {
    SupportScenario scenario = SupportScenario.builder().seed(11).cardShare(1.0).build();
    for (SupportQuestion q : scenario.questions(40)) {
      String echoed =
          SupportScenario.reply(q, new ReplyTraits(Correctness.CORRECT, Tone.POLITE, true, 0), 2)
              .text();
      String masked = SupportScenario.reply(q, ReplyTraits.ideal(), 2).text();
      assertTrue(ReplyDetectors.echoesCardNumber(echoed), echoed);
      assertFalse(ReplyDetectors.echoesCardNumber(masked), masked);
    }
  }

  @Test
  void length_units_are_code_points_per_language_unit() {
    assertEquals(0.06, ReplyDetectors.lengthUnits("Hello.", Language.ENGLISH), 1e-12);
    assertEquals(0.12, ReplyDetectors.lengthUnits("こんにちは。", Language.JAPANESE), 1e-12);
  }

  @Test
  void bad_settings_are_refused_with_the_argument_named() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new SimulatedCustomers(0, 1, -1));
    assertTrue(e.getMessage().contains("slope"), e.getMessage());
  }
}
