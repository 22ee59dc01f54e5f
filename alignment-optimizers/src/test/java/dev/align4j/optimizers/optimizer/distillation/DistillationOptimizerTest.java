package dev.align4j.optimizers.optimizer.distillation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.DistributionPolicy;
import dev.align4j.core.Policy;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.TokenDistributions;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.objective.distillation.GeneralizedJsdLoss;
import dev.align4j.optimizers.optimizer.sft.SftExample;
import dev.align4j.optimizers.optimizer.sft.SftOptimizer;
import dev.align4j.policies.lm.TransformerConfig;
import dev.align4j.policies.lm.TransformerLanguageModel;
import dev.align4j.policies.token.WordTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The distillation optimiser on the pure-Java transformer: a two-layer teacher fine-tuned on a small task teaches a
 * one-layer student; the student's reverse KL to the teacher on held-out prompts must fall by more than half (by 30%
 * for the noisier sampled-token estimate) within 60 steps, for each kind of teacher (in-process full distributions,
 * remote top-k, sampled tokens).
 */
class DistillationOptimizerTest {
  private static final String[] NAMES = {
    "ann", "bob", "cid", "dan", "eve", "fay", "gus", "hal", "ivy", "jon", "kim", "lou"
  };
  private static final int TRAIN = 8;
  private static final SamplingParameters SAMPLING = new SamplingParameters(1.0, 0, 1.0, 6);
  private static WordTokenizer tokenizer;
  private static TransformerLanguageModel teacher;

  @BeforeAll
  static void trainTeacher() {
    List<String> corpus = new ArrayList<>();
    for (String n : NAMES) {
      corpus.add("greet " + n + " hello please thanks");
    }
    tokenizer = WordTokenizer.fromCorpus(corpus, 100, 1);
    teacher = model(32, 2, 7, Runnable::run);
    SftOptimizer sft =
        SftOptimizer.builder(teacher).schedule(LearningRateSchedule.constant(0.01)).build();
    List<SftExample> batch = new ArrayList<>();
    for (String n : NAMES) {
      batch.add(new SftExample(Prompt.of("greet " + n), Completion.of("hello " + n + " please")));
    }
    for (int s = 0; s < 40; s++) {
      sft.step(batch);
    }
  }

  private static TransformerLanguageModel model(
      int width, int layers, long seed, Executor executor) {
    TransformerConfig c =
        TransformerConfig.builder().width(width).heads(2).layers(layers).contextLength(16).build();
    return TransformerLanguageModel.create(
        tokenizer, c, new SplittableRandom(seed), executor, true);
  }

  private static List<SftExample> trainBatch() {
    List<SftExample> out = new ArrayList<>();
    for (int i = 0; i < TRAIN; i++) {
      out.add(
          new SftExample(
              Prompt.of("greet " + NAMES[i]), Completion.of("hello " + NAMES[i] + " please")));
    }
    return out;
  }

  /** The mean full reverse KL (student ‖ teacher) per token on the teacher's completions of the held-out prompts. */
  private static double heldOutReverseKl(DistributionPolicy student) {
    List<TokenDistributions> s = new ArrayList<>();
    List<TokenDistributions> t = new ArrayList<>();
    for (int i = TRAIN; i < NAMES.length; i++) {
      Prompt p = Prompt.of("greet " + NAMES[i]);
      Completion c = Completion.of("hello " + NAMES[i] + " please");
      s.add(student.tokenDistributions(p, c));
      t.add(teacher.tokenDistributions(p, c));
    }
    return GeneralizedJsdLoss.builder().beta(1).build().evaluate(s, t).loss();
  }

  private static DistillationTeacher teacherOfKind(String kind) {
    return switch (kind) {
      case "inProcess" -> DistillationTeacher.inProcess(teacher.frozenCopy());
      case "remoteTopK" ->
          DistillationTeacher.remoteTopK(
              DistillationTeacher.TopKSource.of(teacher.frozenCopy()), 4);
      default -> DistillationTeacher.sampledTokens(teacher.frozenCopy());
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"inProcess", "remoteTopK", "sampledTokens"})
  void studentMovesTowardsTheTeacher(String kind) {
    TransformerLanguageModel student = model(16, 1, 3, Runnable::run);
    double before = heldOutReverseKl(student);
    DistillationOptimizer opt =
        DistillationOptimizer.builder(student)
            .teacher(teacherOfKind(kind))
            .lmbda(kind.equals("sampledTokens") ? 1.0 : 0.5)
            .sampling(SAMPLING)
            .schedule(LearningRateSchedule.constant(0.01))
            .seed(5)
            .build();
    StepMetrics last = null;
    int onPolicy = 0;
    for (int s = 0; s < 60; s++) {
      last = opt.step(trainBatch());
      onPolicy += last.values().get("on_policy").intValue();
    }
    double after = heldOutReverseKl(student);
    // the sampled-token estimate is noisier than the exact objectives (measured: 8.49 -> 4.94 nats
    // per token)
    double bound = kind.equals("sampledTokens") ? 0.7 : 0.5;
    assertTrue(after < bound * before, kind + ": held-out reverse KL " + before + " -> " + after);
    assertTrue(Double.isFinite(last.values().get("loss")) && last.values().get("num_tokens") > 0);
    if (kind.equals("sampledTokens")) {
      assertEquals(60, onPolicy);
    } else {
      // λ = 0.5: about half the steps on-policy (binomial(60, 0.5) is in [18, 42] with probability
      // > 0.999)
      assertTrue(onPolicy >= 18 && onPolicy <= 42, "on-policy steps " + onPolicy);
    }
  }

  @Test
  void sameSeedGivesTheSameStudentAtAnyThreadCount() {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      double[] one = trainedLogProbs(Runnable::run);
      double[] many = trainedLogProbs(pool);
      assertArrayEquals(one, many);
    } finally {
      pool.shutdownNow();
    }
  }

  private static double[] trainedLogProbs(Executor executor) {
    TransformerLanguageModel student = model(16, 1, 3, executor);
    DistillationOptimizer opt =
        DistillationOptimizer.builder(student)
            .teacher(DistillationTeacher.inProcess(teacher.frozenCopy()))
            .lmbda(0.5)
            .sampling(SAMPLING)
            .schedule(LearningRateSchedule.constant(0.01))
            .build();
    for (int s = 0; s < 6; s++) {
      opt.step(trainBatch());
    }
    return student.logProbs(Prompt.of("greet lou"), Completion.of("hello lou please")).values();
  }

  @Test
  void refusesAStudentWithoutDistributionsAndBadConfigurations() {
    TrainablePolicy plain = new LogProbsOnly(model(16, 1, 3, Runnable::run));
    DistillationOptimizer opt =
        DistillationOptimizer.builder(plain)
            .teacher(DistillationTeacher.inProcess(teacher.frozenCopy()))
            .lmbda(0)
            .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> opt.step(trainBatch()));
    assertTrue(e.getMessage().contains("DistributionForward"), e.getMessage());
    assertEquals(0, opt.stepCount());

    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DistillationOptimizer.builder(plain)
                    .teacher(DistillationTeacher.sampledTokens(teacher))
                    .lmbda(0.5)
                    .build());
    assertTrue(e.getMessage().contains("lmbda") && e.getMessage().contains("0.5"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> DistillationOptimizer.builder(plain).build());
    assertTrue(e.getMessage().contains("teacher"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> DistillationOptimizer.builder(plain).lmbda(1.2));
    assertTrue(e.getMessage().contains("lmbda") && e.getMessage().contains("1.2"), e.getMessage());
  }

  /** A trainable policy whose forward passes expose only token log-probabilities. */
  private static final class LogProbsOnly implements TrainablePolicy {
    private final TransformerLanguageModel lm;

    LogProbsOnly(TransformerLanguageModel lm) {
      this.lm = lm;
    }

    @Override
    public Forward forward(Prompt prompt, Completion completion) {
      TrainablePolicy.Forward f = lm.forward(prompt, completion);
      return new Forward() {
        @Override
        public TokenLogProbs logProbs() {
          return f.logProbs();
        }

        @Override
        public void backward(double[] g) {
          f.backward(g);
        }
      };
    }

    @Override
    public Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
      return lm.sample(prompt, parameters, random);
    }

    @Override
    public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
      return lm.logProbs(prompt, completion);
    }

    @Override
    public void zeroGrad() {
      lm.zeroGrad();
    }

    @Override
    public double step(double learningRate) {
      return lm.step(learningRate);
    }

    @Override
    public long stepCount() {
      return lm.stepCount();
    }

    @Override
    public long parameterCount() {
      return lm.parameterCount();
    }

    @Override
    public Policy frozenCopy() {
      return lm.frozenCopy();
    }
  }
}
