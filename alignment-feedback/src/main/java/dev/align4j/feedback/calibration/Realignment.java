package dev.align4j.feedback.calibration;

import dev.align4j.core.check.Require;
import dev.align4j.feedback.judge.JudgeTemplate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link JudgeRealignment} chose from the disagreements on a re-alignment set, and the judge prompt with it
 * applied.
 *
 * @param template the re-aligned judge template: the base preamble plus the clarifications, the base exemplars plus
 *     the new few-shot exemplars
 * @param clarifications the guideline sentences added, most frequent disagreement first
 * @param exemplars the few-shot exemplars added, in the order shown
 * @param exemplarIds the ids of the items the exemplars were made from, in the same order
 * @param disagreements how many disagreements of each category the re-alignment set held
 * @param usedIds the ids of every item of the re-alignment set: none of them may be used to measure the result
 */
public record Realignment(
    JudgeTemplate template,
    List<String> clarifications,
    List<JudgeTemplate.Exemplar> exemplars,
    List<String> exemplarIds,
    Map<DisagreementCategory, Integer> disagreements,
    Set<String> usedIds) {

  /** Copies. */
  public Realignment {
    Require.nonNull("template", template);
    clarifications = List.copyOf(clarifications);
    exemplars = List.copyOf(exemplars);
    exemplarIds = List.copyOf(exemplarIds);
    disagreements = Map.copyOf(disagreements);
    usedIds = Set.copyOf(usedIds);
    Require.sameLength("exemplars", exemplars.size(), "exemplarIds", exemplarIds.size());
  }
}
