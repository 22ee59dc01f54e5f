package dev.align4j.rewards.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.RewardBreakdown;
import dev.align4j.rewards.verify.AbstentionReason;
import dev.align4j.rewards.verify.Verdict;
import dev.align4j.rewards.verify.Verifier;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Abstention ("could not score") versus a scored 0 ("checked, and wrong") in every rule that can fail to read. */
class VerifierAbstentionTest {
  private static final Prompt Q = Prompt.of("What is 6 times 7?");
  private static final ReferenceAnswerRule NUMERIC = ReferenceAnswerRule.numeric(p -> "42");
  private static final ReferenceAnswerRule HALF = ReferenceAnswerRule.numeric(p -> "0.5");

  private static Verdict v(Verifier r, String text) {
    return r.verify(Q, Completion.of(text));
  }

  private static void assertAbstains(AbstentionReason reason, Verifier r, String text) {
    Verdict verdict = v(r, text);
    Verdict.Abstained a = assertInstanceOf(Verdict.Abstained.class, verdict, text);
    assertEquals(reason, a.reason(), text + ": " + a.detail());
    assertEquals(
        0.0, r.score(Q, Completion.of(text)), "score of an abstention stays 0 by default: " + text);
    assertEquals(0.25, r.scoringAbstentionsAs(0.25).score(Q, Completion.of(text)), text);
  }

  private static void assertScored(double expected, Verifier r, String text) {
    Verdict verdict = v(r, text);
    assertEquals(Verdict.scored(expected), verdict, text);
    assertEquals(expected, r.scoringAbstentionsAs(0.25).score(Q, Completion.of(text)), text);
  }

  @Test
  void numericRuleAbstainsWhenItCannotReadAnAnswerAndScoresZeroWhenTheAnswerIsWrong() {
    assertAbstains(AbstentionReason.NO_ANSWER, NUMERIC, "no idea");
    assertAbstains(AbstentionReason.NO_ANSWER, NUMERIC, "   \n ");
    assertAbstains(AbstentionReason.NO_ANSWER, NUMERIC, "forty-two");
    assertAbstains(AbstentionReason.UNPARSEABLE, NUMERIC, "so \\boxed{forty-two}");
    assertAbstains(AbstentionReason.UNSUPPORTED_FORMAT, HALF, "so \\boxed{\\frac{1}{2}}");
    assertAbstains(AbstentionReason.UNSUPPORTED_FORMAT, HALF, "so \\boxed{\\dfrac12}");
    assertAbstains(AbstentionReason.UNSUPPORTED_FORMAT, HALF, "\\boxed{1/2}");
    assertAbstains(AbstentionReason.UNSUPPORTED_FORMAT, HALF, "the answer is 1 / 2");
    assertAbstains(AbstentionReason.UNSUPPORTED_FORMAT, NUMERIC, "\\boxed{6\\sqrt{49}}");
    assertScored(0.0, NUMERIC, "#### 41");
    assertScored(0.0, NUMERIC, "it is 41");
    assertScored(0.0, NUMERIC, "\\boxed{x = 41}");
    assertScored(1.0, NUMERIC, "6/7 of the way there; the answer is 42");
    assertScored(1.0, NUMERIC, "so the answer is \\boxed{42.0}, not 41");
    assertScored(1.0, NUMERIC, "\\boxed{\\text{about } {42}}");
  }

  @Test
  void aBoxedFractionIsNoLongerReadAsTheLastNumberOfTheText() {
    // Before, \boxed{\frac{1}{2}} did not match the flat \boxed{[^{}]*} pattern and the rule fell
    // back to the last
    // number of the whole text: "2", a false positive against a reference of 2.
    ReferenceAnswerRule two = ReferenceAnswerRule.numeric(p -> "2");
    assertEquals(0.0, two.score(Q, Completion.of("so \\boxed{\\frac{1}{2}}")));
    assertAbstains(AbstentionReason.UNSUPPORTED_FORMAT, two, "so \\boxed{\\frac{1}{2}}");
    assertEquals(null, ReferenceAnswerRule.finalAnswer("so \\boxed{\\frac{1}{2}}"));
  }

  @Test
  void exactRuleAbstainsOnlyOnABlankCompletion() {
    ReferenceAnswerRule exact = ReferenceAnswerRule.exact(p -> "Paris");
    assertAbstains(AbstentionReason.NO_ANSWER, exact, "");
    assertScored(0.0, exact, "London");
    assertScored(1.0, exact, "  paris ");
  }

  @Test
  void aMissingReferenceIsStillAnErrorNotAnAbstention() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReferenceAnswerRule.numeric(p -> null).verify(Q, Completion.of("no idea")));
    assertTrue(
        e.getMessage().contains("no reference answer for prompt \"What is 6 times 7?\""),
        e.getMessage());
  }

  @Test
  void jsonRuleScoresInvalidJsonZeroAndAbstainsBeyondItsNestingLimit() {
    JsonValidityRule strict = JsonValidityRule.strict();
    for (String bad : List.of("", "{", "{'a': 1}", "[1,]", "not json at all")) {
      assertScored(0.0, strict, bad);
    }
    String deepValid = "[".repeat(600) + "]".repeat(600);
    assertAbstains(AbstentionReason.UNSUPPORTED_FORMAT, strict, deepValid);
    assertAbstains(AbstentionReason.UNSUPPORTED_FORMAT, strict, "[".repeat(600));
    assertFalse(JsonValidityRule.isValid(deepValid, false));
    String atLimit = "[".repeat(513) + "]".repeat(513);
    assertScored(1.0, strict, atLimit);
  }

  @Test
  void regexRuleAbstainsWithTimeoutOnCatastrophicBacktracking() {
    String as = "a".repeat(30);
    RegexRule contains = RegexRule.contains(Pattern.compile("(.*a){12}b"));
    RegexRule forbids = RegexRule.forbids(Pattern.compile("(.*a){12}b"));
    long t0 = System.nanoTime();
    assertAbstains(AbstentionReason.TIMEOUT, contains, as);
    assertAbstains(AbstentionReason.TIMEOUT, forbids, as);
    assertTrue(
        System.nanoTime() - t0 < 20_000_000_000L,
        "the budget must stop the match long before it ends");
    assertScored(1.0, contains, as + "b");
    assertScored(0.0, forbids, as + "b");
    String detail = ((Verdict.Abstained) v(contains, as)).detail();
    assertTrue(detail.contains("(.*a){12}b") && detail.contains("1000000"), detail);
  }

  @Test
  void regexBudgetIsEnoughForLongOrdinaryCompletionsAndConfigurable() {
    String text = "word ".repeat(4_000) + "<answer>42</answer>";
    assertScored(1.0, RegexRule.contains(Pattern.compile("<answer>\\d+</answer>")), text);
    assertScored(0.0, RegexRule.contains(Pattern.compile("x.*y")), "x".repeat(3_000));
    RegexRule tiny = RegexRule.contains(Pattern.compile("x.*y")).withStepBudget(10, 1);
    assertAbstains(AbstentionReason.TIMEOUT, tiny, "xxxxxxxxxx");
    assertScored(1.0, tiny, "xy");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RegexRule.contains(Pattern.compile("x")).withStepBudget(0, 1));
    assertTrue(e.getMessage().contains("minSteps") && e.getMessage().contains("0"), e.getMessage());
  }

  @Test
  void compositeAbstainsNamingTheComponentWhileScoreAndExplainStayAsBefore() {
    CompositeReward c =
        CompositeReward.builder()
            .add("correct", NUMERIC, 1.0)
            .add("format", Rules.thinkAnswerFormat(), 0.5)
            .add("polite", KeywordRule.of(KeywordRule.Mode.NONE, List.of("idiot")), 0.25)
            .build();
    String text = "<think>hm</think><answer>no idea</answer>";
    Verdict.Abstained a =
        assertInstanceOf(Verdict.Abstained.class, c.verify(Q, Completion.of(text)));
    assertEquals(AbstentionReason.NO_ANSWER, a.reason());
    assertTrue(a.detail().startsWith("\"correct\" "), a.detail());
    RewardBreakdown b = c.explain(Q, Completion.of(text));
    assertEquals(0.0 + 0.5 + 0.25, b.total(), 1e-12);
    assertEquals(0.0, b.component("correct"));
    assertEquals(b.total(), c.score(Q, Completion.of(text)));
    String right = "<think>6*7</think><answer>42</answer>";
    assertEquals(Verdict.scored(1.75), c.verify(Q, Completion.of(right)));
    CompositeReward nested =
        CompositeReward.builder().add("inner", c).add("len", Rules.constant(0.0)).build();
    Verdict.Abstained na =
        assertInstanceOf(Verdict.Abstained.class, nested.verify(Q, Completion.of(text)));
    assertTrue(na.detail().startsWith("\"inner\" \"correct\" "), na.detail());
    assertEquals(0.0, nested.explain(Q, Completion.of(text)).component("inner.correct"));
  }

  @Test
  void gatedRewardAbstainsWhenTheGateOrThePassedInnerRewardAbstains() {
    GatedReward innerAbstains = GatedReward.of(Rules.nonEmpty(), NUMERIC);
    Verdict.Abstained a =
        assertInstanceOf(Verdict.Abstained.class, innerAbstains.verify(Q, Completion.of("hm")));
    assertTrue(a.detail().startsWith("\"inner\" "), a.detail());
    assertEquals(0.0, innerAbstains.score(Q, Completion.of("hm")));
    GatedReward gateAbstains = GatedReward.of(JsonValidityRule.strict(), Rules.constant(1.0));
    String deep = "[".repeat(600) + "]".repeat(600);
    Verdict.Abstained g =
        assertInstanceOf(Verdict.Abstained.class, gateAbstains.verify(Q, Completion.of(deep)));
    assertEquals(AbstentionReason.UNSUPPORTED_FORMAT, g.reason());
    assertTrue(g.detail().startsWith("\"gate\" "), g.detail());
    assertEquals(0.0, gateAbstains.score(Q, Completion.of(deep)));
    assertEquals(Verdict.scored(0.0), gateAbstains.verify(Q, Completion.of("not json")));
    assertEquals(Verdict.scored(1.0), gateAbstains.verify(Q, Completion.of("{}")));
  }

  @Test
  void aPlainRewardNeverAbstains() {
    RewardModel keyword = KeywordRule.of(KeywordRule.Mode.ANY, List.of("sorry"));
    assertEquals(Verdict.scored(0.0), Verifier.verdictOf(keyword, Q, Completion.of("")));
    assertEquals(Verdict.scored(1.0), Verifier.verdictOf(keyword, Q, Completion.of("sorry")));
  }

  @Property(trials = 200)
  void scoreIsTheScoredValueOrTheAbstentionScore(Gen gen) {
    String text =
        gen.oneOf("", "\\boxed{", "####", "[", "{\"a\":")
            + gen.text(12)
            + gen.oneOf("", " 42", " 41", " 1/2", "}", "]", " \\boxed{\\frac{1}{2}}");
    Completion c = Completion.of(text);
    for (Verifier r :
        List.<Verifier>of(
            NUMERIC,
            ReferenceAnswerRule.exact(p -> "42"),
            JsonValidityRule.strict(),
            RegexRule.contains(Pattern.compile("\\d+")),
            Rules.thinkAnswerFormat())) {
      Verdict verdict = r.verify(Q, c);
      double expected =
          verdict instanceof Verdict.Scored ? ((Verdict.Scored) verdict).value() : 0.0;
      assertEquals(expected, r.score(Q, c), r + " on " + text);
      if (verdict instanceof Verdict.Scored) {
        double value = ((Verdict.Scored) verdict).value();
        assertTrue(value == 0.0 || value == 1.0, r + " on " + text);
      }
    }
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> NUMERIC.scoringAbstentionsAs(Double.NaN));
    assertTrue(e.getMessage().contains("value") && e.getMessage().contains("NaN"), e.getMessage());
    IllegalArgumentException d =
        assertThrows(
            IllegalArgumentException.class, () -> Verdict.abstained(AbstentionReason.TIMEOUT, " "));
    assertTrue(d.getMessage().contains("detail"), d.getMessage());
    IllegalArgumentException s =
        assertThrows(
            IllegalArgumentException.class, () -> Verdict.scored(Double.POSITIVE_INFINITY));
    assertTrue(s.getMessage().contains("value"), s.getMessage());
  }
}
