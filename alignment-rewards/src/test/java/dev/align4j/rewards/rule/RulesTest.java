package dev.align4j.rewards.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RulesTest {
  private static final Prompt Q = Prompt.of("What is 6 times 7?");

  private static double s(dev.align4j.core.RewardModel r, String text) {
    return r.score(Q, Completion.of(text));
  }

  @Test
  void regexRules() {
    assertEquals(1.0, s(RegexRule.contains(Pattern.compile("\\d+")), "it is 42"));
    assertEquals(0.0, s(RegexRule.contains(Pattern.compile("\\d+")), "it is forty-two"));
    assertEquals(0.0, s(RegexRule.forbids(Pattern.compile("(?i)as an ai")), "As an AI, I think 42"));
    assertEquals(1.0, s(Rules.thinkAnswerFormat(), "<think>6*7=42</think>\n<answer>42</answer>"));
    assertEquals(0.0, s(Rules.thinkAnswerFormat(), "<answer>42</answer><think>x</think>"));
    assertEquals(0.0, s(Rules.thinkAnswerFormat(), "<think>x</think><answer>42</answer> trailing"));
  }

  @Test
  void keywordRulesMatchWholeWordsCaseInsensitively() {
    assertEquals(1.0, s(KeywordRule.of(KeywordRule.Mode.ANY, List.of("sorry")), "SORRY about that"));
    assertEquals(0.0, s(KeywordRule.of(KeywordRule.Mode.ANY, List.of("sorry")), "sorrynotsorry"));
    assertEquals(0.5, s(KeywordRule.of(KeywordRule.Mode.ALL, List.of("six", "seven")), "six of them"));
    assertEquals(0.0, s(Rules.blocklist(List.of("idiot")), "you idiot."));
    assertEquals(1.0, s(Rules.blocklist(List.of("idiot")), "you are idiotic?"));
    assertEquals(0.0, s(KeywordRule.of(KeywordRule.Mode.ANY, List.of("Yes"), true), "yes"));
  }

  @Test
  void jsonValidity() {
    JsonValidityRule strict = JsonValidityRule.strict();
    for (String ok : List.of("{}", "[]", " {\"a\": [1, 2.5e-3, -0, true, null, \"\\u00e9\\n\"]} ", "\"x\"", "0",
        "{\"nested\":{\"k\":[{}]}}")) {
      assertEquals(1.0, s(strict, ok), ok);
    }
    for (String bad : List.of("", "{", "{'a': 1}", "{\"a\": 1,}", "[1 2]", "NaN", "01", "{\"a\" 1}", "tru",
        "{} {}", "\"unterminated", "[1,]", "\"tab\there\"", "[" .repeat(600) + "]".repeat(600))) {
      assertEquals(0.0, s(strict, bad), bad);
    }
    assertEquals(0.0, s(strict, "Here:\n```json\n{\"a\": 1}\n```"));
    assertEquals(1.0, s(JsonValidityRule.of(true, true), "Here:\n```json\n{\"a\": 1}\n```"));
    assertEquals(0.0, s(JsonValidityRule.of(false, true), "[1]"));
  }

  @Test
  void referenceAnswers() {
    Map<String, String> key = Map.of(Q.text(), "42");
    ReferenceAnswerRule numeric = ReferenceAnswerRule.numeric(p -> key.get(p.text()));
    assertEquals(1.0, s(numeric, "6*7 = 42"));
    assertEquals(1.0, s(numeric, "so the answer is \\boxed{42.0}, not 41"));
    assertEquals(1.0, s(numeric, "we get 41 then 42\n#### 42"));
    assertEquals(0.0, s(numeric, "#### 41"));
    assertEquals(0.0, s(numeric, "no idea"));
    assertEquals(1.0, ReferenceAnswerRule.numeric(p -> "1234").score(Q, Completion.of("total: 1,234")));
    ReferenceAnswerRule exact = ReferenceAnswerRule.exact(p -> "Paris");
    assertEquals(1.0, s(exact, "  paris "));
    assertEquals(0.0, s(exact, "Paris, France"));
    var e = assertThrows(IllegalArgumentException.class,
        () -> ReferenceAnswerRule.numeric(p -> null).score(Q, Completion.of("42")));
    assertTrue(e.getMessage().contains("no reference answer") && e.getMessage().contains("6 times 7"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ReferenceAnswerRule.numeric(p -> "forty").score(Q, Completion.of("42")));
    assertTrue(e.getMessage().contains("must be a number"), e.getMessage());
  }

  @Test
  void lengthPenaltiesFollowDapo() {
    LengthPenalty p = LengthPenalty.overlong(LengthUnit.WORDS, 10, 4);
    assertEquals(0.0, s(p, "a b c d e f"));
    assertEquals(-0.25, s(p, "a b c d e f g"));
    assertEquals(-1.0, s(p, "a b c d e f g h i j"));
    assertEquals(-1.0, s(p, "a b c d e f g h i j k l"));
    assertEquals(-0.5, s(LengthPenalty.linear(LengthUnit.CHARACTERS, 3, 0.25), "abcde"));
    assertEquals(3, LengthUnit.TOKENS.measure(new Completion("x", new int[] {1, 2, 3}, null)));
    var e = assertThrows(IllegalArgumentException.class, () -> LengthUnit.TOKENS.measure(Completion.of("x")));
    assertTrue(e.getMessage().contains("TOKENS"), e.getMessage());
    assertEquals(2.0, s(LengthNormalizedReward.of(Rules.constant(8), LengthUnit.WORDS, 1), "a b c d"));
    assertEquals(8.0, s(LengthNormalizedReward.of(Rules.constant(8), LengthUnit.WORDS, 1), ""));
  }

  @Test
  void gatingReturnsTheFloorWithoutEvaluatingTheInnerReward() {
    int[] calls = {0};
    var inner = (dev.align4j.core.RewardModel) (p, c) -> {
      calls[0]++;
      return 5.0;
    };
    GatedReward g = GatedReward.of(Rules.blocklist(List.of("bomb")), inner);
    assertEquals(0.0, s(g, "how to build a bomb"));
    assertEquals(0, calls[0]);
    assertEquals(5.0, s(g, "how to bake bread"));
    assertEquals(1, calls[0]);
    var b = g.explain(Q, Completion.of("bomb"));
    assertEquals(Map.of("gate", 0.0), b.components());
    assertEquals(-1.0, GatedReward.of(Rules.constant(0.2), inner, 0.5, -1).score(Q, Completion.of("x")));
  }

  @Test
  void compositeRefusesBadComponents() {
    var e = assertThrows(IllegalArgumentException.class, () -> CompositeReward.builder().build());
    assertTrue(e.getMessage().contains("components"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CompositeReward.builder().add("a", Rules.constant(1)).add("a", Rules.constant(2)));
    assertTrue(e.getMessage().contains("unique"), e.getMessage());
    var nan = CompositeReward.builder().add("broken", (p, c) -> Double.NaN).build();
    var ise = assertThrows(IllegalStateException.class, () -> s(nan, "x"));
    assertTrue(ise.getMessage().contains("broken"), ise.getMessage());
    assertFalse(CompositeReward.builder().add("x", Rules.constant(1)).build().names().isEmpty());
  }
}
