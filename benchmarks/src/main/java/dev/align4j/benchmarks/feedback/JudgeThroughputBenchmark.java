package dev.align4j.benchmarks.feedback;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.http.OpenAiChatModel;
import dev.align4j.feedback.judge.LlmJudge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 6's throughput target: 2,000 pairwise judgements in both orders (4,000 calls) against a local endpoint with
 * 50 ms latency per call and concurrency 64 must finish within 1.5× of the ideal 4,000 × 50 ms / 64 = 3.125 s, i.e.
 * under 4.69 s. One operation = the whole batch (single-shot time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(1)
public class JudgeThroughputBenchmark {
  @Param({"2000"})
  int pairs;

  @Param({"64"})
  int concurrency;

  @Param({"50"})
  long latencyMillis;

  private LocalJudgeEndpoint endpoint;
  private ExecutorService callers;
  private LlmJudge judge;
  private List<FeedbackRequest> requests;

  @Setup
  public void setUp() throws Exception {
    endpoint = new LocalJudgeEndpoint(latencyMillis, concurrency * 2);
    callers = Executors.newFixedThreadPool(concurrency);
    OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(endpoint.baseUrl()).model("local-judge").noApiKey()
        .maxConcurrency(concurrency).requestTimeout(Duration.ofSeconds(30)).build();
    judge = LlmJudge.builder().model(model).executor(callers).build();
    requests = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      requests.add(FeedbackRequest.pairwise("q" + i, Prompt.of("Question number " + i + "?"),
          Completion.of("First answer to question " + i), Completion.of("Second answer to question " + i)));
    }
  }

  @TearDown
  public void tearDown() {
    callers.shutdownNow();
    endpoint.close();
  }

  @Benchmark
  public int judgeAllPairsInBothOrders() {
    return judge.requestAll(requests).size();
  }
}
