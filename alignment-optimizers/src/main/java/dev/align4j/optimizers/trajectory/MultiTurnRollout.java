package dev.align4j.optimizers.trajectory;

import dev.align4j.core.ConversationalPolicy;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.trajectory.Environment;
import dev.align4j.core.trajectory.EnvironmentStep;
import dev.align4j.core.trajectory.Trajectory;
import dev.align4j.core.trajectory.Turn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The multi-turn rollout loop: for each task, G episodes, each driven turn by turn through a fresh
 * {@link Environment}: reset gives the prompt; the policy samples a turn after the episode's tokens so far
 * ({@link ConversationalPolicy#sampleTurn}); the environment's step answers with an observation, a reward and a done
 * flag; the observation is tokenised into the sequence ({@link ConversationalPolicy#encodeObservation}) and the policy
 * continues, until the environment ends the episode, {@code maxTurns} policy turns were taken, or the next observation
 * would not fit the policy's episode length (TRL rolls such a tool result back; here the episode ends there, not done).
 *
 * <p>Determinism: one seed per episode is drawn from the caller's generator, {@code random.nextLong()} in task-major
 * order (task 0's G episodes first), and episode k runs on {@code new SplittableRandom(seed_k)}; so the trajectories
 * are a function of the generator's state alone, the same on the caller's thread or on any {@link Executor}.
 * Episodes run on the executor given to the builder (default: the caller's thread); the environment supplier and the
 * policy's sampling must then be safe to call concurrently.
 *
 * <p>Metrics (TRL's names where TRL has one): {@code reward}, {@code reward_std} (over all episodes),
 * {@code reward/turn}, {@code reward/outcome}, {@code tools/call_frequency} (tool calls per episode),
 * {@code tools/failure_frequency} (calls whose step info has an {@code "error"} entry, per call; 0 without calls),
 * {@code episodes/mean_turns} (policy turns), {@code episodes/done_fraction}, {@code completion_length} (mean policy
 * tokens per episode).
 *
 * @param <T> the task type
 */
public final class MultiTurnRollout<T> {
  private static final Executor CALLER_THREAD = Runnable::run;

  private final ConversationalPolicy policy;
  private final Supplier<? extends Environment<T>> environments;
  private final int groupSize;
  private final int maxTurns;
  private final SamplingParameters sampling;
  private final Executor executor;

  private MultiTurnRollout(Builder<T> b) {
    this.policy = b.policy;
    this.environments = b.environments;
    this.groupSize = b.groupSize;
    this.maxTurns = b.maxTurns;
    this.sampling = b.sampling;
    this.executor = b.executor;
  }

  /**
   * A builder with the defaults: G = 8 (TRL's {@code num_generations}), at most 10 policy turns (align4j's bound; TRL's
   * {@code max_tool_calling_iterations} is unbounded by default), {@link SamplingParameters#DEFAULT} per turn.
   *
   * @param policy the policy that takes the turns
   * @param environments a new environment per episode
   */
  public static <T> Builder<T> builder(
      ConversationalPolicy policy, Supplier<? extends Environment<T>> environments) {
    return new Builder<>(policy, environments);
  }

  /**
   * The trajectories of a batch and the rollout's metrics.
   *
   * @param trajectories G per task, task-major
   * @param metrics see the class documentation
   */
  public record Result(List<Trajectory> trajectories, Map<String, Double> metrics) {
    /** Copies the components. */
    public Result {
      trajectories = List.copyOf(trajectories);
      metrics = Map.copyOf(metrics);
    }
  }

  /** The number of episodes per task. */
  public int groupSize() {
    return groupSize;
  }

  /**
   * Runs G episodes of every task.
   *
   * @throws IllegalArgumentException when the task list is empty or an environment refuses a task (naming the episode)
   */
  public Result run(List<T> tasks, RandomGenerator random) {
    Require.nonEmpty("tasks", tasks);
    Require.nonNull("random", random);
    int n = Math.multiplyExact(tasks.size(), groupSize);
    long[] seeds = new long[n];
    for (int k = 0; k < n; k++) {
      seeds[k] = random.nextLong();
    }
    List<CompletableFuture<Episode>> futures = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      T task = Require.nonNull("tasks[" + k / groupSize + "]", tasks.get(k / groupSize));
      long seed = seeds[k];
      int index = k;
      futures.add(CompletableFuture.supplyAsync(() -> episode(index, task, seed), executor));
    }
    List<Episode> episodes = new ArrayList<>(n);
    for (CompletableFuture<Episode> f : futures) {
      try {
        episodes.add(f.join());
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw e;
      }
    }
    List<Trajectory> trajectories = new ArrayList<>(n);
    for (Episode e : episodes) {
      trajectories.add(e.trajectory);
    }
    return new Result(trajectories, metrics(episodes));
  }

  private record Episode(Trajectory trajectory, int toolFailures) {}

  private Episode episode(int index, T task, long seed) {
    try {
      RandomGenerator rnd = new SplittableRandom(seed);
      Environment<T> env = Require.nonNull("environment", environments.get());
      Prompt prompt = env.reset(task);
      List<Turn> turns = new ArrayList<>();
      int[] history = new int[0];
      int budget = policy.maxEpisodeTokens();
      boolean done = false;
      int failures = 0;
      for (int turn = 0; turn < maxTurns && history.length < budget; turn++) {
        Completion c = policy.sampleTurn(prompt, history, sampling, rnd);
        int[] ids = Require.nonNull("tokenIds of a sampled turn", c.tokenIds());
        EnvironmentStep step = env.step(c.text());
        turns.add(Turn.policy(c.text(), ids, c.tokenLogProbs(), step.toolCall(), step.reward()));
        history = concat(history, ids);
        if (step.toolCall() != null && step.info().containsKey("error")) {
          failures++;
        }
        if (step.done()) {
          done = true;
          break;
        }
        if (turn + 1 == maxTurns) {
          break; // no policy turn would follow the observation
        }
        int[] obs = policy.encodeObservation(step.observationRole(), step.observation());
        if (history.length + obs.length >= budget) {
          break; // the observation does not fit with room for a policy token: the episode is cut
          // off
        }
        turns.add(Turn.observation(step.observationRole(), step.observation(), obs));
        history = concat(history, obs);
      }
      return new Episode(new Trajectory(prompt, turns, done), failures);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "episode " + index + " (task " + index / groupSize + "): " + e.getMessage(), e);
    }
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static Map<String, Double> metrics(List<Episode> episodes) {
    int n = episodes.size();
    double reward = 0;
    double turnReward = 0;
    double outcome = 0;
    double calls = 0;
    double failures = 0;
    double turns = 0;
    double done = 0;
    double length = 0;
    for (Episode e : episodes) {
      Trajectory t = e.trajectory;
      reward += t.totalReward();
      turnReward += t.turnReward();
      outcome += t.outcomeReward();
      calls += t.toolCallCount();
      failures += e.toolFailures;
      turns += t.turns().stream().filter(Turn::isPolicyTurn).count();
      done += t.done() ? 1 : 0;
      length += t.policyTokenCount();
    }
    double mean = reward / n;
    double ss = 0;
    for (Episode e : episodes) {
      double d = e.trajectory.totalReward() - mean;
      ss += d * d;
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("reward", mean);
    m.put("reward_std", n < 2 ? 0.0 : Math.sqrt(ss / (n - 1)));
    m.put("reward/turn", turnReward / n);
    m.put("reward/outcome", outcome / n);
    m.put("tools/call_frequency", calls / n);
    m.put("tools/failure_frequency", calls == 0 ? 0.0 : failures / calls);
    m.put("episodes/mean_turns", turns / n);
    m.put("episodes/done_fraction", done / n);
    m.put("completion_length", length / n);
    return m;
  }

  @Override
  public String toString() {
    return "MultiTurnRollout[G=" + groupSize + ", maxTurns=" + maxTurns + ", " + sampling + "]";
  }

  /**
   * Builds a {@link MultiTurnRollout}; every setter validates its argument.
   *
   * @param <T> the task type
   */
  public static final class Builder<T> {
    private final ConversationalPolicy policy;
    private final Supplier<? extends Environment<T>> environments;
    private int groupSize = 8;
    private int maxTurns = 10;
    private SamplingParameters sampling = SamplingParameters.DEFAULT;
    private Executor executor = CALLER_THREAD;

    private Builder(ConversationalPolicy policy, Supplier<? extends Environment<T>> environments) {
      this.policy = Require.nonNull("policy", policy);
      this.environments = Require.nonNull("environments", environments);
    }

    /** G, the episodes per task (≥ 1; group-relative credit needs ≥ 2); default 8 (TRL's num_generations). */
    public Builder<T> groupSize(int groupSize) {
      this.groupSize = Require.positive("groupSize", groupSize);
      return this;
    }

    /** The most policy turns per episode (≥ 1); default 10. */
    public Builder<T> maxTurns(int maxTurns) {
      this.maxTurns = Require.positive("maxTurns", maxTurns);
      return this;
    }

    /** The sampling parameters of each turn ({@code maxTokens} bounds one turn); default 1.0 / off / off / 64. */
    public Builder<T> sampling(SamplingParameters sampling) {
      this.sampling = Require.nonNull("sampling", sampling);
      return this;
    }

    /** Where episodes run; default the caller's thread. */
    public Builder<T> executor(Executor executor) {
      this.executor = Require.nonNull("executor", executor);
      return this;
    }

    /** Builds the loop. */
    public MultiTurnRollout<T> build() {
      return new MultiTurnRollout<>(this);
    }
  }
}
