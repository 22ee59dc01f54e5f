package dev.align4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The default batch methods of {@link Policy}, {@link TrainablePolicy} and {@link ValueHeadPolicy} on a tiny policy
 * that records every backward call: they loop in index order, expand or slice the gradients as documented, check
 * shapes before anything is accumulated, and name the failing example.
 */
class BatchDefaultsTest {
  private static final Prompt P = Prompt.of("q");

  /** One backward call as the policy saw it. */
  private record Call(String completion, double[] tokens, double[] values) {}

  /**
   * A policy whose completion tokens are the characters of the text, with {@code log π(y_t) = −(t + 1)/10}; backward
   * passes are recorded, not applied. A completion containing {@code '!'} is refused.
   */
  private static final class RecordingPolicy implements ValueHeadPolicy {
    final List<Call> calls = new ArrayList<>();

    @Override
    public Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
      if (prompt.text().contains("!")) {
        throw new IllegalArgumentException(
            "prompt must not contain '!', was \"" + prompt.text() + "\"");
      }
      return Completion.of(prompt.text() + random.nextInt(1_000_000));
    }

    @Override
    public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
      if (completion.text().contains("!")) {
        throw new IllegalArgumentException(
            "completion must not contain '!', was \"" + completion.text() + "\"");
      }
      double[] lp = new double[completion.text().length()];
      for (int t = 0; t < lp.length; t++) {
        lp[t] = -(t + 1) / 10.0;
      }
      return new TokenLogProbs(lp);
    }

    @Override
    public ValueForward forward(Prompt prompt, Completion completion) {
      return forwardWithValues(prompt, completion);
    }

    @Override
    public ValueForward forwardWithValues(Prompt prompt, Completion completion) {
      TokenLogProbs lp = logProbs(prompt, completion);
      return new ValueForward() {
        @Override
        public TokenLogProbs logProbs() {
          return lp;
        }

        @Override
        public double[] values() {
          return new double[lp.length()];
        }

        @Override
        public void backward(double[] dLossDTokenLogProbs, double[] dLossDValues) {
          if (dLossDTokenLogProbs.length != lp.length() || dLossDValues.length != lp.length()) {
            throw new IllegalArgumentException("gradients must have " + lp.length() + " elements");
          }
          calls.add(new Call(completion.text(), dLossDTokenLogProbs.clone(), dLossDValues.clone()));
        }
      };
    }

    @Override
    public void zeroGrad() {}

    @Override
    public double step(double learningRate) {
      return 0;
    }

    @Override
    public long stepCount() {
      return 0;
    }

    @Override
    public long parameterCount() {
      return 0;
    }

    @Override
    public Policy frozenCopy() {
      return this;
    }
  }

  private static final List<Prompt> PROMPTS = List.of(P, P, P);
  private static final List<Completion> COMPLETIONS =
      List.of(Completion.of("ab"), Completion.of("c"), Completion.of("def"));

  @Test
  void logProbsBatchEqualsLogProbsInOrderAndNamesTheFailingExample() {
    RecordingPolicy policy = new RecordingPolicy();
    List<TokenLogProbs> batch = policy.logProbsBatch(PROMPTS, COMPLETIONS);
    assertEquals(3, batch.size());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(
          policy.logProbs(P, COMPLETIONS.get(i)).values(), batch.get(i).values(), 0.0);
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                policy.logProbsBatch(
                    PROMPTS, List.of(Completion.of("a"), Completion.of("b!"), Completion.of("c"))));
    assertTrue(
        e.getMessage().startsWith("batch example 1: completion must not contain"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> policy.logProbsBatch(List.of(P), COMPLETIONS));
    assertTrue(
        e.getMessage().contains("prompts and completions must have the same length, were 1 and 3"),
        e.getMessage());
  }

  @Test
  void sampleBatchDrawsEachExampleInIndexOrderFromTheOneGenerator() {
    RecordingPolicy policy = new RecordingPolicy();
    List<Prompt> prompts = List.of(Prompt.of("x"), Prompt.of("y"), Prompt.of("x"));
    List<Completion> batch =
        policy.sampleBatch(prompts, SamplingParameters.DEFAULT, new SplittableRandom(7));
    // the reference: the loop the default documents, on a generator in the same state
    SplittableRandom random = new SplittableRandom(7);
    List<String> expected = new ArrayList<>();
    for (Prompt p : prompts) {
      expected.add(p.text() + random.nextInt(1_000_000));
    }
    assertEquals(expected, batch.stream().map(Completion::text).toList());
    assertNotEquals(
        batch.get(0).text(), batch.get(2).text(), "a repeated prompt is sampled afresh");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                policy.sampleBatch(
                    List.of(P, Prompt.of("b!")),
                    SamplingParameters.DEFAULT,
                    new SplittableRandom(7)));
    assertTrue(
        e.getMessage().startsWith("batch example 1: prompt must not contain"), e.getMessage());
    assertTrue(
        policy
            .sampleBatch(List.of(), SamplingParameters.DEFAULT, new SplittableRandom(7))
            .isEmpty());
  }

  @Test
  void forwardBatchRunsForwardInOrderAndNamesTheFailingExample() {
    RecordingPolicy policy = new RecordingPolicy();
    List<? extends TrainablePolicy.Forward> fs = policy.forwardBatch(PROMPTS, COMPLETIONS);
    assertEquals(List.of(2, 1, 3), fs.stream().map(f -> f.logProbs().length()).toList());
    List<? extends ValueHeadPolicy.ValueForward> vs =
        policy.forwardBatchWithValues(PROMPTS, COMPLETIONS);
    assertEquals(List.of(2, 1, 3), vs.stream().map(f -> f.values().length).toList());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                policy.forwardBatch(
                    PROMPTS, List.of(Completion.of("a"), Completion.of("b"), Completion.of("!"))));
    assertTrue(e.getMessage().startsWith("batch example 2: "), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                policy.forwardBatchWithValues(
                    PROMPTS, List.of(Completion.of("!"), Completion.of("b"), Completion.of("c"))));
    assertTrue(e.getMessage().startsWith("batch example 0: "), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> policy.forwardBatch(PROMPTS, COMPLETIONS.subList(0, 2)));
  }

  @Test
  void perSequenceGradientsReachEveryTokenInIndexOrder() {
    RecordingPolicy policy = new RecordingPolicy();
    List<? extends TrainablePolicy.Forward> fs = policy.forwardBatch(PROMPTS, COMPLETIONS);
    policy.backwardBatch(fs, TokenGradients.perSequence(new double[] {0.5, -2, 3}));
    assertEquals(List.of("ab", "c", "def"), policy.calls.stream().map(Call::completion).toList());
    assertArrayEquals(new double[] {0.5, 0.5}, policy.calls.get(0).tokens(), 0.0);
    assertArrayEquals(new double[] {-2}, policy.calls.get(1).tokens(), 0.0);
    assertArrayEquals(new double[] {3, 3, 3}, policy.calls.get(2).tokens(), 0.0);
    // a ValueForward's token-only backward passes zero value gradients
    assertArrayEquals(new double[] {0, 0, 0}, policy.calls.get(2).values(), 0.0);
  }

  @Test
  void perTokenGradientsAreSlicedByOffsets() {
    RecordingPolicy policy = new RecordingPolicy();
    List<? extends TrainablePolicy.Forward> fs = policy.forwardBatch(PROMPTS, COMPLETIONS);
    double[] g = {1, 2, 3, 4, 5, 6};
    policy.backwardBatch(fs, TokenGradients.perToken(g, new int[] {2, 1, 3}));
    assertArrayEquals(new double[] {1, 2}, policy.calls.get(0).tokens(), 0.0);
    assertArrayEquals(new double[] {3}, policy.calls.get(1).tokens(), 0.0);
    assertArrayEquals(new double[] {4, 5, 6}, policy.calls.get(2).tokens(), 0.0);
  }

  @Test
  void valueBatchBackwardSlicesBothGradientsAlike() {
    RecordingPolicy policy = new RecordingPolicy();
    List<? extends ValueHeadPolicy.ValueForward> fs =
        policy.forwardBatchWithValues(PROMPTS, COMPLETIONS);
    int[] lengths = {2, 1, 3};
    policy.backwardBatch(
        fs,
        TokenGradients.perToken(new double[] {1, 2, 3, 4, 5, 6}, lengths),
        TokenGradients.perToken(new double[] {-1, -2, -3, -4, -5, -6}, lengths));
    assertArrayEquals(new double[] {4, 5, 6}, policy.calls.get(2).tokens(), 0.0);
    assertArrayEquals(new double[] {-4, -5, -6}, policy.calls.get(2).values(), 0.0);
    assertArrayEquals(new double[] {-3}, policy.calls.get(1).values(), 0.0);

    RecordingPolicy fresh = new RecordingPolicy();
    List<? extends ValueHeadPolicy.ValueForward> gs =
        fresh.forwardBatchWithValues(PROMPTS, COMPLETIONS);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                fresh.backwardBatch(
                    gs,
                    TokenGradients.perToken(new double[6], lengths),
                    TokenGradients.perToken(new double[6], new int[] {1, 2, 3})));
    assertTrue(e.getMessage().contains("dLossDValues"), e.getMessage());
    assertTrue(fresh.calls.isEmpty(), "nothing was back-propagated");
  }

  @Test
  void badShapesAreRefusedBeforeAnythingIsBackPropagated() {
    RecordingPolicy policy = new RecordingPolicy();
    List<? extends TrainablePolicy.Forward> fs = policy.forwardBatch(PROMPTS, COMPLETIONS);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> policy.backwardBatch(fs, TokenGradients.perSequence(new double[] {1, 2})));
    assertTrue(
        e.getMessage().contains("forwards and gradients must have the same length, were 3 and 2"),
        e.getMessage());
    // the last sequence has the wrong token count: the first two must not have been back-propagated
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                policy.backwardBatch(
                    fs, TokenGradients.perToken(new double[7], new int[] {2, 1, 4})));
    assertTrue(
        e.getMessage().contains("sequence 2") && e.getMessage().contains("forwards[2], 3, had 4"),
        e.getMessage());
    assertTrue(policy.calls.isEmpty(), "nothing was back-propagated");
  }

  @Test
  void forwardDefaultsCheckTheirArguments() {
    RecordingPolicy policy = new RecordingPolicy();
    TrainablePolicy.Forward f = policy.forward(P, Completion.of("abc"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> f.backwardUniform(Double.NaN));
    assertTrue(e.getMessage().contains("dLossDSequenceLogProb"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> f.backward(new double[5], 3));
    assertTrue(
        e.getMessage().contains("offset into tokenGradients must be in [0, 2]")
            && e.getMessage().contains("was 3"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> f.backward(new double[5], -1));
    double[] withNaN = {0, 0, Double.NaN, 0, 0};
    e = assertThrows(IllegalArgumentException.class, () -> f.backward(withNaN, 1));
    assertTrue(
        e.getMessage().contains("tokenGradients[2] must be finite, was NaN"), e.getMessage());
    assertTrue(policy.calls.isEmpty(), "a refused slice back-propagates nothing");
    ValueHeadPolicy.ValueForward v = policy.forwardWithValues(P, Completion.of("abc"));
    e =
        assertThrows(
            IllegalArgumentException.class, () -> v.backward(new double[4], new double[5], 0));
    assertTrue(e.getMessage().contains("dLossDTokenLogProbs and dLossDValues"), e.getMessage());
    assertTrue(policy.calls.isEmpty());
    f.backward(new double[] {9, 1, 2, 3, 9}, 1);
    assertArrayEquals(new double[] {1, 2, 3}, policy.calls.get(0).tokens(), 0.0);
    f.backwardUniform(0.25);
    assertArrayEquals(new double[] {0.25, 0.25, 0.25}, policy.calls.get(1).tokens(), 0.0);
  }
}
