package dev.align4j.examples.poc.scenario;

import dev.align4j.core.text.Completion;
import java.util.SplittableRandom;

/**
 * Something that answers a customer question: a trained policy, the supervised baseline, or a fixed candidate. The
 * offline evaluation and the staged rollout take repliers, so they do not depend on how a reply is produced.
 */
@FunctionalInterface
public interface Replier {
  /** A reply to {@code question}, with all randomness drawn from {@code random}. */
  Completion reply(SupportQuestion question, SplittableRandom random);
}
