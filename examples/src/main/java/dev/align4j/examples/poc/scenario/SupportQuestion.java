package dev.align4j.examples.poc.scenario;

import dev.align4j.core.text.Prompt;
import dev.align4j.examples.poc.Arguments;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One customer question.
 *
 * @param id stable id ({@code "q<index>"})
 * @param language the customer's language
 * @param topic what is asked
 * @param prompt the question as a single-turn prompt
 * @param cardNumber the full card number the customer wrote into the question (a synthetic, Luhn-valid number that
 *     no issuer uses), or null when none
 */
public record SupportQuestion(
    String id, Language language, Topic topic, Prompt prompt, @Nullable String cardNumber) {
  /** Validates. */
  public SupportQuestion {
    Arguments.nonBlank("id", id);
    Arguments.nonNull("language", language);
    Arguments.nonNull("topic", topic);
    Arguments.nonNull("prompt", prompt);
  }

  /** The card number, when the customer gave one. */
  public Optional<String> card() {
    return Optional.ofNullable(cardNumber);
  }

  @Override
  public String toString() {
    // never print a card number
    return "SupportQuestion["
        + id
        + ", "
        + language
        + ", "
        + topic
        + (cardNumber == null ? "" : ", card")
        + "]";
  }
}
