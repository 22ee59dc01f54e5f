package dev.align4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Prompt;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link BestOfNChatModel}: n samples, the reward model's favourite returned, scores in the metadata. */
class BestOfNChatModelTest {
  /** The reward is the answer's length; records the prompts it saw. */
  static final class Length implements RewardModel {
    final List<Prompt> prompts = new CopyOnWriteArrayList<>();

    @Override
    public double score(Prompt prompt, dev.align4j.core.text.Completion completion) {
      prompts.add(prompt);
      return completion.text().length();
    }
  }

  private static ChatRequest request() {
    return ChatRequest.builder()
        .messages(SystemMessage.from("Be brief."), UserMessage.from("Say hi"))
        .build();
  }

  @Test
  void returnsTheHighestRewardAnswerWithEveryScoreInTheMetadata() {
    ScriptedChatModel model = ScriptedChatModel.of("hi", "hello there", "hey", "hello");
    Length reward = new Length();
    BestOfNChatModel best = BestOfNChatModel.builder(model, reward).build();
    assertEquals(4, best.n(), "the published default");
    ChatResponse r = best.chat(request());
    assertEquals("hello there", r.aiMessage().text());
    BestOfNMetadata m = assertInstanceOf(BestOfNMetadata.class, r.metadata());
    assertEquals(List.of(2.0, 11.0, 3.0, 5.0), m.scores());
    assertEquals(1, m.chosenIndex());
    assertEquals(11.0, m.chosenScore());
    assertEquals("call-1", r.id());
    // token usage is the sum over the four calls: inputs 4 x 10, outputs 1 + 2 + 3 + 4
    assertEquals(40, r.tokenUsage().inputTokenCount());
    assertEquals(10, r.tokenUsage().outputTokenCount());
    assertEquals(4, model.requests.size());
    assertEquals(
        Prompt.of(
            dev.align4j.core.text.Message.system("Be brief."),
            dev.align4j.core.text.Message.user("Say hi")),
        reward.prompts.get(0),
        "the conversation is the prompt");
  }

  @Test
  void tiesAreBrokenBySeededDrawsReproducibly() {
    RewardModel flat = (p, c) -> 1.0;
    List<Integer> first = picks(flat, 7L);
    assertEquals(first, picks(flat, 7L), "same seed, same picks");
    assertTrue(
        new HashSet<>(first).size() >= 3,
        "a fair draw over 4 tied answers uses most of them: " + first);
    // a unique best is never drawn for: the generator is untouched
    SplittableRandom r = new SplittableRandom(7L);
    BestOfNChatModel b =
        BestOfNChatModel.builder(ScriptedChatModel.of("a", "bb"), new Length())
            .n(2)
            .random(r)
            .build();
    b.chat(request());
    assertEquals(new SplittableRandom(7L).nextLong(), r.nextLong());
  }

  private static List<Integer> picks(RewardModel reward, long seed) {
    BestOfNChatModel b =
        BestOfNChatModel.builder(new ScriptedChatModel(i -> "answer " + (i % 4)), reward)
            .random(new SplittableRandom(seed))
            .build();
    List<Integer> out = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      out.add(((BestOfNMetadata) b.chat(request()).metadata()).chosenIndex());
    }
    return out;
  }

  @Test
  void samplesConcurrentlyOnTheGivenExecutor() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
      ScriptedChatModel model =
          new ScriptedChatModel(
              i -> {
                threads.add(Thread.currentThread().getName());
                return "x".repeat(i + 1);
              });
      ChatResponse r =
          BestOfNChatModel.builder(model, new Length()).n(8).executor(pool).build().chat(request());
      assertEquals(8, ((BestOfNMetadata) r.metadata()).n());
      assertEquals(8, r.aiMessage().text().length());
      assertTrue(
          threads.stream().noneMatch(t -> t.equals(Thread.currentThread().getName())),
          threads::toString);
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void aFailedSampleFailsTheCall() {
    RuntimeException boom = new dev.langchain4j.exception.RateLimitException("slow down");
    ScriptedChatModel model =
        new ScriptedChatModel(
            i -> {
              if (i == 2) {
                throw boom;
              }
              return "ok";
            });
    RuntimeException e =
        assertThrows(
            RuntimeException.class,
            () -> BestOfNChatModel.builder(model, new Length()).build().chat(request()));
    assertSame(boom, e);
  }

  @Test
  void worksAsTheModelOfAnAiServicesAssistant() {
    interface Assistant {
      String chat(String message);
    }
    BestOfNChatModel best =
        BestOfNChatModel.builder(ScriptedChatModel.of("a", "abc", "ab"), new Length()).n(3).build();
    assertEquals("abc", AiServices.create(Assistant.class, best).chat("hi"));
  }

  @Test
  void nMustBePositive() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BestOfNChatModel.builder(ScriptedChatModel.of("a"), new Length()).n(0));
    assertTrue(e.getMessage().contains("n"), e.getMessage());
  }
}
