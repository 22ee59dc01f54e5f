package dev.align4j.policies.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.Policy;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.policies.token.ByteTokenizer;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Behaviour of the transformer LM: consistency of its passes, sampling, optimiser step, copies and bad input. */
class TransformerLanguageModelTest {

  static TransformerConfig small(PositionEncoding positions, boolean valueHead) {
    return TransformerConfig.builder()
        .width(16)
        .heads(2)
        .layers(2)
        .contextLength(24)
        .positions(positions)
        .valueHead(valueHead)
        .build();
  }

  static TransformerLanguageModel model(long seed) {
    return TransformerLanguageModel.create(
        ByteTokenizer.INSTANCE, small(PositionEncoding.LEARNED, true), seed);
  }

  @Test
  void parameterCountFollowsTheArchitecture() {
    TransformerConfig c = TransformerConfig.builder().build(); // the benchmark configuration
    TransformerLanguageModel lm = TransformerLanguageModel.create(ByteTokenizer.INSTANCE, c, 1);
    long d = 128;
    long perLayer = 4 * d + 3 * d * d + d * d + 2 * d * 4 * d;
    long expected = 259 * d + 64 * d + 2 * perLayer + 2 * d + d * 259;
    assertEquals(expected, lm.parameterCount());
    TransformerConfig rotary =
        c.toBuilder().positions(PositionEncoding.ROTARY).valueHead(true).build();
    assertEquals(
        expected - 64 * d + d + 1,
        TransformerLanguageModel.create(ByteTokenizer.INSTANCE, rotary, 1).parameterCount());
  }

  @Test
  void logProbsAreNormalisedOverTheVocabulary() {
    // Σ over every next byte of π(byte | prompt) = 1: sum the probabilities of all one-token
    // completions
    TransformerLanguageModel lm = model(3);
    Prompt prompt = Prompt.of("ab");
    double total = 0;
    for (int id = 0; id < 259; id++) {
      total += Math.exp(lm.logProbs(prompt, new Completion("", new int[] {id}, null)).get(0));
    }
    assertEquals(1.0, total, 1e-4);
  }

  @Property(trials = 12)
  void forwardLogProbsEqualPolicyLogProbsAndScalarKernels(Gen gen) {
    TransformerConfig c = small(gen.oneOf(PositionEncoding.values()), false);
    long seed = gen.random().nextLong();
    TransformerLanguageModel vec =
        TransformerLanguageModel.withKernels(
            ByteTokenizer.INSTANCE, c, new SplittableRandom(seed), Runnable::run, Kernels.active());
    TransformerLanguageModel sca =
        TransformerLanguageModel.withKernels(
            ByteTokenizer.INSTANCE, c, new SplittableRandom(seed), Runnable::run, Kernels.scalar());
    Prompt p = Prompt.of(gen.text(3) + "?");
    Completion comp = Completion.of(gen.text(2) + ".");
    TransformerForward f = vec.forward(p, comp);
    TokenLogProbs direct = vec.logProbs(p, comp);
    // the same pass; equal up to the last float bit (the Vector API's exp/tanh may round
    // differently before and after
    // the JIT compiles them)
    assertArrayEquals(
        direct.values(), f.logProbs().values(), 1e-6, "forward and logProbs run the same pass");
    f.release();
    double[] a = direct.values();
    double[] b = sca.logProbs(p, comp).values();
    assertArrayEquals(a, b, 1e-4, "vector and scalar kernels agree");
  }

  @Property(trials = 10)
  void sampledTokenLogProbsMatchTheFullForwardPass(Gen gen) {
    // the KV-cache decoder and the training forward pass compute the same distribution
    TransformerConfig c = small(gen.oneOf(PositionEncoding.values()), false);
    TransformerLanguageModel lm =
        TransformerLanguageModel.create(ByteTokenizer.INSTANCE, c, gen.random().nextLong());
    Prompt p = Prompt.of(gen.text(2) + "!");
    Completion s =
        lm.sample(
            p, SamplingParameters.DEFAULT.withMaxTokens(12), new SplittableRandom(gen.seed()));
    assertTrue(s.tokenIds().length >= 1 && s.tokenIds().length <= 12);
    assertArrayEquals(s.tokenLogProbs(), lm.logProbs(p, s).values(), 2e-4);
  }

  @Test
  void samplingIsDeterministicPerSeedAndRespectsMaxTokens() {
    TransformerLanguageModel lm = model(4);
    Prompt p = Prompt.of("hello");
    SamplingParameters sp = SamplingParameters.DEFAULT.withMaxTokens(7);
    Completion a = lm.sample(p, sp, new SplittableRandom(9));
    Completion b = lm.sample(p, sp, new SplittableRandom(9));
    assertEquals(a, b);
    assertTrue(a.tokenIds().length <= 7);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      texts.add(lm.sample(p, sp, new SplittableRandom(100 + i)).text());
    }
    assertTrue(
        texts.stream().distinct().count() > 1, "different seeds give different samples: " + texts);
    // maxTokens beyond the context is capped by the context
    Completion longest = lm.sample(p, sp.withMaxTokens(1000), new SplittableRandom(1));
    // the prompt is [BOS] h e l l o [SEP] = 7 tokens; generation stops when the 24-token context is
    // full
    assertTrue(longest.tokenIds().length <= 24 - 7, "length " + longest.tokenIds().length);
    if (longest.tokenIds()[longest.tokenIds().length - 1] != ByteTokenizer.INSTANCE.eos()) {
      assertEquals(24 - 7, longest.tokenIds().length);
    }
    assertEquals(
        longest.sequenceLogProb(),
        lm.sequenceLogProb(p, longest),
        1e-3,
        "a full-context sample is scorable");
  }

  @Test
  void topKOneAndTinyTopPAreGreedy() {
    TransformerLanguageModel lm = model(5);
    Prompt p = Prompt.of("xyz");
    Completion greedyK =
        lm.sample(p, new SamplingParameters(1.0, 1, 1.0, 6), new SplittableRandom(1));
    Completion greedyK2 =
        lm.sample(p, new SamplingParameters(1.0, 1, 1.0, 6), new SplittableRandom(2));
    Completion greedyP =
        lm.sample(p, new SamplingParameters(1.0, 0, 1e-9, 6), new SplittableRandom(3));
    Completion greedyT =
        lm.sample(p, new SamplingParameters(1e-6, 0, 1.0, 6), new SplittableRandom(4));
    assertArrayEquals(greedyK.tokenIds(), greedyK2.tokenIds());
    assertArrayEquals(greedyK.tokenIds(), greedyP.tokenIds());
    assertArrayEquals(greedyK.tokenIds(), greedyT.tokenIds());
    // the first greedy token is the argmax of the next-token distribution
    int best = -1;
    double bestLp = Double.NEGATIVE_INFINITY;
    for (int id = 0; id < 259; id++) {
      double lp = lm.logProbs(p, new Completion("", new int[] {id}, null)).get(0);
      if (lp > bestLp) {
        bestLp = lp;
        best = id;
      }
    }
    assertEquals(best, greedyK.tokenIds()[0]);
  }

  @Test
  void topKRestrictsTheSampledTokensToTheKMostLikely() {
    TransformerLanguageModel lm = model(6);
    Prompt p = Prompt.of("q");
    double[] lp = new double[259];
    for (int id = 0; id < 259; id++) {
      lp[id] = lm.logProbs(p, new Completion("", new int[] {id}, null)).get(0);
    }
    double[] sorted = lp.clone();
    Arrays.sort(sorted);
    double third = sorted[259 - 3];
    SplittableRandom r = new SplittableRandom(2);
    for (int i = 0; i < 60; i++) {
      int first = lm.sample(p, new SamplingParameters(3.0, 3, 1.0, 1), r).tokenIds()[0];
      assertTrue(lp[first] >= third - 1e-4, "token " + first + " is outside the top 3");
    }
  }

  @Test
  void sampleBatchSamplesExampleIWithTheIthSeedOfTheGenerator() {
    TransformerLanguageModel lm = model(7);
    SamplingParameters sp = SamplingParameters.DEFAULT.withMaxTokens(6);
    List<Prompt> prompts =
        List.of(Prompt.of("ab"), Prompt.of("cd"), Prompt.of("ab"), Prompt.of("e"));
    SplittableRandom random = new SplittableRandom(31);
    List<Completion> batch = lm.sampleBatch(prompts, sp, random);
    // the definition: seed_i is the i-th nextLong of the generator, example i is
    // sample(p_i, new SplittableRandom(seed_i))
    SplittableRandom seeds = new SplittableRandom(31);
    for (int i = 0; i < prompts.size(); i++) {
      Completion expected = lm.sample(prompts.get(i), sp, new SplittableRandom(seeds.nextLong()));
      assertEquals(expected, batch.get(i), "example " + i);
      assertArrayEquals(expected.tokenLogProbs(), batch.get(i).tokenLogProbs(), 0.0);
    }
    assertEquals(
        seeds.nextLong(), random.nextLong(), "the generator advanced by one long per example");
    assertEquals(batch, lm.frozenCopy().sampleBatch(prompts, sp, new SplittableRandom(31)));
    assertTrue(lm.sampleBatch(List.of(), sp, new SplittableRandom(31)).isEmpty());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                lm.sampleBatch(
                    List.of(Prompt.of("a"), Prompt.of("")), sp, new SplittableRandom(1)));
    assertTrue(
        e.getMessage().startsWith("batch example 1: prompt text must not be empty"),
        e.getMessage());
  }

  @Test
  void sampleBatchIsBitIdenticalOnTheCallerThreadAndOnOneOrTwoThreads() {
    TransformerConfig c = small(PositionEncoding.ROTARY, false);
    SamplingParameters sp = new SamplingParameters(1.3, 20, 0.95, 10);
    List<Prompt> prompts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      prompts.add(Prompt.of("prompt " + (i % 5)));
    }
    ExecutorService one = Executors.newFixedThreadPool(1);
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      List<List<Completion>> runs = new ArrayList<>();
      for (Executor ex : List.<Executor>of(Runnable::run, one, two)) {
        TransformerLanguageModel lm =
            TransformerLanguageModel.withKernels(
                ByteTokenizer.INSTANCE, c, new SplittableRandom(21), ex, Kernels.active());
        // twice, so that the second batch runs on pooled decode states
        lm.sampleBatch(prompts, sp, new SplittableRandom(8));
        runs.add(lm.sampleBatch(prompts, sp, new SplittableRandom(8)));
      }
      for (int r = 1; r < runs.size(); r++) {
        for (int i = 0; i < prompts.size(); i++) {
          Completion want = runs.get(0).get(i);
          Completion got = runs.get(r).get(i);
          assertArrayEquals(want.tokenIds(), got.tokenIds(), "run " + r + " example " + i);
          assertArrayEquals(
              want.tokenLogProbs(), got.tokenLogProbs(), 0.0, "run " + r + " example " + i);
        }
      }
      assertTrue(
          runs.get(0).stream().map(Completion::text).distinct().count() > 5,
          "repeated prompts are sampled independently");
    } finally {
      one.shutdownNow();
      two.shutdownNow();
    }
  }

  @Test
  void sampleBatchFollowsTheFilteredNextTokenDistribution() {
    // one prompt repeated 3000 times, one token each, temperature 2 and top-3: the first-token
    // frequencies must match softmax(log π / T) over the three most likely tokens, computed from
    // logProbs (a chi-square test, 2 degrees of freedom, threshold 13.8 = the 0.999 quantile)
    TransformerLanguageModel lm = model(6);
    Prompt p = Prompt.of("q");
    double[] lp = new double[259];
    for (int id = 0; id < 259; id++) {
      lp[id] = lm.logProbs(p, new Completion("", new int[] {id}, null)).get(0);
    }
    Integer[] order = new Integer[259];
    for (int id = 0; id < 259; id++) {
      order[id] = id;
    }
    Arrays.sort(order, (a, b) -> Double.compare(lp[b], lp[a]));
    double temperature = 2.0;
    double[] w = new double[3];
    double total = 0;
    for (int j = 0; j < 3; j++) {
      w[j] = Math.exp((lp[order[j]] - lp[order[0]]) / temperature);
      total += w[j];
    }
    int n = 3000;
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      TransformerLanguageModel parallel =
          TransformerLanguageModel.withKernels(
              ByteTokenizer.INSTANCE,
              small(PositionEncoding.LEARNED, true),
              new SplittableRandom(6),
              two,
              Kernels.active());
      List<Completion> samples =
          parallel.sampleBatch(
              Collections.nCopies(n, p),
              new SamplingParameters(temperature, 3, 1.0, 1),
              new SplittableRandom(17));
      int[] counts = new int[3];
      for (Completion s : samples) {
        int first = s.tokenIds()[0];
        int rank = -1;
        for (int j = 0; j < 3; j++) {
          if (order[j] == first) {
            rank = j;
          }
        }
        assertTrue(rank >= 0, "token " + first + " is outside the top 3");
        counts[rank]++;
      }
      double chi2 = 0;
      for (int j = 0; j < 3; j++) {
        double expected = n * w[j] / total;
        chi2 += (counts[j] - expected) * (counts[j] - expected) / expected;
      }
      assertTrue(chi2 < 13.8, "chi-square " + chi2 + " counts " + Arrays.toString(counts));
    } finally {
      two.shutdownNow();
    }
  }

  @Test
  void stepOnNonFiniteGradientThrowsAndChangesNothing() {
    TransformerLanguageModel lm = model(7);
    float[] before = lm.parameters().clone();
    lm.zeroGrad();
    lm.gradients()[17] = Float.NaN;
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> lm.step(1e-3));
    assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    assertArrayEquals(before, lm.parameters());
    assertEquals(0, lm.stepCount());
  }

  @Test
  void stepReturnsThePreClipNormAndMovesParametersByAboutTheLearningRate() {
    TransformerLanguageModel lm =
        TransformerLanguageModel.create(
            ByteTokenizer.INSTANCE,
            small(PositionEncoding.LEARNED, false).toBuilder()
                .weightDecay(0)
                .maxGradNorm(0.5)
                .build(),
            8);
    lm.zeroGrad();
    TransformerForward f = lm.forward(Prompt.of("abc"), Completion.of("de"));
    f.backward(new double[] {-1, -1, -1});
    double norm = lm.gradientNorm();
    assertTrue(norm > 0.5, "the test needs a gradient larger than the clip norm, was " + norm);
    float[] g = lm.gradients().clone();
    float[] before = lm.parameters().clone();
    double returned = lm.step(1e-3);
    assertEquals(norm, returned, 1e-9);
    assertEquals(1, lm.stepCount());
    float[] after = lm.parameters();
    int moved = 0;
    for (int i = 0; i < g.length; i++) {
      double delta = after[i] - before[i];
      if (Math.abs(g[i]) > 1e-4) {
        // Adam's first step is lr·sign(g) whatever the scale (clipping included)
        assertEquals(-1e-3 * Math.signum(g[i]), delta, 2e-5, "parameter " + i);
        moved++;
      } else if (g[i] == 0f) {
        assertEquals(0.0, delta, 0.0);
      }
    }
    assertTrue(moved > 100);
  }

  @Test
  void weightDecayShrinksMatricesButNotLayerNormGains() {
    TransformerLanguageModel lm =
        TransformerLanguageModel.create(
            ByteTokenizer.INSTANCE,
            small(PositionEncoding.LEARNED, false).toBuilder().weightDecay(0.5).build(),
            9);
    lm.zeroGrad();
    float[] before = lm.parameters().clone();
    lm.step(0.1);
    Layout s = lm.layout();
    int i = s.wOut + 3;
    assertEquals(before[i] * (1 - 0.1 * 0.5), lm.parameters()[i], 1e-7);
    assertEquals(before[s.lnfG], lm.parameters()[s.lnfG], 0.0);
  }

  @Test
  void frozenCopyDoesNotFollowTraining() {
    TransformerLanguageModel lm = model(10);
    Prompt p = Prompt.of("ping");
    Completion c = Completion.of("pong");
    Policy ref = lm.frozenCopy();
    double before = ref.sequenceLogProb(p, c);
    assertEquals(lm.sequenceLogProb(p, c), before, 1e-6);
    for (int i = 0; i < 5; i++) {
      lm.zeroGrad();
      TransformerForward f = lm.forward(p, c);
      double[] g = new double[f.length()];
      Arrays.fill(g, -1);
      f.backward(g);
      lm.step(1e-2);
    }
    assertTrue(
        lm.sequenceLogProb(p, c) > before + 0.5, "training raised the policy's log-probability");
    assertEquals(before, ref.sequenceLogProb(p, c), 1e-6, "the frozen copy did not move");
    assertTrue(
        !(ref instanceof TransformerLanguageModel),
        "the copy cannot be cast back to a trainable model");
  }

  @Test
  void batchOnAnExecutorGivesTheSameGradientAsSequentialPasses() throws Exception {
    TransformerConfig c = small(PositionEncoding.ROTARY, true);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      TransformerLanguageModel parallel =
          TransformerLanguageModel.withKernels(
              ByteTokenizer.INSTANCE, c, new SplittableRandom(12), pool, Kernels.active());
      TransformerLanguageModel sequential =
          TransformerLanguageModel.create(ByteTokenizer.INSTANCE, c, 12);
      List<Prompt> prompts = new ArrayList<>();
      List<Completion> completions = new ArrayList<>();
      List<double[]> gl = new ArrayList<>();
      List<double[]> gv = new ArrayList<>();
      SplittableRandom r = new SplittableRandom(3);
      for (int i = 0; i < 12; i++) {
        prompts.add(Prompt.of("prompt " + i));
        Completion comp = Completion.of("answer " + (i * 7));
        completions.add(comp);
        int n = comp.text().length() + 1;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int t = 0; t < n; t++) {
          a[t] = r.nextGaussian();
          b[t] = r.nextGaussian();
        }
        gl.add(a);
        gv.add(b);
      }
      parallel.zeroGrad();
      List<TransformerForward> fs = parallel.forwardBatch(prompts, completions);
      int[] lengths = gl.stream().mapToInt(a -> a.length).toArray();
      double[] flatL = gl.stream().flatMapToDouble(Arrays::stream).toArray();
      double[] flatV = gv.stream().flatMapToDouble(Arrays::stream).toArray();
      parallel.backwardBatch(
          fs, TokenGradients.perToken(flatL, lengths), TokenGradients.perToken(flatV, lengths));
      sequential.zeroGrad();
      for (int i = 0; i < prompts.size(); i++) {
        TransformerForward f = sequential.forward(prompts.get(i), completions.get(i));
        // equal up to float rounding (the JIT's vector exp/tanh may differ from the interpreter's
        // in the last bit)
        assertArrayEquals(f.logProbs().values(), fs.get(i).logProbs().values(), 1e-5);
        f.backward(gl.get(i), gv.get(i));
      }
      float[] a = parallel.gradients();
      float[] b = sequential.gradients();
      for (int i = 0; i < a.length; i++) {
        assertEquals(b[i], a[i], 1e-4 * (1 + Math.abs(b[i])), "gradient " + i);
      }
      List<TokenLogProbs> lps = parallel.logProbsBatch(prompts, completions);
      assertArrayEquals(
          sequential.logProbs(prompts.get(5), completions.get(5)).values(),
          lps.get(5).values(),
          1e-5);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void longPromptsAreTruncatedFromTheLeft() {
    TransformerLanguageModel lm = model(13); // context 24
    Completion c = Completion.of("ok");
    // 3 completion tokens: 21 prompt tokens are kept (…, SEP); a prompt of 40 characters keeps its
    // last 20 + SEP
    String longText = "0123456789abcdefghijklmnopqrstuvwxyzABCD";
    TokenLogProbs full = lm.logProbs(Prompt.of(longText), c);
    TokenLogProbs otherHead =
        lm.logProbs(Prompt.of("ZZZZZZZZZZZZZZZZZZZZ" + longText.substring(20)), c);
    assertArrayEquals(full.values(), otherHead.values(), 0.0, "only the last prompt tokens matter");
    TokenLogProbs shortPrompt = lm.logProbs(Prompt.of("0123"), c);
    assertNotEquals(full.sum(), shortPrompt.sum());
  }

  @Test
  void badInputIsRefusedWithNamedMessages() {
    TransformerLanguageModel lm = model(14);
    Prompt p = Prompt.of("hi");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> lm.forward(Prompt.of(""), Completion.of("x")));
    assertTrue(e.getMessage().startsWith("prompt text must not be empty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> lm.logProbs(p, Completion.of("")));
    assertTrue(e.getMessage().startsWith("completion text must not be empty"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> lm.forward(p, Completion.of("x".repeat(23))));
    assertTrue(
        e.getMessage().contains("at most 23 tokens") && e.getMessage().contains("had 24"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> lm.logProbs(p, new Completion("", new int[] {3, 300}, null)));
    assertTrue(
        e.getMessage().contains("tokenIds()[1] must be in [0, 259), was 300"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> lm.forwardBatch(List.of(p, p), List.of(Completion.of("a"), Completion.of(""))));
    assertTrue(e.getMessage().startsWith("batch example 1: "), e.getMessage());
    TransformerForward f = lm.forward(p, Completion.of("yo"));
    e = assertThrows(IllegalArgumentException.class, () -> f.backward(new double[2]));
    assertTrue(e.getMessage().contains("were 2 and 3"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> f.backward(new double[] {0, Double.NaN, 0}));
    assertTrue(e.getMessage().contains("dLossDTokenLogProbs[1] must be finite"), e.getMessage());
    f.backward(new double[3]);
    assertThrows(IllegalStateException.class, () -> f.backward(new double[3]), "backward twice");
    assertThrows(IllegalArgumentException.class, () -> lm.step(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> TransformerConfig.builder().width(30).heads(4).build());
    TransformerLanguageModel noValue =
        TransformerLanguageModel.create(
            ByteTokenizer.INSTANCE, small(PositionEncoding.LEARNED, false), 1);
    assertThrows(
        IllegalStateException.class, () -> noValue.forwardWithValues(p, Completion.of("a")));
    TransformerForward nf = noValue.forward(p, Completion.of("a"));
    assertThrows(IllegalStateException.class, nf::values);
    assertThrows(IllegalStateException.class, () -> nf.backward(new double[2], new double[2]));
  }

  @Test
  void valueGradientOnlyMovesTheValueHeadAndTheTrunk() {
    TransformerLanguageModel lm = model(15);
    lm.zeroGrad();
    TransformerForward f = lm.forwardWithValues(Prompt.of("v"), Completion.of("w"));
    assertEquals(2, f.values().length);
    assertArrayEquals(f.values(), lm.values(Prompt.of("v"), Completion.of("w")), 1e-9);
    f.backward(new double[2], new double[] {1, -0.5});
    Layout s = lm.layout();
    float[] g = lm.gradients();
    assertEquals(0.5, g[s.bValue], 1e-6, "∂(V_0 − V_1/2)/∂b = 1 − 1/2");
    for (int i = s.wOut; i < s.wOut + s.d * s.vocab; i++) {
      assertEquals(0f, g[i], 0f, "a value-only loss leaves the output projection alone");
    }
    double trunk = 0;
    for (int i = s.wQkv[0]; i < s.wO[0]; i++) {
      trunk += Math.abs(g[i]);
    }
    assertTrue(trunk > 0, "the value loss reaches the shared trunk");
  }
}
