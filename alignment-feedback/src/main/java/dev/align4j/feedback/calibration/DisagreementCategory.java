package dev.align4j.feedback.calibration;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.feedback.judge.JudgeAttributes;

/**
 * Why a judge and people disagreed on a pairwise item, each with the guideline clarification that addresses it.
 * {@link #of} assigns the first that applies, in declaration order.
 */
public enum DisagreementCategory {
  /** People named no winner (tie or both bad); the judge picked one. */
  JUDGE_PICKED_ON_TIE(
      "When both responses are equally good, or equally bad, answer 'tie' instead of picking one."),
  /** The judge named no winner; people picked one. */
  JUDGE_TIED_ON_PICK(
      "Declare a tie only when neither response is better; when one is more correct or more helpful, name it."),
  /** The judge's two presentation orders disagreed. */
  POSITION_FLIP(
      "Judge each response on its content alone: the same pair must get the same verdict whichever response is "
          + "shown first."),
  /** The judge preferred the longer response, people the shorter one. */
  LONGER_PREFERRED(
      "Prefer the correct answer even when it is shorter: length is no merit in itself, and extra text that is "
          + "wrong or beside the point counts against a response."),
  /** The judge preferred the shorter response, people the longer one. */
  SHORTER_PREFERRED(
      "Do not prefer a response for being brief: a longer answer that is correct and complete is better than a "
          + "short one that leaves out what the user asked for."),
  /** None of the above (equal lengths, consistent orders): shown through examples only. */
  OTHER("");

  private final String clarification;

  DisagreementCategory(String clarification) {
    this.clarification = clarification;
  }

  /** The guideline sentence added to the judge's preamble for this category (empty for {@link #OTHER}). */
  public String clarification() {
    return clarification;
  }

  /**
   * The category of a disagreement between the judge's label and the people's outcome.
   *
   * @throws IllegalArgumentException when the two agree
   */
  public static DisagreementCategory of(PairwiseComparison judge, Outcome human) {
    Require.nonNull("judge", judge);
    Require.nonNull("human", human);
    int j = JudgedPair.category(judge.outcome());
    int h = JudgedPair.category(human);
    Require.argument(j != h, "judge and human must disagree, both were %s", judge.outcome());
    if (h == 2) {
      return JUDGE_PICKED_ON_TIE;
    }
    if (j == 2) {
      return JUDGE_TIED_ON_PICK;
    }
    String first = judge.provenance().attributes().get(JudgeAttributes.VERDICT_A_FIRST);
    String second = judge.provenance().attributes().get(JudgeAttributes.VERDICT_B_FIRST);
    if (first != null && second != null && !first.equals(second)) {
      return POSITION_FLIP;
    }
    int chosen = judge.chosen().text().length();
    int rejected = judge.rejected().text().length();
    if (chosen == rejected) {
      return OTHER;
    }
    return chosen > rejected ? LONGER_PREFERRED : SHORTER_PREFERRED;
  }
}
