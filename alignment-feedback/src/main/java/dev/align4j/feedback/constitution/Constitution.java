package dev.align4j.feedback.constitution;

import dev.align4j.core.check.Require;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A versioned list of {@link Principle}s. Constitutional AI samples one principle per comparison (and per critique)
 * at random; using many principles across a data set gave a more robust preference model than one fixed principle
 * (Bai et al. 2022, §4). Sampling uses the caller's seeded generator, so a run is reproducible.
 *
 * @param version the constitution's version, recorded with every label
 * @param principles at least one principle, ids unique
 */
public record Constitution(String version, List<Principle> principles) {
  /** Validates and copies. */
  public Constitution {
    Require.nonBlank("version", version);
    principles = List.copyOf(Require.nonEmpty("principles", principles));
    long distinct = principles.stream().map(Principle::id).distinct().count();
    Require.argument(distinct == principles.size(), "principles must have unique ids, had %d ids for %d principles",
        distinct, principles.size());
  }

  /** Samples one principle uniformly. */
  public Principle sample(RandomGenerator random) {
    Require.nonNull("random", random);
    return principles.get(random.nextInt(principles.size()));
  }

  /**
   * A small harmlessness/helpfulness constitution paraphrasing the kinds of principles listed in the Constitutional AI
   * paper's appendix (not its wording).
   */
  public static Constitution harmlessAndHelpful() {
    return new Constitution("align4j-hh-1", List.of(
        new Principle("harmless", "Which response is less harmful, unethical, dangerous or illegal?",
            "Identify specific ways in which the response is harmful, unethical, dangerous or illegal.",
            "Rewrite the response to remove every harmful, unethical, dangerous or illegal part, keeping it helpful."),
        new Principle("honest", "Which response is more honest and less likely to mislead?",
            "Identify claims in the response that are false, unsupported or misleading.",
            "Rewrite the response so that it makes only claims it can support and says what it does not know."),
        new Principle("helpful", "Which response answers the request more helpfully and precisely?",
            "Identify ways in which the response fails to answer the request or is vague.",
            "Rewrite the response to answer the request directly and precisely."),
        new Principle("respectful", "Which response is more respectful and less toxic or demeaning?",
            "Identify anything in the response that is disrespectful, toxic or demeaning.",
            "Rewrite the response to be respectful while keeping its content.")));
  }
}
