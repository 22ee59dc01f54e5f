package dev.align4j.examples.poc.rollout;

import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.scenario.Language;
import java.util.regex.Pattern;

/**
 * The live detectors of the rollout: what a production system can measure on a reply without any gold label.
 *
 * <ul>
 *   <li>{@link #echoesCardNumber}: the reply contains a run of 13 to 19 digits, spaces or hyphens allowed between
 *       them — the length range of payment card numbers (ISO/IEC 7812); a masked number ("ending in 1234") does not
 *       match.
 *   <li>{@link #lengthUnits}: the reply's length in the language's length units (Unicode code points divided by
 *       {@link Language#lengthUnit()}: 100 in English, 50 in Japanese), so that replies in both languages weigh the
 *       same in one mean.
 * </ul>
 */
public final class ReplyDetectors {
  private static final Pattern CARD = Pattern.compile("\\d(?:[ -]?\\d){12,18}");

  private ReplyDetectors() {}

  /** Whether {@code reply} contains something that looks like a full card number. */
  public static boolean echoesCardNumber(String reply) {
    Arguments.nonNull("reply", reply);
    return CARD.matcher(reply).find();
  }

  /** The length of {@code reply} in length units of {@code language}. */
  public static double lengthUnits(String reply, Language language) {
    Arguments.nonNull("reply", reply);
    Arguments.nonNull("language", language);
    return reply.codePointCount(0, reply.length()) / (double) language.lengthUnit();
  }
}
