package dev.align4j.policies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.Policy;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.ValueHeadPolicy;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogLinearPolicyTest {

  @Property(trials = 40)
  void distributionIsTheSoftmaxOfTheScores(Gen gen) {
    SyntheticCandidates s = new SyntheticCandidates(gen.intIn(1, 6), gen.intIn(1, 7), gen.seed());
    double[] theta = gen.gaussians(s.dimension);
    LogLinearPolicy p = s.policyBuilder().initialParameters(theta).build();
    Prompt x = s.prompt(gen.intIn(0, 9));
    double[] dist = p.distribution(x);
    double norm = 0;
    for (Completion c : s.candidates(x)) {
      norm += Math.exp(SyntheticCandidates.dot(theta, s.features(x, c)));
    }
    double total = 0;
    for (int i = 0; i < s.k; i++) {
      Completion c = s.candidates(x).get(i);
      double expected = Math.exp(SyntheticCandidates.dot(theta, s.features(x, c))) / norm;
      assertEquals(expected, dist[i], 1e-12);
      assertEquals(Math.log(expected), p.logProbs(x, c).get(0), 1e-10);
      assertEquals(1, p.logProbs(x, c).length());
      total += dist[i];
    }
    assertEquals(1.0, total, 1e-12);
  }

  @Property(trials = 40)
  void backwardMatchesCentralFiniteDifferences(Gen gen) {
    SyntheticCandidates s = new SyntheticCandidates(gen.intIn(1, 5), gen.intIn(2, 6), gen.seed());
    double[] theta = gen.gaussians(s.dimension);
    Prompt x = s.prompt(gen.intIn(0, 9));
    Completion y = s.candidates(x).get(gen.intIn(0, s.k - 1));
    double upstream = gen.doubleIn(-3, 3);
    LogLinearPolicy p = s.policyBuilder().initialParameters(theta).build();
    TrainablePolicy.Forward f = p.forward(x, y);
    f.backward(new double[] {upstream});
    double[] grad = p.gradient();
    double h = 1e-5;
    for (int j = 0; j < s.dimension; j++) {
      double[] plus = theta.clone();
      double[] minus = theta.clone();
      plus[j] += h;
      minus[j] -= h;
      double lp = s.policyBuilder().initialParameters(plus).build().logProbs(x, y).get(0);
      double lm = s.policyBuilder().initialParameters(minus).build().logProbs(x, y).get(0);
      assertEquals(upstream * (lp - lm) / (2 * h), grad[j], 1e-6, "coordinate " + j);
    }
  }

  @Test
  void batchMethodsWorkThroughTheDefaultsAndEqualSinglePasses() {
    SyntheticCandidates s = new SyntheticCandidates(3, 4, 13);
    double[] theta = {0.4, -0.2, 0.7};
    List<Prompt> prompts = List.of(s.prompt(0), s.prompt(1), s.prompt(2));
    List<Completion> completions =
        List.of(
            s.candidates(prompts.get(0)).get(1),
            s.candidates(prompts.get(1)).get(3),
            s.candidates(prompts.get(2)).get(0));
    double[] g = {0.5, -1.5, 2.0};
    LogLinearPolicy single = s.policyBuilder().initialParameters(theta).build();
    for (int i = 0; i < 3; i++) {
      single.forward(prompts.get(i), completions.get(i)).backward(new double[] {g[i]});
    }
    LogLinearPolicy batch = s.policyBuilder().initialParameters(theta).build();
    List<? extends TrainablePolicy.Forward> fs = batch.forwardBatch(prompts, completions);
    batch.backwardBatch(fs, TokenGradients.perSequence(g));
    // the same additions in the same order: equal bit for bit
    assertArrayEquals(single.gradient(), batch.gradient(), 0.0);
    LogLinearPolicy perToken = s.policyBuilder().initialParameters(theta).build();
    perToken.backwardBatch(
        perToken.forwardBatch(prompts, completions),
        TokenGradients.perToken(g, new int[] {1, 1, 1}));
    assertArrayEquals(single.gradient(), perToken.gradient(), 0.0);
    List<TokenLogProbs> lps = batch.logProbsBatch(prompts, completions);
    for (int i = 0; i < 3; i++) {
      assertEquals(
          single.logProbs(prompts.get(i), completions.get(i)).get(0), lps.get(i).get(0), 0.0);
    }
    // value gradients through the batch: θ gets none (zero token gradients); the value bias gets Σ
    // 2.5 > 0, so
    // AdamW's first step moves it by −lr
    LogLinearPolicy values = s.policyBuilder().initialParameters(theta).build();
    values.backwardBatch(
        values.forwardBatchWithValues(prompts, completions),
        TokenGradients.perToken(new double[3], new int[] {1, 1, 1}),
        TokenGradients.perToken(new double[] {1.0, 2.0, -0.5}, new int[] {1, 1, 1}));
    assertArrayEquals(new double[3], values.gradient(), 0.0);
    values.step(0.1);
    assertEquals(-0.1, values.valueHeadParameters()[3], 1e-6);
    TrainablePolicy.Forward f = batch.forward(prompts.get(0), completions.get(0));
    assertThrows(IllegalArgumentException.class, () -> f.backwardUniform(Double.NaN));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> f.backward(new double[2], 2));
    assertTrue(
        e.getMessage().contains("offset into tokenGradients") && e.getMessage().contains("was 2"),
        e.getMessage());
    f.backward(new double[] {0, 7}, 1);
    assertThrows(
        IllegalArgumentException.class, () -> f.backwardUniform(1.0), "a second backward pass");
  }

  @Test
  void valueHeadLearnsARegressionTarget() {
    SyntheticCandidates s = new SyntheticCandidates(3, 4, 5);
    LogLinearPolicy p = s.policyBuilder().build();
    Prompt x = s.prompt(1);
    Completion y = s.candidates(x).get(0);
    for (int i = 0; i < 400; i++) {
      p.zeroGrad();
      ValueHeadPolicy.ValueForward f = p.forwardWithValues(x, y);
      double v = f.values()[0];
      f.backward(new double[] {0}, new double[] {v - 2.5}); // ∂ ½(v − 2.5)² / ∂v
      p.step(0.05);
    }
    assertEquals(2.5, p.forwardWithValues(x, y).values()[0], 1e-2);
  }

  @Test
  void samplingFrequenciesFollowTheDistribution() {
    SyntheticCandidates s = new SyntheticCandidates(3, 5, 11);
    LogLinearPolicy p = s.policyBuilder().initialParameters(new double[] {0.8, -0.5, 0.3}).build();
    Prompt x = s.prompt(2);
    double[] dist = p.distribution(x);
    List<Completion> cands = p.candidates(x);
    int[] counts = new int[cands.size()];
    SplittableRandom r = new SplittableRandom(7);
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      Completion c = p.sample(x, SamplingParameters.DEFAULT, r);
      counts[cands.stream().map(Completion::text).toList().indexOf(c.text())]++;
      assertEquals(p.logProbs(x, c).get(0), c.tokenLogProbs()[0], 1e-12);
    }
    for (int i = 0; i < counts.length; i++) {
      double sd = Math.sqrt(n * dist[i] * (1 - dist[i]));
      assertEquals(n * dist[i], counts[i], 5 * sd + 1, "candidate " + i);
    }
  }

  @Test
  void topKOneAndTinyTemperatureAreGreedy() {
    SyntheticCandidates s = new SyntheticCandidates(3, 6, 13);
    LogLinearPolicy p = s.policyBuilder().initialParameters(new double[] {0.4, 0.2, -0.9}).build();
    Prompt x = s.prompt(3);
    Completion best = p.mostLikely(x);
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 50; i++) {
      assertEquals(best.text(), p.sample(x, SamplingParameters.DEFAULT.withTopK(1), r).text());
      assertEquals(
          best.text(), p.sample(x, SamplingParameters.DEFAULT.withTemperature(1e-6), r).text());
      assertEquals(best.text(), p.sample(x, SamplingParameters.DEFAULT.withTopP(1e-9), r).text());
    }
  }

  @Test
  void frozenCopyIsIndependentAndMixtureInterpolates() {
    SyntheticCandidates s = new SyntheticCandidates(2, 3, 17);
    LogLinearPolicy p = s.policyBuilder().initialParameters(new double[] {1, -1}).build();
    Prompt x = s.prompt(0);
    Completion y = s.candidates(x).get(1);
    Policy frozen = p.frozenCopy();
    double before = frozen.logProbs(x, y).get(0);
    p.forward(x, y).backward(new double[] {-1});
    p.step(0.5);
    assertNotEquals(before, p.logProbs(x, y).get(0));
    assertEquals(before, frozen.logProbs(x, y).get(0), 0.0);
    double[] theta = p.parameters();
    Policy mixed = p.frozenMixture(frozen, 0.25);
    double[] expectedTheta = {0.25 * theta[0] + 0.75 * 1, 0.25 * theta[1] + 0.75 * -1};
    LogLinearPolicy check = s.policyBuilder().initialParameters(expectedTheta).build();
    assertEquals(check.logProbs(x, y).get(0), mixed.logProbs(x, y).get(0), 1e-12);
    SyntheticCandidates other = new SyntheticCandidates(3, 3, 17);
    Policy wrongShape = other.policyBuilder().build().frozenCopy();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> p.frozenMixture(wrongShape, 0.5));
    assertEquals(
        "reference must have the policy's shape: policy dimension 2, reference dimension 3",
        e.getMessage());
  }

  @Test
  void failedStepLeavesParametersUntouched() {
    SyntheticCandidates s = new SyntheticCandidates(2, 3, 19);
    LogLinearPolicy p = s.policyBuilder().initialParameters(new double[] {0.3, 0.1}).build();
    Prompt x = s.prompt(0);
    p.forward(x, s.candidates(x).get(0)).backward(new double[] {Double.NaN});
    assertThrows(IllegalStateException.class, () -> p.step(0.1));
    assertArrayEquals(new double[] {0.3, 0.1}, p.parameters(), 0.0);
    assertEquals(0, p.stepCount());
  }

  @Test
  void badInputIsNamed() {
    SyntheticCandidates s = new SyntheticCandidates(2, 3, 23);
    LogLinearPolicy p = s.policyBuilder().build();
    Prompt x = s.prompt(0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> p.logProbs(x, Completion.of("nope")));
    assertEquals(
        "completion must be one of the 3 candidates of the prompt, was \"nope\"", e.getMessage());
    LogLinearPolicy wrong =
        LogLinearPolicy.builder()
            .dimension(3)
            .featurizer(s::features)
            .candidates(s::candidates)
            .build();
    e = assertThrows(IllegalArgumentException.class, () -> wrong.distribution(x));
    assertEquals(
        "featurizer must return 3 features, returned 2 for candidate \"p0-c0\"", e.getMessage());
    LogLinearPolicy empty =
        LogLinearPolicy.builder()
            .dimension(2)
            .featurizer(s::features)
            .candidates(q -> List.of())
            .build();
    e = assertThrows(IllegalArgumentException.class, () -> empty.distribution(x));
    assertEquals("candidates of prompt \"p0\" must not be empty", e.getMessage());
    TrainablePolicy.Forward f = p.forward(x, s.candidates(x).get(0));
    e = assertThrows(IllegalArgumentException.class, () -> f.backward(new double[2]));
    assertEquals("dLossDTokenLogProbs must have 1 element (one choice), had 2", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> s.policyBuilder().initialParameters(new double[3]).build());
    assertEquals(
        "initialParameters and dimension must have the same length, were 3 and 2", e.getMessage());
  }

  @Test
  void stateRoundTripRestoresParametersAndMoments() throws IOException {
    SyntheticCandidates s = new SyntheticCandidates(3, 4, 29);
    LogLinearPolicy a = s.policyBuilder().build();
    Prompt x = s.prompt(0);
    Completion y = s.candidates(x).get(2);
    a.forward(x, y).backward(new double[] {-1});
    a.step(0.1);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    a.writeState(new DataOutputStream(buf));
    LogLinearPolicy b = s.policyBuilder().build();
    b.readState(new DataInputStream(new ByteArrayInputStream(buf.toByteArray())));
    assertArrayEquals(a.parameters(), b.parameters(), 0.0);
    assertEquals(1, b.stepCount());
    for (LogLinearPolicy p : List.of(a, b)) {
      p.zeroGrad();
      p.forward(x, y).backward(new double[] {-1});
      p.step(0.1);
    }
    assertArrayEquals(a.parameters(), b.parameters(), 0.0);
    LogLinearPolicy other = new SyntheticCandidates(4, 4, 29).policyBuilder().build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                other.readState(new DataInputStream(new ByteArrayInputStream(buf.toByteArray()))));
    assertEquals("state must have dimension 4 like this policy, had 3", e.getMessage());
    assertTrue(other.parameterCount() == 9);
  }
}
