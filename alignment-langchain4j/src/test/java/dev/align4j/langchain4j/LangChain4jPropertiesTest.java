package dev.align4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Seeded property tests of the adapters. */
class LangChain4jPropertiesTest {

  /**
   * Best-of-n returns a candidate of maximal reward, with every score in the metadata: the argmax set is computed here
   * from the scores, independently. Rewards are small integers, so ties are common.
   */
  @Property(trials = 60)
  void bestOfNReturnsACandidateOfMaximalReward(Gen gen) {
    int n = gen.intIn(1, 8);
    int[] rewards = IntStream.range(0, n).map(i -> gen.intIn(0, 3)).toArray();
    RewardModel byIndex =
        (p, c) -> rewards[Integer.parseInt(c.text().substring("answer ".length()))];
    ScriptedChatModel model = new ScriptedChatModel(i -> "answer " + i);
    BestOfNChatModel best =
        BestOfNChatModel.builder(model, byIndex)
            .n(n)
            .random(new SplittableRandom(gen.random().nextLong()))
            .build();
    var r = best.chat(ChatRequest.builder().messages(UserMessage.from("q")).build());
    BestOfNMetadata m = (BestOfNMetadata) r.metadata();
    int max = IntStream.of(rewards).max().orElseThrow();
    List<Integer> argmax = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      assertEquals(rewards[i], m.scores().get(i), 0.0, gen.toString());
      if (rewards[i] == max) {
        argmax.add(i);
      }
    }
    assertTrue(
        argmax.contains(m.chosenIndex()), gen + ": chose " + m.chosenIndex() + " of " + argmax);
    assertEquals("answer " + m.chosenIndex(), r.aiMessage().text());
    assertEquals(n, model.requests.size());
  }

  /** System, user and assistant turns survive align4j → LangChain4j → align4j unchanged. */
  @Property(trials = 60)
  void conversationsRoundTrip(Gen gen) {
    List<Message> turns = new ArrayList<>();
    for (int i = 0, k = gen.intIn(1, 8); i < k; i++) {
      String text = "t" + i + " " + gen.text(12);
      turns.add(gen.oneOf(Message.system(text), Message.user(text), Message.assistant(text)));
    }
    assertEquals(
        new Prompt(turns),
        Conversations.toPrompt(Conversations.toLangChain4j(turns)),
        gen.toString());
  }

  /** The sigmoid scores are σ(r) = 1 / (1 + e^(−r)) of the rewards, in order. */
  @Property(trials = 40)
  void sigmoidScoresAreTheLogisticOfTheRewards(Gen gen) {
    int n = gen.intIn(1, 10);
    double[] rewards = gen.gaussians(n);
    for (int i = 0; i < n; i++) {
      rewards[i] *= 8;
    }
    List<TextSegment> segments = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      segments.add(TextSegment.from(Integer.toString(i)));
    }
    List<Double> out =
        RewardScoringModel.of((p, c) -> rewards[Integer.parseInt(c.text())])
            .withSigmoid()
            .scoreAll(segments, "q")
            .content();
    for (int i = 0; i < n; i++) {
      assertEquals(1 / (1 + Math.exp(-rewards[i])), out.get(i), 1e-15, gen.toString());
    }
  }
}
