package dev.align4j.benchmarks.langchain4j;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.langchain4j.BestOfNChatModel;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.model.HeadArchitecture;
import dev.align4j.rewards.model.RewardHead;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  private static final String[] ANSWERS = {
    "Thanks for reaching out. I checked your order and the parcel left our warehouse yesterday; it is with the"
        + " carrier now and should reach you within two working days. I have added the tracking link to your account"
        + " so that you can follow it, and I will refund the shipping fee because of the delay.",
    "I am sorry the parcel is late. It was handed to the carrier yesterday and is expected within two days. You can"
        + " follow it from the tracking link in your account, and the shipping fee has been refunded for the delay,"
        + " which you will see on your card statement within a week.",
    "Your parcel is on its way: the carrier picked it up yesterday and delivery is planned within two working"
        + " days. Tracking details are in your account. Because it took longer than promised, we have refunded the"
        + " shipping cost; please tell us if it has not arrived by Friday.",
    "The order shipped yesterday and the carrier expects to deliver it in about two days. I refunded the delivery"
        + " fee as an apology for the wait. The tracking number is in the order page of your account, and our team"
        + " will follow up if the parcel is not delivered on time."
  };

  private ChatModel model;
  private ChatRequest request;
  private BestOfNChatModel constantReward;
  private BestOfNChatModel hashedReward;
  private RewardModel hashed;
  private Prompt prompt;
  private List<Completion> completions;

  /** A model that answers at once; the decorators; the reward models. */
  @Setup
  public void setUp() {
    AtomicInteger turn = new AtomicInteger();
    model =
        new ChatModel() {
          @Override
          public ChatResponse doChat(ChatRequest r) {
            int i = turn.getAndIncrement() & 3;
            return ChatResponse.builder()
                .aiMessage(AiMessage.from(ANSWERS[i]))
                .id("c" + i)
                .modelName("stand-in")
                .tokenUsage(new TokenUsage(40, 60))
                .finishReason(FinishReason.STOP)
                .build();
          }
        };
    request =
        ChatRequest.builder()
            .messages(
                SystemMessage.from("You are a helpful support agent."),
                UserMessage.from("Where is my parcel?"))
            .temperature(0.8)
            .build();
    HashedNGramFeaturizer f = HashedNGramFeaturizer.builder().build();
    float[] w = new float[HeadArchitecture.linear().parameterCount(f.dimension())];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    hashed = new FeatureRewardModel(f, new RewardHead(HeadArchitecture.linear(), f.dimension(), w));
    constantReward = BestOfNChatModel.builder(model, (p, c) -> 0.0).n(n).build();
    hashedReward = BestOfNChatModel.builder(model, hashed).n(n).build();
    prompt = Prompt.of("Where is my parcel?");
    completions =
        List.of(
            Completion.of(ANSWERS[0]),
            Completion.of(ANSWERS[1]),
            Completion.of(ANSWERS[2]),
            Completion.of(ANSWERS[3]));
  }

  /** The peer: the n model calls alone. */
  @Benchmark
  public void bareCalls(Blackhole bh) {
    for (int i = 0; i < n; i++) {
      bh.consume(model.chat(request));
    }
  }

  /** The decorator with a reward that costs nothing. */
  @Benchmark
  public ChatResponse bestOfNConstantReward() {
    return constantReward.chat(request);
  }

  /** The decorator with a hashed-n-gram linear reward model. */
  @Benchmark
  public ChatResponse bestOfNHashedReward() {
    return hashedReward.chat(request);
  }

  /** The hashed reward model scoring four answers, alone. */
  @Benchmark
  public double[] hashedScoringOnly() {
    return hashed.scoreAll(prompt, completions);
  }
}
