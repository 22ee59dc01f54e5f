package dev.align4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.feedback.store.StoredFeedback;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat events into a durable {@link FeedbackStore}: binary labels and preference pairs, the conversation as prompt. */
class ChatFeedbackRecorderTest {
  private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");
  private static final List<ChatMessage> CONVERSATION =
      List.of(
          SystemMessage.from("You are a support agent."),
          UserMessage.from("My parcel is late."),
          AiMessage.from("Sorry to hear that."),
          UserMessage.from("Where is it?"));
  private static final Prompt PROMPT =
      Prompt.of(
          Message.system("You are a support agent."),
          Message.user("My parcel is late."),
          Message.assistant("Sorry to hear that."),
          Message.user("Where is it?"));

  @Test
  void everyEventBecomesItsLabelDurably(@TempDir Path dir) {
    Path file = dir.resolve("chat-feedback.jsonl");
    try (FeedbackStore store = FeedbackStore.open(file)) {
      ChatFeedbackRecorder rec = ChatFeedbackRecorder.of(store, Clock.fixed(NOW, ZoneOffset.UTC));
      assertTrue(
          rec.record(
              "e1", "user-17", new ChatFeedbackEvent.ThumbsUp(CONVERSATION, "It is in Leeds.")));
      assertTrue(
          rec.record("e2", "user-17", new ChatFeedbackEvent.ThumbsDown(CONVERSATION, "No idea.")));
      assertTrue(
          rec.record(
              "e3",
              "user-17",
              new ChatFeedbackEvent.Regenerate(CONVERSATION, "No idea.", "It is in Leeds.")));
      assertTrue(
          rec.record(
              "e4",
              "user-17",
              new ChatFeedbackEvent.Edit(
                  CONVERSATION, "It is in Leeds.", "It is in the Leeds depot, out today.")));
      assertFalse(
          rec.record("e4", "user-17", new ChatFeedbackEvent.ThumbsUp(CONVERSATION, "x")),
          "a retried event id is stored once");
    }
    try (FeedbackStore reopened = FeedbackStore.open(file)) {
      List<StoredFeedback> all = reopened.readAll();
      assertEquals(4, all.size());
      BinaryLabel up = (BinaryLabel) reopened.find("e1").orElseThrow();
      assertEquals(PROMPT, up.prompt(), "the conversation is the prompt");
      assertTrue(up.desirable());
      assertEquals("It is in Leeds.", up.completion().text());
      assertEquals(SourceKind.HUMAN, up.provenance().kind());
      assertEquals("user-17", up.provenance().sourceId());
      assertEquals(NOW, up.provenance().timestamp());
      assertEquals(
          "thumbs_up", up.provenance().attributes().get(ChatFeedbackRecorder.EVENT_ATTRIBUTE));
      BinaryLabel down = (BinaryLabel) reopened.find("e2").orElseThrow();
      assertFalse(down.desirable());
      PairwiseComparison regen = (PairwiseComparison) reopened.find("e3").orElseThrow();
      assertEquals(Outcome.A, regen.outcome());
      assertEquals("It is in Leeds.", regen.chosen().text(), "the kept answer is preferred");
      assertEquals("No idea.", regen.rejected().text());
      assertEquals(
          "regenerate", regen.provenance().attributes().get(ChatFeedbackRecorder.EVENT_ATTRIBUTE));
      PairwiseComparison edit = (PairwiseComparison) reopened.find("e4").orElseThrow();
      assertEquals(
          "It is in the Leeds depot, out today.",
          edit.chosen().text(),
          "the user's edit is preferred");
      assertEquals("It is in Leeds.", edit.rejected().text());
      assertEquals(PROMPT, edit.prompt());
    }
  }

  @Test
  void anEventWithoutAPreferenceIsRefusedAndNothingIsWritten(@TempDir Path dir) {
    try (FeedbackStore store = FeedbackStore.open(dir.resolve("f.jsonl"))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new ChatFeedbackEvent.Edit(CONVERSATION, "same", "same"));
      assertTrue(
          e.getMessage().contains("userEdit") && e.getMessage().contains("same"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> new ChatFeedbackEvent.Regenerate(CONVERSATION, "same", "same"));
      assertTrue(e.getMessage().contains("kept"), e.getMessage());
      e =
          assertThrows(
              IllegalArgumentException.class, () -> new ChatFeedbackEvent.ThumbsUp(List.of(), "a"));
      assertTrue(e.getMessage().contains("conversation"), e.getMessage());
      ChatFeedbackRecorder rec = ChatFeedbackRecorder.of(store, Clock.systemUTC());
      assertThrows(
          IllegalArgumentException.class,
          () -> rec.record(" ", "u", new ChatFeedbackEvent.ThumbsUp(CONVERSATION, "a")));
      assertEquals(0, store.size());
    }
  }

  @Test
  void concurrentRetriesOfTheSameEventsStoreEachOnceAndOneCallerHearsTrue(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("chat-feedback.jsonl");
    int threads = 8;
    int events = 25;
    AtomicInteger accepted = new AtomicInteger();
    try (FeedbackStore store = FeedbackStore.open(file)) {
      ChatFeedbackRecorder rec = ChatFeedbackRecorder.of(store, Clock.fixed(NOW, ZoneOffset.UTC));
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          done.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int e = 0; e < events; e++) {
                      // every thread is a client retrying the same events
                      ChatFeedbackEvent up = new ChatFeedbackEvent.ThumbsUp(CONVERSATION, "a" + e);
                      if (rec.record("event-" + e, "user-17", up)) {
                        accepted.incrementAndGet();
                      }
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    }
    assertEquals(events, accepted.get(), "exactly one caller per event id hears true");
    try (FeedbackStore reopened = FeedbackStore.open(file)) {
      List<StoredFeedback> all = reopened.readAll();
      assertEquals(events, all.size(), "each event stored once, durably");
      assertEquals(events, all.stream().map(StoredFeedback::requestId).distinct().count());
    }
  }
}
