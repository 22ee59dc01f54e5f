package dev.align4j.examples.poc.policy;

import dev.align4j.core.text.Prompt;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.scenario.Language;
import dev.align4j.examples.poc.scenario.Phrasebook;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.examples.poc.scenario.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The policy's language: one language-neutral code per scenario phrase, so that the transformer writes a reply one
 * PHRASE at a time (not one sub-word at a time) and the whole run fits in minutes on two cores.
 *
 * <p>Reply codes, derived from the scenario's {@link Phrasebook} and {@link Topic}s: {@code open_polite},
 * {@code open_neutral}, {@code rude_1 … rude_k}, {@code card_echo}, {@code card_masked},
 * {@code fact_<topic>_right} and {@code fact_<topic>_wrong} for every topic (so the policy must read the question's
 * topic to state the right fact), {@code vague}, {@code filler_1 … filler_m}, {@code close_polite}. Prompt codes
 * summarise a question: {@code lang_en|lang_ja topic_<topic> card_yes|card_no}.
 *
 * <p>{@link #render} turns codes into the reply text in the question's language, joined as the generator joins
 * sentences; {@code card_echo} writes the question's card number and {@code card_masked} its last four digits. On a
 * question without a card a card code renders as nothing, and so does a prompt code sampled into a reply: such a
 * reply parses back without them. {@link #parse} reads a reply text back into codes by matching the scenario's
 * phrases (longest match first) and refuses a text it cannot read, naming the question and the position; digits in
 * the message are masked, so a card number never reaches a log. Everything outside the policy sees rendered text only.
 */
public final class ReplyCodec {
  /** Code of the polite opening. */
  public static final String OPEN_POLITE = "open_polite";

  /** Code of the neutral opening. */
  public static final String OPEN_NEUTRAL = "open_neutral";

  /** Code of the payment sentence echoing the full card number. */
  public static final String CARD_ECHO = "card_echo";

  /** Code of the payment sentence naming the card's last four digits. */
  public static final String CARD_MASKED = "card_masked";

  /** Code of the vague non-answer. */
  public static final String VAGUE = "vague";

  /** Code of the polite closing. */
  public static final String CLOSE_POLITE = "close_polite";

  /** Prefix of the rude-remark codes ({@code rude_1}, …). */
  public static final String RUDE_PREFIX = "rude_";

  /** Prefix of the filler codes ({@code filler_1}, …). */
  public static final String FILLER_PREFIX = "filler_";

  private static final Pattern CARD_IN_QUESTION = Pattern.compile("\\d{4} \\d{4} \\d{4} \\d{4}");

  private final int rudeCount;
  private final int fillerCount;
  private final List<String> replyCodes;
  private final List<String> promptCodes;

  private ReplyCodec() {
    this.rudeCount =
        sameInBothLanguages(
            "rudeRemarks",
            Phrasebook.rudeRemarks(Language.ENGLISH).size(),
            Phrasebook.rudeRemarks(Language.JAPANESE).size());
    this.fillerCount =
        sameInBothLanguages(
            "filler",
            Phrasebook.filler(Language.ENGLISH).size(),
            Phrasebook.filler(Language.JAPANESE).size());
    List<String> r = new ArrayList<>();
    r.add(OPEN_POLITE);
    r.add(OPEN_NEUTRAL);
    for (int i = 1; i <= rudeCount; i++) {
      r.add(RUDE_PREFIX + i);
    }
    r.add(CARD_ECHO);
    r.add(CARD_MASKED);
    for (Topic t : Topic.values()) {
      r.add(factCode(t, true));
      r.add(factCode(t, false));
    }
    r.add(VAGUE);
    for (int i = 1; i <= fillerCount; i++) {
      r.add(FILLER_PREFIX + i);
    }
    r.add(CLOSE_POLITE);
    this.replyCodes = List.copyOf(r);
    List<String> p = new ArrayList<>();
    p.add(languageCode(Language.ENGLISH));
    p.add(languageCode(Language.JAPANESE));
    for (Topic t : Topic.values()) {
      p.add(topicCode(t));
    }
    p.add("card_yes");
    p.add("card_no");
    this.promptCodes = List.copyOf(p);
  }

  /** The codec of the scenario's phrasebook. */
  public static ReplyCodec create() {
    return new ReplyCodec();
  }

  private static int sameInBothLanguages(String what, int en, int ja) {
    Arguments.argument(
        en == ja,
        "Phrasebook.%s must have as many phrases in both languages, had %d and %d",
        what,
        en,
        ja);
    return en;
  }

  /** The code of {@code topic}'s right ({@code right}) or wrong fact, e.g. {@code fact_orders_right}. */
  public static String factCode(Topic topic, boolean right) {
    Arguments.nonNull("topic", topic);
    return "fact_" + topic.name().toLowerCase(Locale.ROOT) + (right ? "_right" : "_wrong");
  }

  private static String topicCode(Topic topic) {
    return "topic_" + topic.name().toLowerCase(Locale.ROOT);
  }

  private static String languageCode(Language language) {
    return language == Language.ENGLISH ? "lang_en" : "lang_ja";
  }

  /** The reply codes, in vocabulary order. */
  public List<String> replyCodes() {
    return replyCodes;
  }

  /** The prompt codes, in vocabulary order. */
  public List<String> promptCodes() {
    return promptCodes;
  }

  /** Prompt codes then reply codes: the policy tokenizer's words. */
  public List<String> vocabulary() {
    List<String> all = new ArrayList<>(promptCodes);
    all.addAll(replyCodes);
    return List.copyOf(all);
  }

  /** The policy's prompt for {@code question}: its code summary, e.g. {@code lang_ja topic_refunds card_yes}. */
  public String promptText(SupportQuestion question) {
    Arguments.nonNull("question", question);
    return promptText(
        new Facts(question.language(), question.topic(), question.cardNumber(), question.id()));
  }

  /** The policy's prompt for a question given by its prompt (as in a preference example). */
  public String promptText(Prompt questionPrompt) {
    return promptText(facts(questionPrompt));
  }

  private String promptText(Facts f) {
    return languageCode(f.language)
        + " "
        + topicCode(f.topic)
        + " "
        + (f.card == null ? "card_no" : "card_yes");
  }

  /** The reply text that {@code codes} stand for in answer to {@code question}. */
  public String render(SupportQuestion question, List<String> codes) {
    Arguments.nonNull("question", question);
    return render(
        new Facts(question.language(), question.topic(), question.cardNumber(), question.id()),
        codes);
  }

  /** The reply text that {@code codes} stand for in answer to the question {@code questionPrompt}. */
  public String render(Prompt questionPrompt, List<String> codes) {
    return render(facts(questionPrompt), codes);
  }

  private String render(Facts f, List<String> codes) {
    Arguments.nonNull("codes", codes);
    List<String> parts = new ArrayList<>(codes.size());
    for (int i = 0; i < codes.size(); i++) {
      String code = Arguments.nonNull("codes[" + i + "]", codes.get(i));
      if (promptCodes.contains(code)) {
        continue;
      }
      Arguments.argument(
          replyCodes.contains(code),
          "codes[%d] must be one of %s, was \"%s\"",
          i,
          replyCodes,
          code);
      String phrase = phrase(f, code);
      if (phrase != null) {
        parts.add(phrase);
      }
    }
    return Phrasebook.join(f.language, parts);
  }

  /** The codes of {@code text}, a reply to {@code question}. */
  public List<String> parse(SupportQuestion question, String text) {
    Arguments.nonNull("question", question);
    return parse(
        new Facts(question.language(), question.topic(), question.cardNumber(), question.id()),
        text);
  }

  /** The codes of {@code text}, a reply to the question {@code questionPrompt}. */
  public List<String> parse(Prompt questionPrompt, String text) {
    return parse(facts(questionPrompt), text);
  }

  private List<String> parse(Facts f, String text) {
    Arguments.nonNull("text", text);
    List<String> out = new ArrayList<>();
    int pos = 0;
    boolean english = f.language == Language.ENGLISH;
    while (pos < text.length()) {
      if (english && !out.isEmpty()) {
        if (text.charAt(pos) != ' ') {
          throw unparseable(f, text, pos, "expected a space between sentences");
        }
        pos++;
      }
      String best = null;
      int bestLength = 0;
      for (String code : replyCodes) {
        String phrase = phrase(f, code);
        if (phrase != null && phrase.length() > bestLength && text.startsWith(phrase, pos)) {
          best = code;
          bestLength = phrase.length();
        }
      }
      if (best == null) {
        throw unparseable(f, text, pos, "no scenario phrase starts there");
      }
      out.add(best);
      pos += bestLength;
    }
    return List.copyOf(out);
  }

  private static IllegalArgumentException unparseable(Facts f, String text, int pos, String why) {
    String rest = text.substring(pos, Math.min(text.length(), pos + 40)).replaceAll("\\d", "#");
    return new IllegalArgumentException(
        "text of the reply to "
            + f.name
            + " cannot be parsed at character "
            + pos
            + " ("
            + why
            + "): \""
            + rest
            + "…\"; expected the scenario's phrases in "
            + f.language);
  }

  private @Nullable String phrase(Facts f, String code) {
    Language l = f.language;
    switch (code) {
      case OPEN_POLITE:
        return Phrasebook.politeOpening(l);
      case OPEN_NEUTRAL:
        return Phrasebook.neutralOpening(l);
      case CARD_ECHO:
        return f.card == null ? null : Phrasebook.cardEchoed(l, f.card);
      case CARD_MASKED:
        return f.card == null
            ? null
            : Phrasebook.cardMasked(l, f.card.substring(f.card.length() - 4));
      case VAGUE:
        return Phrasebook.vague(l);
      case CLOSE_POLITE:
        return Phrasebook.politeClosing(l);
      default:
        break;
    }
    if (code.startsWith(RUDE_PREFIX)) {
      return Phrasebook.rudeRemarks(l)
          .get(Integer.parseInt(code.substring(RUDE_PREFIX.length())) - 1);
    }
    if (code.startsWith(FILLER_PREFIX)) {
      return Phrasebook.filler(l).get(Integer.parseInt(code.substring(FILLER_PREFIX.length())) - 1);
    }
    for (Topic t : Topic.values()) {
      if (code.equals(factCode(t, true))) {
        return t.correctFact(l);
      }
      if (code.equals(factCode(t, false))) {
        return t.wrongFact(l);
      }
    }
    throw new IllegalArgumentException(
        "code must be one of " + replyCodes + ", was \"" + code + "\"");
  }

  private static Facts facts(Prompt questionPrompt) {
    Arguments.nonNull("questionPrompt", questionPrompt);
    String text = questionPrompt.lastUserText();
    Topic topic = null;
    for (Topic t : Topic.values()) {
      if (t.isAskedIn(text)) {
        topic = t;
        break;
      }
    }
    Arguments.argument(
        topic != null,
        "questionPrompt must ask about one of %s, asked about none: \"%s\"",
        List.of(Topic.values()),
        text.replaceAll("\\d", "#"));
    Matcher m = CARD_IN_QUESTION.matcher(text);
    return new Facts(Language.of(text), topic, m.find() ? m.group() : null, "the question");
  }

  /** What rendering needs of a question. */
  private record Facts(Language language, Topic topic, @Nullable String card, String name) {}
}
