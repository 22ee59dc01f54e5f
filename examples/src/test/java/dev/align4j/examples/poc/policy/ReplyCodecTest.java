package dev.align4j.examples.poc.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.examples.poc.scenario.CandidateReply;
import dev.align4j.examples.poc.scenario.Phrasebook;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.examples.poc.scenario.SupportScenario;
import dev.align4j.examples.poc.scenario.Topic;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ReplyCodecTest {
  private static final ReplyCodec CODEC = ReplyCodec.create();

  @Property(trials = 60)
  void every_generated_reply_round_trips_through_its_codes(Gen gen) {
    SupportScenario s =
        SupportScenario.builder().seed(gen.random().nextLong()).cardShare(0.5).build();
    for (int k = 0; k < 5; k++) {
      SupportQuestion q = s.question(gen.intIn(0, 100_000));
      for (CandidateReply c : s.candidates(q, 6)) {
        List<String> codes = CODEC.parse(q, c.text());
        assertEquals(c.text(), CODEC.render(q, codes), "render(parse(text)) == text");
        assertEquals(
            codes, CODEC.parse(q, CODEC.render(q, codes)), "parse(render(codes)) == codes");
        assertEquals(
            codes, CODEC.parse(q.prompt(), c.text()), "the question's prompt gives the same codes");
      }
    }
  }

  @Property(trials = 40)
  void random_code_sequences_round_trip_on_questions_with_a_card(Gen gen) {
    SupportScenario s =
        SupportScenario.builder().seed(gen.random().nextLong()).cardShare(1).build();
    SupportQuestion q = s.question(gen.intIn(0, 100_000));
    List<String> codes = new ArrayList<>();
    int n = gen.intIn(0, 12);
    for (int i = 0; i < n; i++) {
      codes.add(CODEC.replyCodes().get(gen.intIn(0, CODEC.replyCodes().size() - 1)));
    }
    assertEquals(codes, CODEC.parse(q, CODEC.render(q, codes)));
  }

  @Test
  void the_vocabulary_has_topic_specific_facts_and_the_scenario_phrases() {
    for (Topic t : Topic.values()) {
      assertTrue(CODEC.replyCodes().contains(ReplyCodec.factCode(t, true)), t.name());
      assertTrue(CODEC.replyCodes().contains(ReplyCodec.factCode(t, false)), t.name());
    }
    assertTrue(CODEC.replyCodes().contains("rude_2"));
    assertTrue(CODEC.replyCodes().contains("filler_4"));
    assertFalse(CODEC.replyCodes().contains("filler_5"));
    assertEquals(CODEC.promptCodes().size() + CODEC.replyCodes().size(), CODEC.vocabulary().size());
  }

  @Test
  void a_card_code_on_a_question_without_a_card_renders_as_nothing() {
    SupportScenario s = SupportScenario.builder().seed(3).cardShare(0).build();
    SupportQuestion q = s.question(0);
    String fact = ReplyCodec.factCode(q.topic(), true);
    String text = CODEC.render(q, List.of("open_neutral", "card_echo", fact, "card_masked"));
    assertEquals(
        Phrasebook.neutralOpening(q.language())
            + (q.language().name().equals("ENGLISH") ? " " : "")
            + q.topic().correctFact(q.language()),
        text);
    assertEquals(List.of("open_neutral", fact), CODEC.parse(q, text));
    assertTrue(CODEC.promptText(q).endsWith("card_no"), CODEC.promptText(q));
  }

  @Test
  void the_policy_prompt_summarises_language_topic_and_card() {
    SupportScenario s = SupportScenario.builder().seed(5).cardShare(1).japaneseShare(1).build();
    SupportQuestion q = s.question(1);
    assertEquals(
        "lang_ja topic_" + q.topic().name().toLowerCase(Locale.ROOT) + " card_yes",
        CODEC.promptText(q));
    assertEquals(CODEC.promptText(q), CODEC.promptText(q.prompt()));
  }

  @Test
  void text_that_is_not_made_of_scenario_phrases_is_refused_naming_the_question_without_digits() {
    SupportScenario s = SupportScenario.builder().seed(7).cardShare(1).build();
    SupportQuestion q = s.question(2);
    String card = q.cardNumber();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CODEC.parse(q, "Your card " + card + " is fine."));
    assertTrue(e.getMessage().contains(q.id()), e.getMessage());
    assertTrue(e.getMessage().contains("character 0"), e.getMessage());
    assertFalse(e.getMessage().matches("(?s).*\\d{4}.*"), "no card digits: " + e.getMessage());
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> CODEC.render(q, List.of("open_rude")));
    assertTrue(unknown.getMessage().contains("codes[0]"), unknown.getMessage());
  }
}
