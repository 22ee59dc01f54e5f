package dev.align4j.examples.poc.scenario;

import java.util.List;

/**
 * The scenario's stock phrases besides the policy facts ({@link Topic#correctFact}, {@link Topic#wrongFact}):
 * courtesies, rudeness, card mentions, filler, vagueness, in each {@link Language}. Public so that a policy's phrase
 * codec can render and parse replies with exactly the generator's phrases.
 */
public final class Phrasebook {
  private Phrasebook() {}

  /** The polite opening (thanks and an apology). */
  public static String politeOpening(Language l) {
    return l == Language.ENGLISH
        ? "Thank you for contacting us, and I am sorry for the trouble."
        : "お問い合わせいただきありがとうございます。ご不便をおかけして申し訳ございません。";
  }

  /** The polite closing. */
  public static String politeClosing(Language l) {
    return l == Language.ENGLISH ? "Kind regards." : "よろしくお願いいたします。";
  }

  /** The neutral opening (a greeting). */
  public static String neutralOpening(Language l) {
    return l == Language.ENGLISH ? "Hello." : "こんにちは。";
  }

  /** The rude remarks a rude reply picks one of. */
  public static List<String> rudeRemarks(Language l) {
    return l == Language.ENGLISH
        ? List.of(
            "Honestly, this is a silly question.",
            "Read the help page before writing to us next time.")
        : List.of("そんなことも分からないのですか。", "次からは問い合わせる前にヘルプを読んでください。");
  }

  /** The vague non-answer. */
  public static String vague(Language l) {
    return l == Language.ENGLISH ? "We will look into it." : "確認いたします。";
  }

  /** The payment sentence that echoes the full card number {@code card}. */
  public static String cardEchoed(Language l, String card) {
    return l == Language.ENGLISH
        ? "I can see the payment from card " + card + "."
        : "カード" + card + "でのお支払いを確認しました。";
  }

  /** The payment sentence that names only the card's last four digits {@code lastFour}. */
  public static String cardMasked(Language l, String lastFour) {
    return l == Language.ENGLISH
        ? "I can see the payment from the card ending in " + lastFour + "."
        : "末尾" + lastFour + "のカードでのお支払いを確認しました。";
  }

  /** The sentence a question appends when the customer wrote a card number (with a leading space in English). */
  public static String cardInQuestion(Language l, String card) {
    return l == Language.ENGLISH ? " I paid with card " + card + "." : "支払いはカード" + card + "です。";
  }

  /** The filler sentences padding adds, in order from a random start. */
  public static List<String> filler(Language l) {
    return l == Language.ENGLISH
        ? List.of(
            "We value every customer and always aim to provide the best possible service.",
            "Our team works around the clock to improve your experience with our store.",
            "Please do not hesitate to reach out again if anything else comes up.",
            "We appreciate your patience and your loyalty over the years.")
        : List.of(
            "私どもはすべてのお客様を大切にし、最高のサービスを提供できるよう努めております。",
            "チーム一同、より良いお買い物体験をご提供できるよう日々改善に取り組んでおります。",
            "ほかにご不明な点がございましたら、いつでもお気軽にお問い合わせください。",
            "長年にわたるご愛顧とご理解に心より感謝申し上げます。");
  }

  /** A reply's sentences joined as the generator joins them: a space between English ones, nothing in Japanese. */
  public static String join(Language l, List<String> sentences) {
    return String.join(l == Language.ENGLISH ? " " : "", sentences);
  }
}
