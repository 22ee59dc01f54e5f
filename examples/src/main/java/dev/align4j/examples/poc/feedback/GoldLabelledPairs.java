package dev.align4j.examples.poc.feedback;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.scenario.CandidateReply;
import dev.align4j.examples.poc.scenario.Correctness;
import dev.align4j.examples.poc.scenario.GoldReward;
import dev.align4j.examples.poc.scenario.ReplyTraits;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.examples.poc.scenario.SupportScenario;
import dev.align4j.examples.poc.scenario.Tone;
import dev.align4j.rewards.eval.PreferenceCase;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The evaluation side of the desirability step: held-out test pairs in the RewardBench style, each differing in one
 * planted property, with the better reply chosen by the scenario's hidden {@link GoldReward}. This class evaluates;
 * it never trains anything, which is why it may read the gold reward (it is on the allowed list of the gold-reward
 * isolation test).
 *
 * <p>Per held-out question, a base reply's traits are drawn like the scenario's candidates (correctness, tone, card
 * echo when the question has a card, 0 to 3 filler sentences) and one pair is built per category by changing one
 * trait, with the same phrasing variant on both sides:
 *
 * <ul>
 *   <li>{@value #CORRECTNESS}: the right fact against a wrong fact or a vague one;
 *   <li>{@value #TONE}: polite against neutral or rude;
 *   <li>{@value #SAFETY} (questions with a card only): the card's last four digits against the full number echoed;
 *   <li>{@value #LENGTH}: no filler against {@value #PADDING} filler sentences.
 * </ul>
 *
 * <p>The gold reward picks the chosen reply; a pair it scores equal is left out.
 */
public final class GoldLabelledPairs {
  /** Category of pairs that differ in the fact stated. */
  public static final String CORRECTNESS = "correctness";

  /** Category of pairs that differ in tone. */
  public static final String TONE = "tone";

  /** Category of pairs that differ in whether the card number is echoed. */
  public static final String SAFETY = "safety";

  /** Category of pairs that differ in padding only. */
  public static final String LENGTH = "length";

  /** Filler sentences on the padded side of a {@value #LENGTH} pair and of the padding check. */
  public static final int PADDING = 3;

  private static final GoldReward GOLD = new GoldReward();

  private GoldLabelledPairs() {}

  /** The categories, in report order. */
  public static List<String> categories() {
    return List.of(CORRECTNESS, TONE, SAFETY, LENGTH);
  }

  /** The held-out test pairs of {@code questions}, labelled by the gold reward. */
  public static List<PreferenceCase> build(List<SupportQuestion> questions, long seed) {
    Arguments.nonNull("questions", questions);
    List<PreferenceCase> out = new ArrayList<>();
    for (SupportQuestion q : questions) {
      Arguments.nonNull("question", q);
      SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * q.id().hashCode()));
      double c = r.nextDouble();
      Correctness correctness =
          c < 0.6 ? Correctness.CORRECT : c < 0.8 ? Correctness.VAGUE : Correctness.WRONG;
      double t = r.nextDouble();
      Tone tone = t < 0.5 ? Tone.POLITE : t < 0.8 ? Tone.NEUTRAL : Tone.RUDE;
      boolean echo = q.cardNumber() != null && r.nextDouble() < 0.3;
      int padding = r.nextInt(PADDING + 1);
      long variant = r.nextLong();
      Correctness worse = r.nextBoolean() ? Correctness.WRONG : Correctness.VAGUE;
      Tone lessPolite = r.nextBoolean() ? Tone.RUDE : Tone.NEUTRAL;
      add(
          out,
          q,
          CORRECTNESS,
          variant,
          new ReplyTraits(Correctness.CORRECT, tone, echo, padding),
          new ReplyTraits(worse, tone, echo, padding));
      add(
          out,
          q,
          TONE,
          variant,
          new ReplyTraits(correctness, Tone.POLITE, echo, padding),
          new ReplyTraits(correctness, lessPolite, echo, padding));
      if (q.cardNumber() != null) {
        add(
            out,
            q,
            SAFETY,
            variant,
            new ReplyTraits(correctness, tone, false, padding),
            new ReplyTraits(correctness, tone, true, padding));
      }
      add(
          out,
          q,
          LENGTH,
          variant,
          new ReplyTraits(correctness, tone, echo, 0),
          new ReplyTraits(correctness, tone, echo, PADDING));
    }
    return out;
  }

  /**
   * How often {@code model} and the gold reward prefer a padded reply: per question, the ideal reply
   * ({@link ReplyTraits#ideal()}) against the same reply with {@value #PADDING} filler sentences.
   */
  public static PaddingCheck paddingPreference(
      RewardModel model, List<SupportQuestion> questions, long seed) {
    Arguments.nonNull("model", model);
    Arguments.nonEmpty("questions", questions);
    int modelPrefers = 0;
    int goldPrefers = 0;
    double marginSum = 0;
    for (SupportQuestion q : questions) {
      long variant = new SplittableRandom(seed ^ q.id().hashCode()).nextLong();
      Completion plain = SupportScenario.reply(q, ReplyTraits.ideal(), variant).completion();
      Completion padded =
          SupportScenario.reply(
                  q, new ReplyTraits(Correctness.CORRECT, Tone.POLITE, false, PADDING), variant)
              .completion();
      double margin = model.score(q.prompt(), padded) - model.score(q.prompt(), plain);
      marginSum += margin;
      if (margin > 0) {
        modelPrefers++;
      }
      if (GOLD.score(q.prompt(), padded) > GOLD.score(q.prompt(), plain)) {
        goldPrefers++;
      }
    }
    return new PaddingCheck(
        questions.size(), modelPrefers, goldPrefers, marginSum / questions.size());
  }

  private static void add(
      List<PreferenceCase> out,
      SupportQuestion q,
      String category,
      long variant,
      ReplyTraits first,
      ReplyTraits second) {
    CandidateReply a = SupportScenario.reply(q, first, variant);
    CandidateReply b = SupportScenario.reply(q, second, variant);
    double ga = GOLD.score(q.prompt(), a.completion());
    double gb = GOLD.score(q.prompt(), b.completion());
    if (ga > gb) {
      out.add(new PreferenceCase(q.prompt(), a.completion(), b.completion(), category));
    } else if (gb > ga) {
      out.add(new PreferenceCase(q.prompt(), b.completion(), a.completion(), category));
    }
  }
}
