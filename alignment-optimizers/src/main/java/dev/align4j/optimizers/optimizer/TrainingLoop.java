package dev.align4j.optimizers.optimizer;

import dev.align4j.core.StepMetrics;
import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.check.Require;
import dev.align4j.core.train.Checkpointable;
import dev.align4j.core.train.LearningRateSchedule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The step machinery every optimiser in this package shares: it owns the step counter, the learning-rate schedule, the
 * listeners and the random-number stream, and runs one all-or-nothing step.
 *
 * <p>{@link #run(String, StepBody)} does, for step n (1-based):
 *
 * <ol>
 *   <li>{@code policy.zeroGrad()};
 *   <li>the body: forward passes, the objective, {@code backward} calls; it returns the loss and adds metrics; a
 *       gradient the body finds not finite ({@link #requireFiniteGradients}) ends the step like a non-finite loss;
 *   <li>if the loss is not finite: clear the gradients and throw {@link NonFiniteLossException} naming step and batch;
 *   <li>{@code policy.step(schedule.rate(n − 1))}; a non-finite gradient is reported the same way, and the policy
 *       guarantees that nothing changed;
 *   <li>metrics {@code loss}, the body's metrics, {@code grad_norm}, {@code learning_rate}, to every listener.
 * </ol>
 *
 * <p>{@link #runAll(String, int, StepBody, Runnable)} runs several such steps on one batch (the epochs of a PPO
 * rollout) as one all-or-nothing unit: a failure in any of them puts the policy's whole training state back.
 *
 * <p>Randomness: the body of step n receives {@code new SplittableRandom(mix(seed, n))}, so the random state is
 * (seed, step) and a resumed run draws exactly what an uninterrupted one would. Not thread-safe.
 */
public final class TrainingLoop {
  private final TrainablePolicy policy;
  private final LearningRateSchedule schedule;
  private final List<MetricsListener> listeners;
  private final long seed;
  private long steps;

  private TrainingLoop(Builder b) {
    this.policy = Require.nonNull("policy", b.policy);
    this.schedule = b.schedule;
    this.listeners = List.copyOf(b.listeners);
    this.seed = b.seed;
  }

  /** A builder for {@code policy}. */
  public static Builder builder(TrainablePolicy policy) {
    return new Builder(policy);
  }

  /** The body of one step: accumulates gradients into the policy and returns the loss. */
  @FunctionalInterface
  public interface StepBody {
    /**
     * Runs the forward and backward passes of one step.
     *
     * @param metrics add the step's metrics here (insertion order is kept)
     * @param random this step's random generator
     * @return the loss (the policy's gradients must be those of this loss)
     */
    double run(Map<String, Double> metrics, RandomGenerator random);
  }

  /**
   * Requires that the gradients a step body is about to hand to the policy's batch backward pass are finite (the
   * batch backward pass refuses non-finite gradients). Called inside a {@link StepBody}: a non-finite value ends the
   * step as a non-finite gradient does, with a {@link NonFiniteLossException} naming {@code name} and the index, and
   * nothing changed.
   *
   * @return {@code gradients}
   */
  public static double[] requireFiniteGradients(String name, double[] gradients) {
    for (int i = 0; i < gradients.length; i++) {
      if (!Double.isFinite(gradients[i])) {
        throw new NonFiniteGradient(name + "[" + i + "] is " + gradients[i]);
      }
    }
    return gradients;
  }

  /** A step body's non-finite gradient, turned into a {@link NonFiniteLossException} by the step. */
  private static final class NonFiniteGradient extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NonFiniteGradient(String message) {
      super(message);
    }
  }

  /** The trained policy. */
  public TrainablePolicy policy() {
    return policy;
  }

  /** Steps completed. */
  public long stepCount() {
    return steps;
  }

  /** The seed of the random stream. */
  public long seed() {
    return seed;
  }

  /** The learning rate the next step will use. */
  public double nextLearningRate() {
    return schedule.rate(steps);
  }

  /** The random generator step {@code step} (1-based) uses; a pure function of seed and step. */
  public RandomGenerator randomForStep(long step) {
    return new SplittableRandom(mix(seed ^ mix(step + 0x9E3779B97F4A7C15L)));
  }

  /**
   * Runs one step.
   *
   * @param batchDescription names the batch in error messages, e.g. {@code "#7 (16 pairs, first prompt \"Hi\")"}
   * @param body the forward/backward work
   * @return the step's metrics (also sent to the listeners)
   */
  public StepMetrics run(String batchDescription, StepBody body) {
    StepMetrics metrics = advance(batchDescription, body);
    notifyListeners(metrics);
    return metrics;
  }

  /**
   * Runs {@code count} consecutive steps on one batch (the epochs of a PPO rollout) as one all-or-nothing unit. Each
   * step is what {@link #run(String, StepBody)} does; then {@code beforeCommit} runs (it may refuse the whole unit by
   * throwing); only then do the listeners see the steps' metrics, in order. If any step or {@code beforeCommit}
   * throws, the policy's whole training state (parameters, optimiser moments, optimiser step count) and this loop's
   * step counter are put back as they were before the first step, no listener is called, and the exception is
   * rethrown — so a {@link NonFiniteLossException} from a later epoch says the truth: nothing was left changed.
   *
   * <p>With {@code count > 1} the policy must be {@link Checkpointable} (its state is snapshotted before the first
   * step and read back on failure). With {@code count == 1} no snapshot is taken: the policy's own step is
   * all-or-nothing, and {@code beforeCommit} runs before that step's update cannot be undone — so it must not fail
   * after a successful update (validate in advance what it will do; see {@code KlController.checkUpdate}).
   *
   * @param batchDescription names the batch in error messages; with {@code count > 1} the failing epoch is appended
   * @param count the number of steps, ≥ 1
   * @param body the forward/backward work of every step (it is called {@code count} times)
   * @param beforeCommit runs after the last step and before the listeners; must change nothing it cannot undo when it
   *     throws
   * @return the metrics of every step, in order
   * @throws IllegalArgumentException when {@code count < 1}, or {@code count > 1} and the policy is not
   *     {@link Checkpointable}
   */
  public List<StepMetrics> runAll(
      String batchDescription, int count, StepBody body, Runnable beforeCommit) {
    Require.positive("count", count);
    Require.nonNull("beforeCommit", beforeCommit);
    byte[] backup = count > 1 ? snapshot(checkpointable()) : null;
    long stepsBefore = steps;
    List<StepMetrics> done = new ArrayList<>(count);
    try {
      for (int e = 0; e < count; e++) {
        String description =
            count > 1 ? batchDescription + ", epoch " + (e + 1) + " of " + count : batchDescription;
        done.add(advance(description, body));
      }
      beforeCommit.run();
    } catch (RuntimeException e) {
      if (backup != null) {
        rollBack(backup, e);
      }
      steps = stepsBefore;
      throw e;
    }
    for (StepMetrics m : done) {
      notifyListeners(m);
    }
    return List.copyOf(done);
  }

  private void rollBack(byte[] backup, RuntimeException failure) {
    try {
      ((Checkpointable) policy).readState(new DataInputStream(new ByteArrayInputStream(backup)));
    } catch (IOException | RuntimeException rollbackFailure) {
      IllegalStateException broken =
          new IllegalStateException(
              "the policy's state could not be put back after a failed step; it is undefined now",
              rollbackFailure);
      broken.addSuppressed(failure);
      throw broken;
    }
    policy.zeroGrad();
  }

  private void notifyListeners(StepMetrics metrics) {
    for (MetricsListener l : listeners) {
      l.onStep(metrics);
    }
  }

  /** One step without notifying the listeners. */
  private StepMetrics advance(String batchDescription, StepBody body) {
    long step = steps + 1;
    policy.zeroGrad();
    Map<String, Double> bodyMetrics = new LinkedHashMap<>();
    double loss;
    try {
      loss = body.run(bodyMetrics, randomForStep(step));
    } catch (NonFiniteGradient e) {
      policy.zeroGrad();
      throw new NonFiniteLossException(
          step, batchDescription, "gradient is not finite (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      policy.zeroGrad();
      throw e;
    }
    if (!Double.isFinite(loss)) {
      policy.zeroGrad();
      throw new NonFiniteLossException(step, batchDescription, "loss is " + loss, null);
    }
    double rate = schedule.rate(steps);
    Require.argument(
        Double.isFinite(rate) && rate >= 0,
        "learning rate schedule must return a finite rate >= 0, returned %s at step %d",
        rate,
        steps);
    double gradNorm;
    try {
      gradNorm = policy.step(rate);
    } catch (IllegalStateException e) {
      policy.zeroGrad();
      throw new NonFiniteLossException(
          step, batchDescription, "gradient is not finite (" + e.getMessage() + ")", e);
    }
    steps = step;
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("loss", loss);
    values.putAll(bodyMetrics);
    values.put("grad_norm", gradNorm);
    values.put("learning_rate", rate);
    return new StepMetrics(step, values);
  }

  /** Describes a batch for error messages: its index (the next step), size, unit and first prompt. */
  public String describe(int size, String unit, String firstPrompt) {
    return "#"
        + (steps + 1)
        + " ("
        + size
        + " "
        + unit
        + ", first prompt \""
        + Require.abbreviate(firstPrompt, 40)
        + "\")";
  }

  /**
   * Saves a checkpoint: the loop's state (seed, step), the policy's state, then the optimiser's {@code extra} state.
   *
   * @throws IllegalArgumentException when the policy is not {@link Checkpointable}
   */
  public void save(Path path, String kind, CheckpointFile.StateWriter extra) throws IOException {
    Checkpointable c = checkpointable();
    CheckpointFile.save(
        path,
        kind,
        out -> {
          out.writeLong(seed);
          out.writeLong(steps);
          c.writeState(out);
          extra.write(out);
        });
  }

  /**
   * Restores a checkpoint written by {@link #save}; all-or-nothing: if any part fails, the policy's earlier state is
   * put back and the exception rethrown.
   */
  public void restore(Path path, String kind, CheckpointFile.StateReader extra) throws IOException {
    Checkpointable c = checkpointable();
    byte[] backup = snapshot(c);
    long stepsBefore = steps;
    try {
      CheckpointFile.load(
          path,
          kind,
          in -> {
            long s = in.readLong();
            Require.argument(
                s == seed, "checkpoint seed must equal this optimiser's seed %d, was %d", seed, s);
            long st = in.readLong();
            Require.argument(st >= 0, "checkpoint step must be >= 0, was %d", st);
            c.readState(in);
            extra.read(in);
            steps = st;
          });
    } catch (IOException | RuntimeException e) {
      c.readState(new DataInputStream(new ByteArrayInputStream(backup)));
      steps = stepsBefore;
      throw e;
    }
  }

  private Checkpointable checkpointable() {
    Require.argument(
        policy instanceof Checkpointable,
        "policy must implement Checkpointable to save or restore checkpoints, was %s",
        policy.getClass().getName());
    return (Checkpointable) policy;
  }

  /** The serialised state of {@code c}. */
  public static byte[] snapshot(Checkpointable c) {
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(buffer);
      c.writeState(out);
      out.flush();
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a length-prefixed byte block. */
  public static void writeBlock(DataOutput out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /** Reads a length-prefixed byte block. */
  public static byte[] readBlock(DataInput in) throws IOException {
    int n = in.readInt();
    Require.argument(n >= 0, "block length must be >= 0, was %d", n);
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  /** SplitMix64's finaliser: a bijective scrambling of {@code z}. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Configures a {@link TrainingLoop}. */
  public static final class Builder {
    private final TrainablePolicy policy;
    private LearningRateSchedule schedule = LearningRateSchedule.constant(1e-6);
    private final List<MetricsListener> listeners = new ArrayList<>();
    private long seed = 42;

    private Builder(TrainablePolicy policy) {
      this.policy = Require.nonNull("policy", policy);
    }

    /**
     * The learning-rate schedule; default constant 1e-6 (TRL's {@code learning_rate} for DPO, KTO, GRPO and RLOO —
     * far too small for the log-linear policy, set it).
     */
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = Require.nonNull("schedule", schedule);
      return this;
    }

    /** Adds a metrics listener. */
    public Builder listener(MetricsListener listener) {
      listeners.add(Require.nonNull("listener", listener));
      return this;
    }

    /** The seed of the random stream (default 42, as TRL's {@code seed}). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Builds the loop. */
    public TrainingLoop build() {
      return new TrainingLoop(this);
    }
  }
}
