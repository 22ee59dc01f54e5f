package dev.align4j.rewards.verify;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Counts a verifier's verdicts and abstentions per {@link AbstentionReason}, and keeps a bounded, uniform sample of
 * abstention examples per reason (reservoir sampling, Vitter's Algorithm R, with the injected seeded generator), so
 * that a person can see what the verifier could not read. Thread-safe (one lock; the work under it is a few counter
 * updates). Read it with {@link #snapshot()} (cumulative) or {@link #snapshotAndReset()} (per training step), and
 * merge {@link AbstentionStats#metrics()} into the step's metrics.
 *
 * <pre>{@code
 * AbstentionMeter meter = AbstentionMeter.builder("correct").random(new SplittableRandom(7)).build();
 * RewardModel reward = meter.watch(ReferenceAnswerRule.numeric(answers::get));
 * ... train ...
 * metrics.putAll(meter.snapshotAndReset().metrics());   // rewards/correct/abstention_rate, ...
 * }</pre>
 */
public final class AbstentionMeter {
  /** How many characters of the prompt and of the completion an example keeps. */
  public static final int EXCERPT_CHARS = 200;

  private final String name;
  private final int examplesPerReason;
  private final RandomGenerator random;
  private final Object lock = new Object();
  private long verdicts;
  private final EnumMap<AbstentionReason, Long> counts = new EnumMap<>(AbstentionReason.class);
  private final EnumMap<AbstentionReason, List<AbstentionExample>> kept =
      new EnumMap<>(AbstentionReason.class);

  private AbstentionMeter(Builder b) {
    this.name = b.name;
    this.examplesPerReason = b.examplesPerReason;
    this.random = b.random;
    clear();
  }

  /**
   * A builder; defaults: 5 examples kept per reason, generator {@code new SplittableRandom(0)}.
   *
   * @param name the verifier's name in metric keys (non-blank, no {@code '/'})
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Records one verdict on {@code completion} as an answer to {@code prompt}. */
  public void record(Prompt prompt, Completion completion, Verdict verdict) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("completion", completion);
    Require.nonNull("verdict", verdict);
    synchronized (lock) {
      verdicts++;
      if (!(verdict instanceof Verdict.Abstained)) {
        return;
      }
      Verdict.Abstained a = (Verdict.Abstained) verdict;
      long seen = counts.merge(a.reason(), 1L, Long::sum);
      List<AbstentionExample> list = kept.get(a.reason());
      if (list.size() < examplesPerReason) {
        list.add(example(prompt, completion, a));
      } else if (examplesPerReason > 0) {
        long j = random.nextLong(seen);
        if (j < examplesPerReason) {
          list.set((int) j, example(prompt, completion, a));
        }
      }
    }
  }

  /**
   * A verifier that gives {@code verifier}'s verdicts and records each one here. The result is a plain verifier (a
   * composite's {@code explain} is not carried over): to keep a composite explainable, watch its components.
   */
  public Verifier watch(Verifier verifier) {
    Require.nonNull("verifier", verifier);
    AbstentionMeter meter = this;
    return new Verifier() {
      @Override
      public Verdict verify(Prompt prompt, Completion completion) {
        Verdict v = verifier.verify(prompt, completion);
        meter.record(prompt, completion, v);
        return v;
      }

      @Override
      public double abstentionScore() {
        return verifier.abstentionScore();
      }

      @Override
      public String toString() {
        return verifier + " (metered as \"" + name + "\")";
      }
    };
  }

  /** The counts and examples so far. */
  public AbstentionStats snapshot() {
    synchronized (lock) {
      return stats();
    }
  }

  /** The counts and examples so far, and a fresh start (one atomic step: no verdict is counted twice or lost). */
  public AbstentionStats snapshotAndReset() {
    synchronized (lock) {
      AbstentionStats s = stats();
      clear();
      return s;
    }
  }

  private AbstentionStats stats() {
    List<AbstentionExample> examples = new ArrayList<>();
    for (List<AbstentionExample> l : kept.values()) {
      examples.addAll(l);
    }
    return new AbstentionStats(name, verdicts, Map.copyOf(counts), examples);
  }

  private void clear() {
    verdicts = 0;
    for (AbstentionReason r : AbstentionReason.values()) {
      counts.put(r, 0L);
      kept.put(r, new ArrayList<>());
    }
  }

  private static AbstentionExample example(
      Prompt prompt, Completion completion, Verdict.Abstained a) {
    return new AbstentionExample(
        a.reason(),
        a.detail(),
        Require.abbreviate(prompt.lastUserText(), EXCERPT_CHARS),
        Require.abbreviate(completion.text(), EXCERPT_CHARS));
  }

  /** Configures an {@link AbstentionMeter}. */
  public static final class Builder {
    private final String name;
    private int examplesPerReason = 5;
    private RandomGenerator random;

    private Builder(String name) {
      Require.nonBlank("name", name);
      Require.argument(!name.contains("/"), "name must not contain '/', was \"%s\"", name);
      this.name = name;
      this.random = new SplittableRandom(0);
    }

    /** How many examples to keep per reason, in [0, 1000]; default 5 (enough to see a pattern, small in a log). */
    public Builder examplesPerReason(int n) {
      this.examplesPerReason = Require.inClosedRange("examplesPerReason", n, 0, 1000);
      return this;
    }

    /** The generator of the reservoir sample; default {@code new SplittableRandom(0)}. */
    public Builder random(RandomGenerator random) {
      this.random = Require.nonNull("random", random);
      return this;
    }

    /** Builds the meter. */
    public AbstentionMeter build() {
      return new AbstentionMeter(this);
    }
  }
}
