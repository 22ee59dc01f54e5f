package dev.align4j.policies.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.SamplingParameters;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.policies.token.ByteTokenizer;
import dev.align4j.policies.token.WordTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The model learns: supervised fine-tuning (mean token negative log-likelihood as the loss, gradient −1/n per token)
 * on a small synthetic corpus drives the loss below a stated bound, and greedy sampling then reproduces the answers.
 */
class SupervisedLearningTest {
  private static final String[][] PAIRS = {
    {"colour of sky?", "blue"}, {"colour of grass?", "green"}, {"colour of snow?", "white"},
    {"2+2?", "four"}, {"capital of France?", "Paris"}, {"greet me", "hello there"}
  };

  private static double trainEpochs(TransformerLanguageModel lm, int steps) {
    double last = Double.NaN;
    List<Prompt> prompts = new ArrayList<>();
    List<Completion> completions = new ArrayList<>();
    for (String[] pair : PAIRS) {
      prompts.add(Prompt.of(pair[0]));
      completions.add(Completion.of(pair[1]));
    }
    for (int step = 0; step < steps; step++) {
      lm.zeroGrad();
      List<TransformerForward> fs = lm.forwardBatch(prompts, completions);
      double loss = 0;
      int tokens = 0;
      for (TransformerForward f : fs) {
        tokens += f.length();
        loss -= f.logProbs().sum();
      }
      // d(mean token NLL)/d log π(y_t) = −1/tokens for every token: one value per sequence
      double[] grads = new double[fs.size()];
      java.util.Arrays.fill(grads, -1.0 / tokens);
      lm.backwardBatch(fs, TokenGradients.perSequence(grads));
      lm.step(1e-2);
      last = loss / tokens;
    }
    return last;
  }

  @ParameterizedTest
  @EnumSource(PositionEncoding.class)
  void sftDrivesTheTokenLossBelowTheBoundAndGreedySamplingAnswers(PositionEncoding positions) {
    TransformerConfig c =
        TransformerConfig.builder()
            .width(32)
            .heads(4)
            .layers(2)
            .contextLength(32)
            .positions(positions)
            .build();
    TransformerLanguageModel lm = TransformerLanguageModel.create(ByteTokenizer.INSTANCE, c, 31);
    double initial = trainEpochs(lm, 1);
    assertTrue(
        initial > 4.0, "an untrained byte model is near uniform (ln 259 ≈ 5.56), was " + initial);
    double loss = trainEpochs(lm, 250);
    assertTrue(
        loss < 0.05, positions + ": mean token NLL after 250 steps must be < 0.05, was " + loss);
    SamplingParameters greedy = new SamplingParameters(1.0, 1, 1.0, 16);
    for (String[] pair : PAIRS) {
      Completion s = lm.sample(Prompt.of(pair[0]), greedy, new SplittableRandom(1));
      assertEquals(pair[1], s.text(), pair[0]);
      assertEquals(
          ByteTokenizer.INSTANCE.eos(), s.tokenIds()[s.tokenIds().length - 1], "stops with EOS");
    }
  }

  @ParameterizedTest
  @EnumSource(value = PositionEncoding.class, names = "LEARNED")
  void wordLevelModelLearnsToo(PositionEncoding positions) {
    List<String> corpus = new ArrayList<>();
    for (String[] pair : PAIRS) {
      corpus.add(pair[0]);
      corpus.add(pair[1]);
    }
    WordTokenizer words = WordTokenizer.fromCorpus(corpus, 100, 1);
    TransformerConfig c =
        TransformerConfig.builder()
            .width(32)
            .heads(2)
            .layers(1)
            .contextLength(16)
            .positions(positions)
            .build();
    TransformerLanguageModel lm = TransformerLanguageModel.create(words, c, 5);
    double loss = trainEpochs(lm, 100);
    assertTrue(loss < 0.1, "word-level mean token NLL after 100 steps must be < 0.1, was " + loss);
    Completion s =
        lm.sample(
            Prompt.of("capital of France?"),
            new SamplingParameters(1.0, 1, 1.0, 8),
            new SplittableRandom(2));
    assertEquals("Paris", s.text());
  }
}
