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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the best-of-n measurements share: an in-process LangChain4j chat model that answers at once (one of four
 * ~60-word support answers, in turn), a two-message request, the decorator with a reward that costs nothing and with a
 * hashed-n-gram linear reward model (65,536 buckets, seeded random weights).
 */
final class BestOfNFixture {
  static final String[] ANSWERS = {
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

  final int n;
  final ChatModel model;
  final ChatRequest request;
  final BestOfNChatModel constantReward;
  final BestOfNChatModel hashedReward;
  final RewardModel hashed;
  final Prompt prompt = Prompt.of("Where is my parcel?");
  final List<Completion> completions =
      List.of(
          Completion.of(ANSWERS[0]),
          Completion.of(ANSWERS[1]),
          Completion.of(ANSWERS[2]),
          Completion.of(ANSWERS[3]));

  BestOfNFixture(int n) {
    this.n = n;
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
  }
}
