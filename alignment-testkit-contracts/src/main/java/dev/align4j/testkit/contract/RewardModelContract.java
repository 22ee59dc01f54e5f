package dev.align4j.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link RewardModel}, as JUnit tests an implementer inherits: a test class
 * {@code class MyRewardModelTest implements RewardModelContract<MyRewardModel>} supplies {@link #rewardModel()} and
 * gets every test below.
 *
 * <ul>
 *   <li>scores are finite;
 *   <li>scoring is deterministic: the same model scores the same input the same, twice, and two models built by
 *       {@link #rewardModel()} agree (a fixed seed gives a fixed model);
 *   <li>{@code scoreAll} and {@code scoreBatch} equal {@code score} element by element, in order (within
 *       {@link #batchTolerance()}, for models whose batch path sums in another order);
 *   <li>bad input is refused: a missing prompt or completion throws {@link NullPointerException} or
 *       {@link IllegalArgumentException}; {@code scoreBatch} with lists of different lengths throws
 *       {@link IllegalArgumentException}.
 * </ul>
 *
 * @param <M> the reward model type under test
 */
public interface RewardModelContract<M extends RewardModel> {

  /** A new model under test, built the same way on every call (same configuration, same seed). */
  M rewardModel();

  /** Prompts to score; override for a model that needs a particular domain. */
  default List<Prompt> prompts() {
    return List.of(Prompt.of("What is the capital of France?"), Prompt.of("Write a haiku about rain."),
        Prompt.of("Explique la photosynthèse en une phrase."));
  }

  /** Completions to score against each prompt; override for a model that needs a particular domain. */
  default List<Completion> completions() {
    return List.of(Completion.of("Paris is the capital of France."),
        Completion.of("Soft rain on the roof, / the gutters hum all night long, / morning smells of earth."),
        Completion.of("La photosynthèse transforme la lumière en énergie chimique."),
        Completion.of("I don't know."), Completion.of("ok"));
  }

  /** The largest difference allowed between a batch score and the single score; zero by default. */
  default double batchTolerance() {
    return 0.0;
  }

  @Test
  default void scoresAreFinite() {
    M model = rewardModel();
    for (Prompt p : prompts()) {
      for (Completion c : completions()) {
        double s = model.score(p, c);
        assertTrue(Double.isFinite(s), "score of \"" + c.text() + "\" for \"" + p.text() + "\" is " + s);
      }
    }
  }

  @Test
  default void scoringIsDeterministic() {
    M first = rewardModel();
    M second = rewardModel();
    for (Prompt p : prompts()) {
      for (Completion c : completions()) {
        double s = first.score(p, c);
        assertEquals(s, first.score(p, c), 0.0, "the same model twice on \"" + c.text() + "\"");
        assertEquals(s, second.score(p, c), 0.0, "two models built alike on \"" + c.text() + "\"");
      }
    }
  }

  @Test
  default void scoreAllEqualsScoreInOrder() {
    M model = rewardModel();
    for (Prompt p : prompts()) {
      double[] all = model.scoreAll(p, completions());
      assertEquals(completions().size(), all.length);
      for (int i = 0; i < all.length; i++) {
        assertEquals(model.score(p, completions().get(i)), all[i], batchTolerance(), "scoreAll element " + i);
      }
    }
    assertEquals(0, model.scoreAll(prompts().get(0), List.of()).length, "scoreAll of no completions");
  }

  @Test
  default void scoreBatchEqualsScoreInOrder() {
    M model = rewardModel();
    List<Prompt> ps = new ArrayList<>();
    List<Completion> cs = new ArrayList<>();
    for (Prompt p : prompts()) {
      for (Completion c : completions()) {
        ps.add(p);
        cs.add(c);
      }
    }
    double[] batch = model.scoreBatch(ps, cs);
    double[] expected = new double[ps.size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = model.score(ps.get(i), cs.get(i));
    }
    assertArrayEquals(expected, batch, batchTolerance());
  }

  @Test
  default void badInputIsRefused() {
    M model = rewardModel();
    Prompt p = prompts().get(0);
    Completion c = completions().get(0);
    assertRefused(() -> model.score(null, c), "score(null, completion)");
    assertRefused(() -> model.score(p, null), "score(prompt, null)");
    assertRefused(() -> model.scoreAll(null, completions()), "scoreAll(null, completions)");
    assertRefused(() -> model.scoreAll(p, null), "scoreAll(prompt, null)");
    assertThrows(IllegalArgumentException.class, () -> model.scoreBatch(List.of(p, p), List.of(c)),
        "scoreBatch with 2 prompts and 1 completion");
  }

  /** Asserts that {@code call} throws {@link NullPointerException} or {@link IllegalArgumentException}. */
  private static void assertRefused(Runnable call, String what) {
    RuntimeException e = assertThrows(RuntimeException.class, call::run, what + " must be refused");
    assertTrue(e instanceof NullPointerException || e instanceof IllegalArgumentException,
        what + " threw " + e + ", expected NullPointerException or IllegalArgumentException");
  }
}
