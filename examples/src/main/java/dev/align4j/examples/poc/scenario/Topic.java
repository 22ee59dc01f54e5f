package dev.align4j.examples.poc.scenario;

import java.util.List;
import java.util.Locale;

/**
 * What a customer asks about, with the scenario's policy fact for it in both languages: the right statement, a wrong
 * one, and the question templates ({@code {order}} is replaced by an order number).
 *
 * <p>Each topic's keywords occur in its own questions and in no other topic's, so the gold reward can tell the topic
 * from the question text alone.
 */
public enum Topic {
  /** Cancelling an order. */
  ORDERS(
      List.of("cancel"),
      List.of("キャンセル"),
      List.of(
          "Can I still cancel order {order}?",
          "I want to cancel my order {order}. Is that possible?"),
      List.of("注文{order}をキャンセルできますか？", "注文{order}のキャンセルをお願いしたいのですが、可能でしょうか？"),
      "Orders can be cancelled free of charge until they are dispatched.",
      "発送前であれば無料でキャンセルできます。",
      "Orders cannot be cancelled once they are placed.",
      "ご注文後のキャンセルはできません。"),
  /** When a refund arrives. */
  REFUNDS(
      List.of("refund"),
      List.of("返金"),
      List.of(
          "When will I get the refund for order {order}?",
          "I returned order {order}. How long does the refund take?"),
      List.of("注文{order}の返金はいつになりますか？", "注文{order}を返品しました。返金までどのくらいかかりますか？"),
      "The refund reaches your card within 5 to 7 business days.",
      "返金は5〜7営業日以内にカードに反映されます。",
      "Refunds take up to 60 days to arrive.",
      "返金には最大60日かかります。"),
  /** How long delivery takes. */
  SHIPPING(
      List.of("deliver"),
      List.of("配送"),
      List.of(
          "How long will delivery of order {order} take?", "When will order {order} be delivered?"),
      List.of("注文{order}の配送にはどのくらいかかりますか？", "注文{order}の配送予定を教えてください。"),
      "Standard delivery takes 2 to 4 business days.",
      "通常配送は2〜4営業日でお届けします。",
      "Standard delivery always arrives the next morning.",
      "通常配送は必ず翌朝に届きます。"),
  /** Resetting a forgotten password. */
  ACCOUNTS(
      List.of("password"),
      List.of("パスワード"),
      List.of(
          "I forgot my password. How do I get back into my account?",
          "How can I reset my password?"),
      List.of("パスワードを忘れてしまいました。どうすればログインできますか？", "パスワードを再設定する方法を教えてください。"),
      "Use the Forgot password link on the sign-in page to reset it.",
      "ログイン画面の「パスワードをお忘れの方」から再設定できます。",
      "Reply to this message with your current password and we will reset it.",
      "現在のパスワードをこのメッセージへの返信でお送りください。");

  private final List<String> keywordsEn;
  private final List<String> keywordsJa;
  private final List<String> questionsEn;
  private final List<String> questionsJa;
  private final String correctEn;
  private final String correctJa;
  private final String wrongEn;
  private final String wrongJa;

  Topic(
      List<String> keywordsEn,
      List<String> keywordsJa,
      List<String> questionsEn,
      List<String> questionsJa,
      String correctEn,
      String correctJa,
      String wrongEn,
      String wrongJa) {
    this.keywordsEn = keywordsEn;
    this.keywordsJa = keywordsJa;
    this.questionsEn = questionsEn;
    this.questionsJa = questionsJa;
    this.correctEn = correctEn;
    this.correctJa = correctJa;
    this.wrongEn = wrongEn;
    this.wrongJa = wrongJa;
  }

  /** The question templates in {@code language}; {@code {order}} stands for an order number. */
  public List<String> questionTemplates(Language language) {
    return language == Language.ENGLISH ? questionsEn : questionsJa;
  }

  /** The right statement of this topic's policy fact. */
  public String correctFact(Language language) {
    return language == Language.ENGLISH ? correctEn : correctJa;
  }

  /** A wrong statement of it. */
  public String wrongFact(Language language) {
    return language == Language.ENGLISH ? wrongEn : wrongJa;
  }

  /** Whether {@code questionText} asks about this topic (case-insensitive keyword match). */
  public boolean isAskedIn(String questionText) {
    String lower = questionText.toLowerCase(Locale.ROOT);
    for (String k : keywordsEn) {
      if (lower.contains(k)) {
        return true;
      }
    }
    for (String k : keywordsJa) {
      if (questionText.contains(k)) {
        return true;
      }
    }
    return false;
  }
}
