package dev.align4j.optimizers.optimizer;

import dev.align4j.core.Policy;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.ValueHeadPolicy;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.Checkpointable;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Test fixture: a {@link ValueHeadPolicy} that delegates everything to another one and records how an optimiser
 * drives it: the single-example calls ({@code sample}, {@code forward}, {@code forwardWithValues}, {@code logProbs},
 * a {@code backward} on a forward pass) and the batch calls with the gradients they were given. Its batch methods hand
 * the delegate's own forward passes to the delegate's batch methods, so a native batch implementation runs as it
 * would unwrapped. Its frozen copy is a {@link Reference} that records the same way.
 */
public final class BatchRecordingPolicy implements ValueHeadPolicy, Checkpointable {
  private final ValueHeadPolicy delegate;

  /** Calls of forward, forwardWithValues, logProbs and of a backward on a forward pass (outside backwardBatch). */
  public int singleForwards;

  public int singleLogProbs;
  public int singleBackwards;
  public int singleSamples;

  /** The size of every {@code sampleBatch} call, in order. */
  public final List<Integer> sampleBatchSizes = new ArrayList<>();

  public int forwardBatches;
  public int forwardBatchesWithValues;
  public int logProbsBatches;

  /** The gradients of every {@code backwardBatch(forwards, gradients)}, in order. */
  public final List<TokenGradients> gradients = new ArrayList<>();

  /** The (log-prob, value) gradients of every value {@code backwardBatch}, in order. */
  public final List<TokenGradients.PerToken[]> valueGradients = new ArrayList<>();

  /** The prompts and completions of the last {@code forwardBatch} or {@code forwardBatchWithValues}. */
  public List<Prompt> lastPrompts = List.of();

  public List<Completion> lastCompletions = List.of();

  /** The frozen copies handed out (the optimisers' default references). */
  public final List<Reference> references = new ArrayList<>();

  public BatchRecordingPolicy(ValueHeadPolicy delegate) {
    this.delegate = delegate;
  }

  /** Whether the optimiser used only batch calls and never a single-example one. */
  public boolean usedOnlyBatchCalls() {
    boolean referencesToo =
        references.stream().allMatch(r -> r.singleLogProbs == 0 && r.singleSamples == 0);
    return singleForwards == 0
        && singleLogProbs == 0
        && singleBackwards == 0
        && singleSamples == 0
        && referencesToo;
  }

  @Override
  public String toString() {
    return "BatchRecordingPolicy[single sample "
        + singleSamples
        + ", forward "
        + singleForwards
        + ", logProbs "
        + singleLogProbs
        + ", backward "
        + singleBackwards
        + "; sampleBatch "
        + sampleBatchSizes
        + ", forwardBatch "
        + forwardBatches
        + ", forwardBatchWithValues "
        + forwardBatchesWithValues
        + ", logProbsBatch "
        + logProbsBatches
        + ", backwardBatch "
        + gradients.size()
        + ", value backwardBatch "
        + valueGradients.size()
        + "; references "
        + references
        + "]";
  }

  @Override
  public Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
    singleSamples++;
    return delegate.sample(prompt, parameters, random);
  }

  @Override
  public List<Completion> sampleBatch(
      List<Prompt> prompts, SamplingParameters parameters, RandomGenerator random) {
    sampleBatchSizes.add(prompts.size());
    return delegate.sampleBatch(prompts, parameters, random);
  }

  @Override
  public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
    singleLogProbs++;
    return delegate.logProbs(prompt, completion);
  }

  @Override
  public List<TokenLogProbs> logProbsBatch(List<Prompt> prompts, List<Completion> completions) {
    logProbsBatches++;
    return delegate.logProbsBatch(prompts, completions);
  }

  @Override
  public Forward forward(Prompt prompt, Completion completion) {
    singleForwards++;
    return new RecordedForward(delegate.forwardWithValues(prompt, completion));
  }

  @Override
  public ValueForward forwardWithValues(Prompt prompt, Completion completion) {
    singleForwards++;
    return new RecordedForward(delegate.forwardWithValues(prompt, completion));
  }

  @Override
  public List<? extends Forward> forwardBatch(List<Prompt> prompts, List<Completion> completions) {
    forwardBatches++;
    lastPrompts = List.copyOf(prompts);
    lastCompletions = List.copyOf(completions);
    List<RecordedForward> out = new ArrayList<>();
    for (Forward f : delegate.forwardBatch(prompts, completions)) {
      out.add(new RecordedForward(f));
    }
    return out;
  }

  @Override
  public List<? extends ValueForward> forwardBatchWithValues(
      List<Prompt> prompts, List<Completion> completions) {
    forwardBatchesWithValues++;
    lastPrompts = List.copyOf(prompts);
    lastCompletions = List.copyOf(completions);
    List<RecordedForward> out = new ArrayList<>();
    for (ValueForward f : delegate.forwardBatchWithValues(prompts, completions)) {
      out.add(new RecordedForward(f));
    }
    return out;
  }

  @Override
  public void backwardBatch(List<? extends Forward> forwards, TokenGradients gradients) {
    this.gradients.add(gradients);
    List<Forward> unwrapped = new ArrayList<>();
    for (Forward f : forwards) {
      unwrapped.add(((RecordedForward) f).delegate);
    }
    delegate.backwardBatch(unwrapped, gradients);
  }

  @Override
  public void backwardBatch(
      List<? extends ValueForward> forwards,
      TokenGradients.PerToken dLossDTokenLogProbs,
      TokenGradients.PerToken dLossDValues) {
    valueGradients.add(new TokenGradients.PerToken[] {dLossDTokenLogProbs, dLossDValues});
    List<ValueForward> unwrapped = new ArrayList<>();
    for (ValueForward f : forwards) {
      unwrapped.add((ValueForward) ((RecordedForward) f).delegate);
    }
    delegate.backwardBatch(unwrapped, dLossDTokenLogProbs, dLossDValues);
  }

  @Override
  public void zeroGrad() {
    delegate.zeroGrad();
  }

  @Override
  public double step(double learningRate) {
    return delegate.step(learningRate);
  }

  @Override
  public long stepCount() {
    return delegate.stepCount();
  }

  @Override
  public long parameterCount() {
    return delegate.parameterCount();
  }

  @Override
  public Policy frozenCopy() {
    Reference r = new Reference(delegate.frozenCopy());
    references.add(r);
    return r;
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    ((Checkpointable) delegate).writeState(out);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    ((Checkpointable) delegate).readState(in);
  }

  /** A forward pass whose single-example backward calls are counted. */
  private final class RecordedForward implements ValueForward {
    private final Forward delegate;

    RecordedForward(Forward delegate) {
      this.delegate = delegate;
    }

    @Override
    public TokenLogProbs logProbs() {
      return delegate.logProbs();
    }

    @Override
    public double[] values() {
      return ((ValueForward) delegate).values();
    }

    @Override
    public void backward(double[] dLossDTokenLogProbs) {
      singleBackwards++;
      delegate.backward(dLossDTokenLogProbs);
    }

    @Override
    public void backward(double[] dLossDTokenLogProbs, double[] dLossDValues) {
      singleBackwards++;
      ((ValueForward) delegate).backward(dLossDTokenLogProbs, dLossDValues);
    }

    @Override
    public void backwardUniform(double dLossDSequenceLogProb) {
      singleBackwards++;
      delegate.backwardUniform(dLossDSequenceLogProb);
    }

    @Override
    public void backward(double[] tokenGradients, int offset) {
      singleBackwards++;
      delegate.backward(tokenGradients, offset);
    }

    @Override
    public void backward(double[] dLossDTokenLogProbs, double[] dLossDValues, int offset) {
      singleBackwards++;
      ((ValueForward) delegate).backward(dLossDTokenLogProbs, dLossDValues, offset);
    }
  }

  /** A frozen policy that records single and batch sampling and log-prob calls. */
  public static final class Reference implements Policy {
    private final Policy delegate;
    public int singleLogProbs;
    public int logProbsBatches;
    public int singleSamples;
    public int sampleBatches;

    Reference(Policy delegate) {
      this.delegate = delegate;
    }

    @Override
    public Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
      singleSamples++;
      return delegate.sample(prompt, parameters, random);
    }

    @Override
    public List<Completion> sampleBatch(
        List<Prompt> prompts, SamplingParameters parameters, RandomGenerator random) {
      sampleBatches++;
      return delegate.sampleBatch(prompts, parameters, random);
    }

    @Override
    public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
      singleLogProbs++;
      return delegate.logProbs(prompt, completion);
    }

    @Override
    public List<TokenLogProbs> logProbsBatch(List<Prompt> prompts, List<Completion> completions) {
      logProbsBatches++;
      return delegate.logProbsBatch(prompts, completions);
    }

    @Override
    public String toString() {
      return "Reference[single logProbs "
          + singleLogProbs
          + ", logProbsBatch "
          + logProbsBatches
          + "]";
    }
  }
}
