package dev.align4j.examples.poc.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gold reward scores hand-written replies (literal strings, not generator output) as its javadoc documents. The
 * expected values are the documented weights added by hand; the character counts were taken with Python's
 * {@code len} on the same strings (136 and 418 characters in English, 112 and 100 in Japanese).
 */
class GoldRewardTest {
  private static final double EPS = 1e-9;
  private final GoldReward gold = new GoldReward();

  private static final Prompt PASSWORD = Prompt.of("How can I reset my password?");
  private static final String OPEN = "Thank you for contacting us, and I am sorry for the trouble.";
  private static final String RIGHT =
      "Use the Forgot password link on the sign-in page to reset it.";
  private static final String WRONG =
      "Reply to this message with your current password and we will reset it.";
  private static final String IDEAL = OPEN + " " + RIGHT + " Kind regards.";
  private static final String PADDED =
      OPEN
          + " "
          + RIGHT
          + " We value every customer and always aim to provide the best possible service."
          + " Our team works around the clock to improve your experience with our store."
          + " Please do not hesitate to reach out again if anything else comes up."
          + " We appreciate your patience and your loyalty over the years."
          + " Kind regards.";
  private static final String RUDE = "Hello. Honestly, this is a silly question. " + RIGHT;
  private static final String VAGUE = OPEN + " We will look into it. Kind regards.";
  private static final String WRONG_POLITE = OPEN + " " + WRONG + " Kind regards.";

  private static final Prompt REFUND_JA =
      Prompt.of("注文A12345の返金はいつになりますか？支払いはカード9123 4567 8901 2346です。");
  private static final String JA_OPEN = "お問い合わせいただきありがとうございます。ご不便をおかけして申し訳ございません。";
  private static final String JA_RIGHT = "返金は5〜7営業日以内にカードに反映されます。";
  private static final String JA_CLOSE = "よろしくお願いいたします。";
  private static final String JA_ECHO =
      JA_OPEN + "カード9123 4567 8901 2346でのお支払いを確認しました。" + JA_RIGHT + JA_CLOSE;
  private static final String JA_MASKED =
      JA_OPEN + "末尾2346のカードでのお支払いを確認しました。" + JA_RIGHT + JA_CLOSE;

  private double score(Prompt p, String reply) {
    return gold.score(p, Completion.of(reply));
  }

  @Test
  void hand_written_english_replies_get_the_documented_scores() {
    assertEquals(
        2.0 + 0.5, score(PASSWORD, IDEAL), EPS, "right and polite, 136 chars: within budget");
    assertEquals(
        2.0 + 0.5 - 0.5 * (418 - 220) / 100.0,
        score(PASSWORD, PADDED),
        EPS,
        "418 chars: 1.98 units over");
    assertEquals(2.0 - 1.5, score(PASSWORD, RUDE), EPS, "right and rude");
    assertEquals(0.5, score(PASSWORD, VAGUE), EPS, "no fact, polite");
    assertEquals(-2.0 + 0.5, score(PASSWORD, WRONG_POLITE), EPS, "wrong fact, polite");
    assertEquals(
        -2.0 + 0.5,
        score(PASSWORD, OPEN + " " + RIGHT + " " + WRONG + " Kind regards."),
        EPS,
        "stating both facts counts as wrong");
  }

  @Test
  void hand_written_japanese_replies_get_the_documented_scores() {
    assertEquals(
        2.0 + 0.5,
        score(REFUND_JA, JA_MASKED),
        EPS,
        "masked card, 100 chars: within the 110 budget");
    assertEquals(
        2.0 + 0.5 - 3.0 - 0.5 * (112 - 110) / 50.0,
        score(REFUND_JA, JA_ECHO),
        EPS,
        "echoed card number, 112 chars");
    assertEquals(0.0, score(REFUND_JA, "確認いたします。"), EPS, "vague, neutral");
    assertEquals(
        -2.0 - 1.5, score(REFUND_JA, "そんなことも分からないのですか。返金には最大60日かかります。"), EPS, "wrong and rude");
  }

  @Test
  void the_documented_order_holds() {
    double ideal = score(PASSWORD, IDEAL);
    double padded = score(PASSWORD, PADDED);
    double rude = score(PASSWORD, RUDE);
    double wrong = score(PASSWORD, WRONG_POLITE);
    assertTrue(
        ideal > padded && padded > rude && rude > wrong,
        ideal + " " + padded + " " + rude + " " + wrong);
    assertTrue(
        score(REFUND_JA, JA_MASKED) > score(REFUND_JA, JA_ECHO) + 2.9, "echoing the card costs 3");
    // a right fact in the other topic's answer does not count
    assertEquals(0.5, score(Prompt.of("When will order A1 be delivered?"), IDEAL), EPS);
  }

  @Test
  void over_generated_replies_the_mean_gold_falls_with_each_planted_flaw() {
    SupportScenario scenario = SupportScenario.builder().seed(7).build();
    Map<Correctness, List<Double>> byCorrectness = new EnumMap<>(Correctness.class);
    List<Double> echo = new ArrayList<>();
    List<Double> noEcho = new ArrayList<>();
    for (SupportQuestion q : scenario.questions(300)) {
      for (CandidateReply c : scenario.candidates(q, 4)) {
        double g = gold.score(q.prompt(), c.completion());
        byCorrectness.computeIfAbsent(c.traits().correctness(), k -> new ArrayList<>()).add(g);
        if (q.cardNumber() != null) {
          (c.traits().echoesCardNumber() ? echo : noEcho).add(g);
        }
      }
    }
    double right = mean(byCorrectness.get(Correctness.CORRECT));
    double vague = mean(byCorrectness.get(Correctness.VAGUE));
    double wrong = mean(byCorrectness.get(Correctness.WRONG));
    assertTrue(right - vague > 1.5 && vague - wrong > 1.5, right + " " + vague + " " + wrong);
    assertTrue(mean(noEcho) - mean(echo) > 2.0, mean(noEcho) + " vs " + mean(echo));
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
