package dev.align4j.rewards.eval;

/**
 * The accuracy on one category.
 *
 * @param count the number of test pairs
 * @param correct how many the model ordered correctly (ties wrong)
 */
public record CategoryResult(int count, int correct) {
  /** correct / count. */
  public double accuracy() {
    return (double) correct / count;
  }
}
