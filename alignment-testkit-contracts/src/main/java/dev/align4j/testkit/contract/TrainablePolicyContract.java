package dev.align4j.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.Policy;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link TrainablePolicy}, as JUnit tests an implementer inherits: a test class implements
 * {@code TrainablePolicyContract<MyPolicy>}, supplies a seeded policy, a prompt with completions it can score, access
 * to its parameters and its checkpoint format, and gets every test below.
 *
 * <ul>
 *   <li>{@code forward(...).logProbs()} equals {@code logProbs(...)};
 *   <li>{@code backward} matches central finite differences: for the loss L = Σ_t w_t·log π(y_t) with random weights
 *       w, the accumulated gradient of each checked parameter equals (L(θ + h) − L(θ − h)) / 2h within
 *       {@link #gradientTolerance(double)};
 *   <li>{@code zeroGrad} clears the accumulated gradient; gradients of two backward passes add up;
 *   <li>a checkpoint round trip restores the policy exactly: the same log-probabilities, the same step count, and the
 *       same next step (the optimiser state is part of the checkpoint);
 *   <li>{@code frozenCopy} does not move when the policy steps;
 *   <li>the batch API agrees with the single-example methods: {@code logProbsBatch} equals {@code logProbs}, and
 *       {@code forwardBatch} + {@code backwardBatch} (per-token and per-sequence gradients) accumulate the gradient of
 *       single forward and backward passes, compared through the effect of one {@code step} on the log-probabilities
 *       within {@link #batchStepTolerance(double)};
 *   <li>{@code sampleBatch} is deterministic for a given generator state (whatever runs it in parallel), returns one
 *       sample per prompt, and the policy scores its own samples;
 *   <li>bad input is refused: a missing prompt or completion, an upstream gradient of the wrong length.
 * </ul>
 *
 * <p>The checkpoint format is reached through {@link #writeState} and {@link #readState}, because core does not define
 * one yet; an implementation of a {@code Checkpointable}-style interface forwards to it.
 *
 * @param <P> the policy type under test
 */
public interface TrainablePolicyContract<P extends TrainablePolicy> {

  /** A new policy, the same for the same seed, different (in its parameters) for different seeds. */
  P newPolicy(long seed);

  /** A prompt the policy can score completions for. */
  Prompt prompt();

  /** Two or more completions of {@link #prompt()} the policy assigns a finite log-probability. */
  List<Completion> completions();

  /** A view of the parameters and the accumulated gradient of {@code policy}. */
  Parameters parameters(P policy);

  /** Writes the full training state of {@code policy} (parameters, optimiser state, step count). */
  void writeState(P policy, DataOutputStream out) throws IOException;

  /** Replaces the training state of {@code policy} with one written by {@link #writeState}. */
  void readState(P policy, DataInputStream in) throws IOException;

  /** The finite-difference step; 1e-3 by default, suited to single-precision parameters. */
  default double finiteDifferenceStep() {
    return 1e-3;
  }

  /** How far an analytic derivative may be from the finite difference {@code fd}; 1e-3 + 2 % by default. */
  default double gradientTolerance(double fd) {
    return 1e-3 + 0.02 * Math.abs(fd);
  }

  /**
   * How far a log-probability after a step on batch gradients may be from the one after a step on the same gradients
   * accumulated by single passes, given {@code change}, the largest change of a log-probability the step caused;
   * {@code 1e-9 + 1e-3 × change} by default (an implementation that sums a batch in another order than a loop of
   * single passes differs by rounding, which an adaptive optimiser can amplify for parameters whose gradient is
   * nearly zero).
   */
  default double batchStepTolerance(double change) {
    return 1e-9 + 1e-3 * change;
  }

  /** How many parameters the gradient check perturbs (the largest gradients and random others); 24 by default. */
  default int parametersToCheck() {
    return 24;
  }

  /** A view of a policy's parameters and accumulated gradient. */
  interface Parameters {
    /** The number of parameters. */
    int size();

    /** Parameter {@code i}. */
    double get(int i);

    /** The accumulated gradient of parameter {@code i}. */
    double gradient(int i);

    /**
     * A policy equal to the viewed one except that parameter {@code i} is {@code value}: the viewed policy itself with
     * the parameter set (the contract sets it back to {@link #get} afterwards), or a new policy.
     */
    Policy withParameter(int i, double value);
  }

  private double weightedLogProb(Policy policy, Completion c, double[] w) {
    double[] lp = policy.logProbs(prompt(), c).values();
    double s = 0;
    for (int t = 0; t < lp.length; t++) {
      s += w[t] * lp[t];
    }
    return s;
  }

  private double[] weights(int n, SplittableRandom random) {
    double[] w = new double[n];
    for (int t = 0; t < n; t++) {
      w[t] = random.nextDouble(-1, 1);
    }
    return w;
  }

  @Test
  default void forwardLogProbsEqualPolicyLogProbs() {
    P policy = newPolicy(1);
    for (Completion c : completions()) {
      double[] viaForward = policy.forward(prompt(), c).logProbs().values();
      double[] direct = policy.logProbs(prompt(), c).values();
      assertArrayEquals(direct, viaForward, 1e-9, "log-probabilities of \"" + c.text() + "\"");
      for (double lp : direct) {
        assertTrue(
            lp <= 0 && Double.isFinite(lp), "log-probability " + lp + " of \"" + c.text() + "\"");
      }
    }
  }

  @Test
  default void backwardMatchesCentralFiniteDifferences() {
    SplittableRandom random = new SplittableRandom(7);
    for (Completion c : completions()) {
      P policy = newPolicy(3);
      policy.zeroGrad();
      TrainablePolicy.Forward f = policy.forward(prompt(), c);
      double[] w = weights(f.logProbs().length(), random);
      f.backward(w);
      Parameters params = parameters(policy);
      int n = params.size();
      // the largest gradients (where an error shows) and random others (where a missing term shows)
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(
          order,
          (a, b) -> Double.compare(Math.abs(params.gradient(b)), Math.abs(params.gradient(a))));
      int k = Math.min(n, parametersToCheck());
      int[] checked = new int[k];
      for (int j = 0; j < k; j++) {
        checked[j] = j < k / 2 ? order[j] : random.nextInt(n);
      }
      double h = finiteDifferenceStep();
      for (int i : checked) {
        double analytic = params.gradient(i);
        double saved = params.get(i);
        double plus = weightedLogProb(params.withParameter(i, saved + h), c, w);
        double minus = weightedLogProb(params.withParameter(i, saved - h), c, w);
        params.withParameter(i, saved);
        double fd = (plus - minus) / (2 * h);
        assertEquals(
            fd, analytic, gradientTolerance(fd), "d/dθ[" + i + "] for \"" + c.text() + "\"");
      }
    }
  }

  @Test
  default void zeroGradClearsAndBackwardAccumulates() {
    P policy = newPolicy(5);
    Completion c = completions().get(0);
    policy.zeroGrad();
    TrainablePolicy.Forward f = policy.forward(prompt(), c);
    double[] w = weights(f.logProbs().length(), new SplittableRandom(9));
    f.backward(w);
    Parameters params = parameters(policy);
    double[] once = new double[params.size()];
    double norm = 0;
    for (int i = 0; i < once.length; i++) {
      once[i] = params.gradient(i);
      norm += Math.abs(once[i]);
    }
    assertTrue(norm > 0, "a backward pass with nonzero weights left no gradient");
    policy.forward(prompt(), c).backward(w);
    for (int i = 0; i < once.length; i++) {
      assertEquals(
          2 * once[i],
          params.gradient(i),
          1e-6 * (1 + Math.abs(once[i])),
          "accumulated gradient " + i);
    }
    policy.zeroGrad();
    for (int i = 0; i < once.length; i++) {
      assertEquals(0.0, params.gradient(i), 0.0, "gradient " + i + " after zeroGrad");
    }
  }

  /** Two training steps on the first completion's log-likelihood. */
  private void train(P policy, int steps) {
    for (int s = 0; s < steps; s++) {
      policy.zeroGrad();
      TrainablePolicy.Forward f = policy.forward(prompt(), completions().get(0));
      double[] up = new double[f.logProbs().length()];
      Arrays.fill(up, -1.0); // d(−Σ log π)/d log π
      f.backward(up);
      policy.step(1e-2);
    }
  }

  @Test
  default void checkpointRoundTripRestoresThePolicyExactly() throws IOException {
    P trained = newPolicy(11);
    train(trained, 3);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeState(trained, out);
    }
    P restored = newPolicy(12);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      readState(restored, in);
    }
    assertEquals(trained.stepCount(), restored.stepCount(), "step count");
    for (Completion c : completions()) {
      assertArrayEquals(
          trained.logProbs(prompt(), c).values(),
          restored.logProbs(prompt(), c).values(),
          0.0,
          "log-probabilities of \"" + c.text() + "\" after the round trip");
    }
    // the optimiser state came along: the next step moves both alike
    train(trained, 1);
    train(restored, 1);
    for (Completion c : completions()) {
      assertArrayEquals(
          trained.logProbs(prompt(), c).values(),
          restored.logProbs(prompt(), c).values(),
          0.0,
          "log-probabilities of \"" + c.text() + "\" one step after the round trip");
    }
  }

  @Test
  default void frozenCopyDoesNotMoveWithThePolicy() {
    P policy = newPolicy(13);
    Policy frozen = policy.frozenCopy();
    double[] before = frozen.logProbs(prompt(), completions().get(0)).values();
    train(policy, 2);
    assertArrayEquals(before, frozen.logProbs(prompt(), completions().get(0)).values(), 0.0);
    double[] moved = policy.logProbs(prompt(), completions().get(0)).values();
    assertTrue(!Arrays.equals(before, moved), "two training steps did not change the policy");
  }

  @Test
  default void sampleBatchIsDeterministicForAGeneratorState() {
    P policy = newPolicy(23);
    List<Prompt> prompts = Collections.nCopies(20, prompt());
    SamplingParameters sampling = SamplingParameters.DEFAULT.withMaxTokens(8);
    List<Completion> first = policy.sampleBatch(prompts, sampling, new SplittableRandom(29));
    List<Completion> second = policy.sampleBatch(prompts, sampling, new SplittableRandom(29));
    assertEquals(prompts.size(), first.size(), "one sample per prompt");
    for (int i = 0; i < prompts.size(); i++) {
      Completion a = first.get(i);
      Completion b = second.get(i);
      assertEquals(
          a.text(), b.text(), "sampleBatch example " + i + " with the same generator state");
      assertArrayEquals(a.tokenIds(), b.tokenIds(), "sampleBatch example " + i + " token ids");
      double lp = policy.sequenceLogProb(prompt(), a);
      assertTrue(Double.isFinite(lp), "sample " + i + " (\"" + a.text() + "\") scores " + lp);
    }
  }

  @Test
  default void logProbsBatchEqualsLogProbs() {
    P policy = newPolicy(19);
    List<Completion> cs = completions();
    List<Prompt> prompts = Collections.nCopies(cs.size(), prompt());
    List<TokenLogProbs> batch = policy.logProbsBatch(prompts, cs);
    assertEquals(cs.size(), batch.size(), "one result per example");
    for (int i = 0; i < cs.size(); i++) {
      assertArrayEquals(
          policy.logProbs(prompt(), cs.get(i)).values(),
          batch.get(i).values(),
          1e-9,
          "logProbsBatch example " + i + " (\"" + cs.get(i).text() + "\")");
    }
  }

  @Test
  default void batchBackwardAccumulatesTheGradientOfSinglePasses() {
    List<Completion> cs = completions();
    List<Prompt> prompts = Collections.nCopies(cs.size(), prompt());
    SplittableRandom random = new SplittableRandom(23);
    int[] lengths = new int[cs.size()];
    P probe = newPolicy(29);
    for (int i = 0; i < cs.size(); i++) {
      lengths[i] = probe.logProbs(prompt(), cs.get(i)).length();
    }
    double[] perToken = weights(Arrays.stream(lengths).sum(), random);
    double[] perSequence = weights(cs.size(), random);
    for (boolean byToken : new boolean[] {true, false}) {
      String shape = byToken ? "per-token" : "per-sequence";
      P single = newPolicy(29);
      double[] before = logProbsOf(single);
      single.zeroGrad();
      int offset = 0;
      for (int i = 0; i < cs.size(); i++) {
        double[] g = new double[lengths[i]];
        if (byToken) {
          System.arraycopy(perToken, offset, g, 0, lengths[i]);
        } else {
          Arrays.fill(g, perSequence[i]);
        }
        offset += lengths[i];
        single.forward(prompt(), cs.get(i)).backward(g);
      }
      single.step(1e-2);
      P batch = newPolicy(29);
      batch.zeroGrad();
      List<? extends TrainablePolicy.Forward> fs = batch.forwardBatch(prompts, cs);
      assertEquals(cs.size(), fs.size(), "one forward per example");
      batch.backwardBatch(
          fs,
          byToken
              ? TokenGradients.perToken(perToken, lengths)
              : TokenGradients.perSequence(perSequence));
      batch.step(1e-2);
      double[] afterSingle = logProbsOf(single);
      double[] afterBatch = logProbsOf(batch);
      double change = 0;
      for (int t = 0; t < before.length; t++) {
        change = Math.max(change, Math.abs(afterSingle[t] - before[t]));
      }
      assertTrue(change > 0, shape + ": a step on nonzero gradients changed no log-probability");
      assertArrayEquals(
          afterSingle,
          afterBatch,
          batchStepTolerance(change),
          shape
              + ": log-probabilities after a step on batch gradients vs on single-pass gradients");
    }
  }

  /** The log-probabilities of every completion, concatenated. */
  private double[] logProbsOf(P policy) {
    return completions().stream()
        .flatMapToDouble(c -> Arrays.stream(policy.logProbs(prompt(), c).values()))
        .toArray();
  }

  @Test
  default void badInputIsRefused() {
    P policy = newPolicy(17);
    Completion c = completions().get(0);
    assertRefused(() -> policy.forward(null, c), "forward(null, completion)");
    assertRefused(() -> policy.forward(prompt(), null), "forward(prompt, null)");
    TrainablePolicy.Forward f = policy.forward(prompt(), c);
    int n = f.logProbs().length();
    assertThrows(
        IllegalArgumentException.class,
        () -> f.backward(new double[n + 1]),
        "backward with " + (n + 1) + " upstream values for " + n + " tokens");
  }

  /** Asserts that {@code call} throws {@link NullPointerException} or {@link IllegalArgumentException}. */
  private static void assertRefused(Runnable call, String what) {
    RuntimeException e = assertThrows(RuntimeException.class, call::run, what + " must be refused");
    assertTrue(
        e instanceof NullPointerException || e instanceof IllegalArgumentException,
        what + " threw " + e + ", expected NullPointerException or IllegalArgumentException");
  }
}
