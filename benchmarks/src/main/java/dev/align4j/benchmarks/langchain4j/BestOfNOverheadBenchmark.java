package dev.align4j.benchmarks.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The best-of-n decorator's cost per call beyond the model calls, against the bare calls in the same run. The model
 * is an in-process LangChain4j chat model that answers at once (one of four ~60-word answers, in turn), so that
 * what the decorator adds is not hidden under network latency:
 *
 * <ul>
 *   <li>{@code bareCalls}: the n calls alone, through LangChain4j's {@code ChatModel.chat} (the peer);
 *   <li>{@code bestOfNConstantReward}: the decorator with a reward that costs nothing — its own overhead (converting
 *       the conversation, collecting the answers, the selection, the metadata);
 *   <li>{@code bestOfNHashedReward}: the decorator with a hashed-n-gram linear reward model (65,536 buckets);
 *   <li>{@code hashedScoringOnly}: that reward model's {@code scoreAll} of the n answers alone.
 * </ul>
 *
 * <p>Overhead per call = {@code bestOfNConstantReward − bareCalls}; target &lt; 1 ms. With a real reward model the
 * scoring comes on top ({@code bestOfNHashedReward − bareCalls ≈ overhead + hashedScoringOnly}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class BestOfNOverheadBenchmark {

  @Param({"4"})
  public int n;

  private BestOfNFixture f;

  /** The model, the decorators and the reward models. */
  @Setup
  public void setUp() {
    f = new BestOfNFixture(n);
  }

  /** The peer: the n model calls alone. */
  @Benchmark
  public void bareCalls(Blackhole bh) {
    for (int i = 0; i < n; i++) {
      bh.consume(f.model.chat(f.request));
    }
  }

  /** The decorator with a reward that costs nothing. */
  @Benchmark
  public ChatResponse bestOfNConstantReward() {
    return f.constantReward.chat(f.request);
  }

  /** The decorator with a hashed-n-gram linear reward model. */
  @Benchmark
  public ChatResponse bestOfNHashedReward() {
    return f.hashedReward.chat(f.request);
  }

  /** The hashed reward model scoring four answers, alone. */
  @Benchmark
  public double[] hashedScoringOnly() {
    return f.hashed.scoreAll(f.prompt, f.completions);
  }
}
