package dev.align4j.examples.poc.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SupportScenarioTest {

  @Test
  void the_same_seed_gives_the_same_data_and_another_seed_other_data() {
    SupportScenario one = SupportScenario.builder().seed(42).build();
    SupportScenario two = SupportScenario.builder().seed(42).build();
    SupportScenario other = SupportScenario.builder().seed(43).build();
    List<SupportQuestion> qs = one.questions(50);
    assertEquals(qs, two.questions(50));
    assertNotEquals(qs, other.questions(50));
    for (SupportQuestion q : qs) {
      assertEquals(one.candidates(q, 6), two.candidates(q, 6));
    }
    assertEquals(
        qs.get(7),
        one.questions(200).get(7),
        "a question does not depend on how many are generated");
    assertEquals(one.candidates(qs.get(3), 4), one.candidates(qs.get(3), 8).subList(0, 4));
  }

  @Property(trials = 40)
  void replies_contain_exactly_what_their_traits_say(Gen gen) {
    SupportScenario s =
        SupportScenario.builder().seed(gen.random().nextLong()).cardShare(0.5).build();
    SupportQuestion q = s.question(gen.intIn(0, 10_000));
    for (CandidateReply c : s.candidates(q, 8)) {
      String text = c.text();
      ReplyTraits t = c.traits();
      Language l = q.language();
      assertEquals(
          t.correctness() == Correctness.CORRECT, text.contains(q.topic().correctFact(l)), text);
      assertEquals(
          t.correctness() == Correctness.WRONG, text.contains(q.topic().wrongFact(l)), text);
      assertEquals(t.tone() == Tone.POLITE, text.contains(Phrasebook.politeClosing(l)), text);
      assertEquals(
          t.tone() == Tone.RUDE, Phrasebook.rudeRemarks(l).stream().anyMatch(text::contains), text);
      String card = q.cardNumber();
      assertEquals(t.echoesCardNumber(), card != null && text.contains(card), text);
      long fillers = Phrasebook.filler(l).stream().filter(text::contains).count();
      assertEquals(t.paddingSentences(), fillers, text);
    }
  }

  @Test
  void the_data_covers_every_topic_language_and_trait() {
    SupportScenario s = SupportScenario.builder().seed(18).build();
    Set<String> seen = new HashSet<>();
    Set<Correctness> correctness = EnumSet.noneOf(Correctness.class);
    Set<Tone> tones = EnumSet.noneOf(Tone.class);
    Set<Integer> paddings = new HashSet<>();
    int cards = 0;
    int echoes = 0;
    int n = 1000;
    for (SupportQuestion q : s.questions(n)) {
      seen.add(q.topic() + "/" + q.language());
      if (q.cardNumber() != null) {
        cards++;
      }
      for (CandidateReply c : s.candidates(q, 4)) {
        correctness.add(c.traits().correctness());
        tones.add(c.traits().tone());
        paddings.add(c.traits().paddingSentences());
        echoes += c.traits().echoesCardNumber() ? 1 : 0;
      }
    }
    assertEquals(8, seen.size(), seen.toString());
    assertEquals(EnumSet.allOf(Correctness.class), correctness);
    assertEquals(EnumSet.allOf(Tone.class), tones);
    assertEquals(Set.of(0, 1, 2, 3), paddings);
    // binomial(1000, 0.3): sd ≈ 14.5, so ±60 is over 4 sd
    assertTrue(Math.abs(cards - 300) < 60, "cards " + cards);
    assertTrue(echoes > 0, "some replies echo the card");
  }

  @Test
  void card_numbers_are_synthetic_and_luhn_valid() {
    SupportScenario s = SupportScenario.builder().seed(5).cardShare(1.0).build();
    for (SupportQuestion q : s.questions(200)) {
      String digits = q.cardNumber().replace(" ", "");
      assertEquals(16, digits.length(), q.cardNumber());
      assertEquals('9', digits.charAt(0), "no issuer uses a leading 9 for cards");
      assertTrue(luhnValid(digits), digits);
      assertFalse(q.toString().contains(q.cardNumber()), "toString hides the card number");
    }
  }

  /** Luhn check written from the algorithm's definition: from the right, double every second digit. */
  private static boolean luhnValid(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
    }
    return sum % 10 == 0;
  }

  @Test
  void japanese_text_is_real_japanese_and_english_text_has_none() {
    SupportScenario s = SupportScenario.builder().seed(3).cardShare(0.5).build();
    int japanese = 0;
    for (SupportQuestion q : s.questions(200)) {
      String question = q.prompt().lastUserText();
      for (String text : concat(question, s.candidates(q, 4))) {
        assertEquals(Normalizer.normalize(text, Normalizer.Form.NFC), text, "NFC");
        assertEquals(
            text, new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        if (q.language() == Language.JAPANESE) {
          japanese++;
          assertJapanese(text);
        } else {
          assertEquals(0, scriptCount(text), text);
        }
      }
    }
    assertTrue(japanese > 300, "japanese texts " + japanese);
  }

  private static List<String> concat(String question, List<CandidateReply> replies) {
    List<String> out = new ArrayList<>();
    out.add(question);
    replies.forEach(r -> out.add(r.text()));
    return out;
  }

  private static void assertJapanese(String text) {
    long letters = text.codePoints().filter(Character::isLetter).count();
    long hiragana =
        text.codePoints().filter(cp -> script(cp) == Character.UnicodeScript.HIRAGANA).count();
    long kanji = text.codePoints().filter(cp -> script(cp) == Character.UnicodeScript.HAN).count();
    // grammatical Japanese needs hiragana (particles, inflections) beside kanji; besides the order
    // number's Latin
    // prefix and the prolonged-sound mark (script Common), every letter is kana or kanji
    assertTrue(hiragana > 0 && kanji > 0, text);
    assertTrue(scriptCount(text) >= 0.9 * letters, text);
    assertTrue(
        text.codePoints().filter(cp -> cp < 0x80 && Character.isLetter(cp)).count() <= 1, text);
    assertTrue(
        text.codePoints().noneMatch(cp -> cp == '?' || cp == '!'),
        "full-width punctuation only: " + text);
  }

  private static long scriptCount(String text) {
    return text.codePoints()
        .filter(
            cp -> {
              Character.UnicodeScript sc = script(cp);
              return sc == Character.UnicodeScript.HIRAGANA
                  || sc == Character.UnicodeScript.KATAKANA
                  || sc == Character.UnicodeScript.HAN;
            })
        .count();
  }

  private static Character.UnicodeScript script(int cp) {
    return Character.UnicodeScript.of(cp);
  }

  @Test
  void bad_arguments_are_refused_with_their_name_and_value() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> SupportScenario.builder().japaneseShare(1.5));
    assertTrue(
        e.getMessage().contains("japaneseShare") && e.getMessage().contains("1.5"), e.getMessage());
    SupportQuestion noCard = SupportScenario.builder().cardShare(0).build().question(0);
    var e2 =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SupportScenario.reply(
                    noCard, new ReplyTraits(Correctness.CORRECT, Tone.POLITE, true, 0), 1));
    assertTrue(
        e2.getMessage().contains("echoesCardNumber") && e2.getMessage().contains("q0"),
        e2.getMessage());
  }
}
