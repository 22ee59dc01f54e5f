package dev.align4j.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.Policy;
import dev.align4j.core.RewardModel;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Each contract passes on a small correct implementation and fails, in the test meant to catch it, on the same
 * implementation with one deliberate fault.
 */
class ContractsCatchBrokenImplementationsTest {

  // ---------------------------------------------------------------- reward models

  /** A reward model under the contract, from a lambda. */
  private static final class Rewards implements RewardModelContract<RewardModel> {
    private final Supplier<RewardModel> factory;

    Rewards(Supplier<RewardModel> factory) {
      this.factory = factory;
    }

    @Override
    public RewardModel rewardModel() {
      return factory.get();
    }
  }

  private static final RewardModel LENGTH =
      (p, c) -> {
        Objects.requireNonNull(p, "prompt must not be null");
        return Objects.requireNonNull(c, "completion must not be null").text().length() * 0.5;
      };

  @Test
  void rewardModelContractPassesOnACorrectModel() {
    Rewards r = new Rewards(() -> LENGTH);
    r.scoresAreFinite();
    r.scoringIsDeterministic();
    r.scoreAllEqualsScoreInOrder();
    r.scoreBatchEqualsScoreInOrder();
    r.badInputIsRefused();
  }

  @Test
  void rewardModelContractCatchesNondeterminismBatchDisorderAndMissingChecks() {
    double[] drift = {0};
    Rewards noisy = new Rewards(() -> (p, c) -> LENGTH.score(p, c) + (drift[0] += 1e-9));
    assertThrows(AssertionFailedError.class, noisy::scoringIsDeterministic);

    Rewards reversed =
        new Rewards(
            () ->
                new RewardModel() {
                  @Override
                  public double score(Prompt p, Completion c) {
                    return LENGTH.score(p, c);
                  }

                  @Override
                  public double[] scoreAll(Prompt p, List<Completion> cs) {
                    double[] out = new double[cs.size()];
                    for (int i = 0; i < out.length; i++) {
                      out[i] = score(p, cs.get(out.length - 1 - i));
                    }
                    return out;
                  }
                });
    assertThrows(AssertionFailedError.class, reversed::scoreAllEqualsScoreInOrder);

    Rewards lenient = new Rewards(() -> (p, c) -> c.text().length());
    assertThrows(AssertionFailedError.class, lenient::badInputIsRefused);

    Rewards infinite =
        new Rewards(() -> (p, c) -> c.text().isEmpty() ? 0 : Math.log(c.text().length() - 2));
    assertThrows(AssertionFailedError.class, infinite::scoresAreFinite);
  }

  // ---------------------------------------------------------------- trainable policies

  /**
   * A softmax over three fixed one-token candidates with one logit each, trained by SGD with momentum 0.9 (so that the
   * optimiser has state a checkpoint must keep). The faults: a gradient of half the true size, a checkpoint that
   * forgets the momentum.
   */
  private static class TinyPolicy implements TrainablePolicy {
    static final List<Completion> CANDIDATES =
        List.of(Completion.of("a"), Completion.of("b"), Completion.of("c"));
    final double[] theta;
    final double[] grad = new double[3];
    final double[] momentum = new double[3];
    final double gradientScale;
    long steps;

    TinyPolicy(long seed, double gradientScale) {
      java.util.SplittableRandom r = new SplittableRandom(seed);
      theta = new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
      this.gradientScale = gradientScale;
    }

    static int index(Completion c) {
      int i = CANDIDATES.indexOf(c);
      if (i < 0) {
        throw new IllegalArgumentException(
            "completion must be one of " + CANDIDATES + ", was " + c);
      }
      return i;
    }

    static double logProb(double[] theta, int i) {
      double max = Math.max(theta[0], Math.max(theta[1], theta[2]));
      double z = 0;
      for (double t : theta) {
        z += Math.exp(t - max);
      }
      return theta[i] - max - Math.log(z);
    }

    @Override
    public Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
      return CANDIDATES.get(random.nextInt(3));
    }

    @Override
    public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
      Objects.requireNonNull(prompt, "prompt must not be null");
      return new TokenLogProbs(
          new double[] {logProb(theta, index(Objects.requireNonNull(completion, "completion")))});
    }

    @Override
    public Forward forward(Prompt prompt, Completion completion) {
      TokenLogProbs lp = logProbs(prompt, completion);
      int i = index(completion);
      return new Forward() {
        @Override
        public TokenLogProbs logProbs() {
          return lp;
        }

        @Override
        public void backward(double[] d) {
          if (d.length != 1) {
            throw new IllegalArgumentException(
                "dLossDTokenLogProbs must have length 1, was " + d.length);
          }
          for (int j = 0; j < 3; j++) {
            double p = Math.exp(logProb(theta, j));
            grad[j] += gradientScale * d[0] * ((j == i ? 1 : 0) - p);
          }
        }
      };
    }

    @Override
    public void zeroGrad() {
      Arrays.fill(grad, 0);
    }

    @Override
    public double step(double learningRate) {
      double norm = 0;
      for (int j = 0; j < 3; j++) {
        momentum[j] = 0.9 * momentum[j] + grad[j];
        theta[j] -= learningRate * momentum[j];
        norm += grad[j] * grad[j];
      }
      steps++;
      return Math.sqrt(norm);
    }

    @Override
    public long stepCount() {
      return steps;
    }

    @Override
    public long parameterCount() {
      return 3;
    }

    @Override
    public Policy frozenCopy() {
      TinyPolicy copy = new TinyPolicy(0, gradientScale);
      System.arraycopy(theta, 0, copy.theta, 0, 3);
      return copy;
    }
  }

  /**
   * The tiny policy whose batch methods lose the last example, return the log-probabilities in reverse and sample
   * from unseeded generators.
   */
  private static final class BrokenBatchPolicy extends TinyPolicy {
    BrokenBatchPolicy(long seed, double gradientScale) {
      super(seed, gradientScale);
    }

    @Override
    public void backwardBatch(List<? extends Forward> forwards, TokenGradients gradients) {
      gradients.requireShape(forwards);
      for (int i = 0; i < forwards.size() - 1; i++) {
        gradients.backward(i, forwards.get(i));
      }
    }

    @Override
    public List<Completion> sampleBatch(
        List<Prompt> prompts, SamplingParameters parameters, RandomGenerator random) {
      List<Completion> out = new ArrayList<>();
      for (Prompt p : prompts) {
        out.add(sample(p, parameters, new SplittableRandom()));
      }
      return out;
    }

    @Override
    public List<TokenLogProbs> logProbsBatch(List<Prompt> prompts, List<Completion> completions) {
      List<TokenLogProbs> out = new ArrayList<>(super.logProbsBatch(prompts, completions));
      Collections.reverse(out);
      return out;
    }
  }

  private static class TinyPolicies implements TrainablePolicyContract<TinyPolicy> {
    final double gradientScale;
    final boolean keepMomentum;

    final boolean brokenBatch;

    TinyPolicies(double gradientScale, boolean keepMomentum) {
      this(gradientScale, keepMomentum, false);
    }

    TinyPolicies(double gradientScale, boolean keepMomentum, boolean brokenBatch) {
      this.gradientScale = gradientScale;
      this.keepMomentum = keepMomentum;
      this.brokenBatch = brokenBatch;
    }

    @Override
    public TinyPolicy newPolicy(long seed) {
      return brokenBatch
          ? new BrokenBatchPolicy(seed, gradientScale)
          : new TinyPolicy(seed, gradientScale);
    }

    @Override
    public Prompt prompt() {
      return Prompt.of("pick one");
    }

    @Override
    public List<Completion> completions() {
      return TinyPolicy.CANDIDATES;
    }

    @Override
    public Parameters parameters(TinyPolicy policy) {
      return new Parameters() {
        @Override
        public int size() {
          return 3;
        }

        @Override
        public double get(int i) {
          return policy.theta[i];
        }

        @Override
        public double gradient(int i) {
          return policy.grad[i];
        }

        @Override
        public Policy withParameter(int i, double value) {
          policy.theta[i] = value;
          return policy;
        }
      };
    }

    @Override
    public void writeState(TinyPolicy policy, DataOutputStream out) throws IOException {
      out.writeLong(policy.steps);
      for (int j = 0; j < 3; j++) {
        out.writeDouble(policy.theta[j]);
        out.writeDouble(keepMomentum ? policy.momentum[j] : 0.0);
      }
    }

    @Override
    public void readState(TinyPolicy policy, DataInputStream in) throws IOException {
      policy.steps = in.readLong();
      for (int j = 0; j < 3; j++) {
        policy.theta[j] = in.readDouble();
        policy.momentum[j] = in.readDouble();
      }
    }

    @Override
    public double finiteDifferenceStep() {
      return 1e-5;
    }

    @Override
    public double gradientTolerance(double fd) {
      return 1e-7 + 1e-6 * Math.abs(fd);
    }
  }

  @Test
  void trainablePolicyContractPassesOnACorrectPolicy() throws IOException {
    TinyPolicies c = new TinyPolicies(1.0, true);
    c.forwardLogProbsEqualPolicyLogProbs();
    c.backwardMatchesCentralFiniteDifferences();
    c.zeroGradClearsAndBackwardAccumulates();
    c.checkpointRoundTripRestoresThePolicyExactly();
    c.frozenCopyDoesNotMoveWithThePolicy();
    c.badInputIsRefused();
    c.logProbsBatchEqualsLogProbs();
    c.batchBackwardAccumulatesTheGradientOfSinglePasses();
    c.sampleBatchIsDeterministicForAGeneratorState();
  }

  @Test
  void trainablePolicyContractCatchesABatchThatDropsAnExampleAndABatchOutOfOrder() {
    TinyPolicies dropsLast = new TinyPolicies(1.0, true, true);
    dropsLast.forwardLogProbsEqualPolicyLogProbs();
    dropsLast.backwardMatchesCentralFiniteDifferences();
    assertThrows(
        AssertionFailedError.class, dropsLast::batchBackwardAccumulatesTheGradientOfSinglePasses);
    assertThrows(AssertionFailedError.class, dropsLast::logProbsBatchEqualsLogProbs);
    // 20 unseeded draws from 3 candidates repeat a seeded run with probability 3^-20
    assertThrows(
        AssertionFailedError.class, dropsLast::sampleBatchIsDeterministicForAGeneratorState);
  }

  @Test
  void trainablePolicyContractCatchesAWrongGradientAndALossyCheckpoint() {
    assertThrows(
        AssertionFailedError.class,
        new TinyPolicies(0.5, true)::backwardMatchesCentralFiniteDifferences);
    assertThrows(
        AssertionFailedError.class,
        new TinyPolicies(1.0, false)::checkpointRoundTripRestoresThePolicyExactly);
  }

  // ---------------------------------------------------------------- feedback sources

  private static final Prompt Q = Prompt.of("which is kinder?");

  private static FeedbackSource preferringLonger(boolean answerTheWrongPair) {
    return request -> {
      Objects.requireNonNull(request, "request must not be null");
      Completion a = request.candidates().get(0);
      Completion b =
          answerTheWrongPair ? Completion.of("something else") : request.candidates().get(1);
      Provenance who =
          new Provenance(SourceKind.RULE, "longer", null, null, Instant.EPOCH, Map.of());
      CompletionStage<Feedback> answer =
          CompletableFuture.completedFuture(
              a.text().length() >= b.text().length()
                  ? PairwiseComparison.preferring(request.prompt(), a, b, who)
                  : PairwiseComparison.preferring(request.prompt(), b, a, who));
      return answer;
    };
  }

  private static final class Sources implements FeedbackSourceContract<FeedbackSource> {
    private final boolean broken;

    Sources(boolean broken) {
      this.broken = broken;
    }

    @Override
    public FeedbackSource feedbackSource() {
      return preferringLonger(broken);
    }

    @Override
    public List<FeedbackRequest> requests() {
      return List.of(
          FeedbackRequest.pairwise("1", Q, Completion.of("thank you so much"), Completion.of("ok")),
          FeedbackRequest.pairwise("2", Q, Completion.of("no"), Completion.of("yes, gladly")));
    }
  }

  @Test
  void feedbackSourceContractPassesOnACorrectSourceAndCatchesAWrongAnswer() {
    Sources good = new Sources(false);
    good.everyAnswerAnswersItsRequest();
    good.requestAllAnswersInOrder();
    good.aMissingRequestIsRefused();
    assertThrows(IllegalArgumentException.class, new Sources(true)::everyAnswerAnswersItsRequest);
  }
}
