package dev.align4j.examples.poc.scenario;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.examples.poc.Arguments;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of customer-support questions and candidate replies.
 *
 * <p>Question {@code i} and its replies depend only on the seed and {@code i} (each draws from its own
 * {@link SplittableRandom} seeded with {@code seed} mixed with {@code i}), so a question's data does not change when
 * more questions are generated, and the same seed always gives the same data.
 *
 * <p>A question picks its language ({@code japaneseShare}), topic and template uniformly, an order number, and with
 * probability {@code cardShare} appends a synthetic card number. A reply is built from parts in this order: opening
 * (polite or neutral), a rude remark (rude tone), the payment sentence when the question had a card (the full number
 * when {@code echoesCardNumber}, else its last four digits), the fact (right, wrong or vague), filler sentences, and a
 * polite closing (polite tone).
 */
public final class SupportScenario {
  private final long seed;
  private final double japaneseShare;
  private final double cardShare;
  private final int maxPadding;

  private SupportScenario(Builder b) {
    this.seed = b.seed;
    this.japaneseShare = b.japaneseShare;
    this.cardShare = b.cardShare;
    this.maxPadding = b.maxPadding;
  }

  /** A builder with the defaults below. */
  public static Builder builder() {
    return new Builder();
  }

  /** Questions {@code 0 … count−1}. */
  public List<SupportQuestion> questions(int count) {
    Arguments.nonNegative("count", count);
    List<SupportQuestion> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(question(i));
    }
    return out;
  }

  /** Question {@code index}. */
  public SupportQuestion question(int index) {
    Arguments.nonNegative("index", index);
    SplittableRandom r = random(index, 0);
    Language language = r.nextDouble() < japaneseShare ? Language.JAPANESE : Language.ENGLISH;
    Topic topic = Topic.values()[r.nextInt(Topic.values().length)];
    List<String> templates = topic.questionTemplates(language);
    String order = "A" + (10000 + r.nextInt(90000));
    String text = templates.get(r.nextInt(templates.size())).replace("{order}", order);
    String card = null;
    if (r.nextDouble() < cardShare) {
      card = syntheticCardNumber(r);
      text = text + Phrasebook.cardInQuestion(language, card);
    }
    return new SupportQuestion("q" + index, language, topic, Prompt.of(text), card);
  }

  /**
   * {@code count} candidate replies with independently drawn traits: correctness (60% right, 20% vague, 20% wrong),
   * tone (50% polite, 30% neutral, 20% rude), card echo (30% of replies to questions with a card) and 0 to
   * {@code maxPadding} filler sentences (uniform).
   */
  public List<CandidateReply> candidates(SupportQuestion question, int count) {
    Arguments.nonNull("question", question);
    Arguments.nonNegative("count", count);
    SplittableRandom r = random(question.id().hashCode(), 1);
    List<CandidateReply> out = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      double c = r.nextDouble();
      Correctness correctness =
          c < 0.6 ? Correctness.CORRECT : c < 0.8 ? Correctness.VAGUE : Correctness.WRONG;
      double t = r.nextDouble();
      Tone tone = t < 0.5 ? Tone.POLITE : t < 0.8 ? Tone.NEUTRAL : Tone.RUDE;
      boolean echo = question.cardNumber() != null && r.nextDouble() < 0.3;
      int padding = r.nextInt(maxPadding + 1);
      out.add(reply(question, new ReplyTraits(correctness, tone, echo, padding), r.nextLong()));
    }
    return out;
  }

  /**
   * A reply with the given traits (the hand-made replies of tests and examples); {@code variant} picks among
   * equivalent phrasings (rude remark, filler order).
   *
   * @throws IllegalArgumentException when {@code traits} echo a card number and the question has none
   */
  public static CandidateReply reply(SupportQuestion question, ReplyTraits traits, long variant) {
    Arguments.nonNull("question", question);
    Arguments.nonNull("traits", traits);
    Arguments.argument(
        !traits.echoesCardNumber() || question.cardNumber() != null,
        "traits.echoesCardNumber is true but question %s has no card number",
        question.id());
    Language l = question.language();
    SplittableRandom r = new SplittableRandom(variant);
    List<String> parts = new ArrayList<>();
    parts.add(
        traits.tone() == Tone.POLITE ? Phrasebook.politeOpening(l) : Phrasebook.neutralOpening(l));
    if (traits.tone() == Tone.RUDE) {
      List<String> rude = Phrasebook.rudeRemarks(l);
      parts.add(rude.get(r.nextInt(rude.size())));
    }
    String card = question.cardNumber();
    if (card != null) {
      parts.add(
          traits.echoesCardNumber()
              ? Phrasebook.cardEchoed(l, card)
              : Phrasebook.cardMasked(l, card.substring(card.length() - 4)));
    }
    Topic topic = question.topic();
    parts.add(
        switch (traits.correctness()) {
          case CORRECT -> topic.correctFact(l);
          case WRONG -> topic.wrongFact(l);
          case VAGUE -> Phrasebook.vague(l);
        });
    List<String> filler = Phrasebook.filler(l);
    int start = r.nextInt(filler.size());
    for (int i = 0; i < traits.paddingSentences(); i++) {
      parts.add(filler.get((start + i) % filler.size()));
    }
    if (traits.tone() == Tone.POLITE) {
      parts.add(Phrasebook.politeClosing(l));
    }
    String text = Phrasebook.join(l, parts);
    return new CandidateReply(question.id(), Completion.of(text), traits);
  }

  private SplittableRandom random(int key, int stream) {
    return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (2L * key + stream + 1)));
  }

  /** A 16-digit number starting with 9 (no issuer's prefix) with a valid Luhn check digit, in groups of four. */
  private static String syntheticCardNumber(SplittableRandom r) {
    int[] d = new int[16];
    d[0] = 9;
    for (int i = 1; i < 15; i++) {
      d[i] = r.nextInt(10);
    }
    int sum = 0;
    for (int i = 0; i < 15; i++) {
      // positions counted from the right, check digit excluded: double every other digit starting
      // next to it
      int v = d[14 - i];
      if (i % 2 == 0) {
        v *= 2;
        if (v > 9) {
          v -= 9;
        }
      }
      sum += v;
    }
    d[15] = (10 - sum % 10) % 10;
    StringBuilder sb = new StringBuilder(19);
    for (int i = 0; i < 16; i++) {
      if (i > 0 && i % 4 == 0) {
        sb.append(' ');
      }
      sb.append(d[i]);
    }
    return sb.toString();
  }

  /** Builder; every default is this project's choice for a small proof of concept. */
  public static final class Builder {
    private long seed = 18;
    private double japaneseShare = 0.5;
    private double cardShare = 0.3;
    private int maxPadding = 3;

    private Builder() {}

    /** Seed of all draws (default 18). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Share of questions in Japanese (default 0.5: the two languages equally). */
    public Builder japaneseShare(double share) {
      this.japaneseShare = Arguments.probability("japaneseShare", share);
      return this;
    }

    /** Share of questions that include a card number (default 0.3). */
    public Builder cardShare(double share) {
      this.cardShare = Arguments.probability("cardShare", share);
      return this;
    }

    /** Most filler sentences a generated reply gets (default 3). */
    public Builder maxPadding(int max) {
      this.maxPadding = Arguments.nonNegative("maxPadding", max);
      return this;
    }

    /** The scenario. */
    public SupportScenario build() {
      return new SupportScenario(this);
    }
  }
}
