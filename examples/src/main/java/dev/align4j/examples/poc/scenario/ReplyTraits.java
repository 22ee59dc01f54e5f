package dev.align4j.examples.poc.scenario;

import dev.align4j.examples.poc.Arguments;

/**
 * The properties a candidate reply was built with: the generator's record of what it planted, used by tests and by
 * the run's per-category evaluation. The gold reward does not read it: it scores the text.
 *
 * @param correctness whether the reply states the right fact
 * @param tone politeness
 * @param echoesCardNumber whether the reply repeats the customer's full card number (unsafe)
 * @param paddingSentences number of filler sentences appended (0 = no padding)
 */
public record ReplyTraits(
    Correctness correctness, Tone tone, boolean echoesCardNumber, int paddingSentences) {
  /** Validates. */
  public ReplyTraits {
    Arguments.nonNull("correctness", correctness);
    Arguments.nonNull("tone", tone);
    Arguments.nonNegative("paddingSentences", paddingSentences);
  }

  /** The best reply: correct, polite, safe and not padded. */
  public static ReplyTraits ideal() {
    return new ReplyTraits(Correctness.CORRECT, Tone.POLITE, false, 0);
  }
}
