package dev.align4j.langchain4j;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.store.FeedbackStore;
import java.time.Clock;

/**
 * Captures what users do with a LangChain4j assistant's answers into a {@link FeedbackStore}, as training data:
 *
 * <table>
 *   <caption>Chat event to align4j label</caption>
 *   <tr><th>event</th><th>label</th></tr>
 *   <tr><td>{@link ChatFeedbackEvent.ThumbsUp}</td><td>{@link BinaryLabel}, desirable</td></tr>
 *   <tr><td>{@link ChatFeedbackEvent.ThumbsDown}</td><td>{@link BinaryLabel}, undesirable</td></tr>
 *   <tr><td>{@link ChatFeedbackEvent.Regenerate}</td><td>{@link PairwiseComparison}: kept ≻ discarded</td></tr>
 *   <tr><td>{@link ChatFeedbackEvent.Edit}</td><td>{@link PairwiseComparison}: the user's edit ≻ the model's
 *       answer</td></tr>
 * </table>
 *
 * <p>The prompt is the conversation ({@link Conversations#toPrompt}). Provenance: a human label by {@code userId} (an
 * opaque user id: never an e-mail address or a secret), at the clock's instant, with the attribute
 * {@code chat_event} = {@code thumbs_up}, {@code thumbs_down}, {@code regenerate} or {@code edit}.
 *
 * <p>Idempotent by {@code eventId} (the application's id for the event, e.g. its database key): recording the same id
 * twice stores it once and returns false the second time, so a client retry never doubles a label. {@link #record}
 * returns after the label is durable (the store's fsync policy).
 *
 * <p>Thread-safe: callers on several threads may record at once (the store serialises appends); when they record
 * the same {@code eventId}, the label is stored once and exactly one of them gets true.
 */
public final class ChatFeedbackRecorder {
  /** The provenance attribute naming the chat event. */
  public static final String EVENT_ATTRIBUTE = "chat_event";

  private final FeedbackStore store;
  private final Clock clock;

  private ChatFeedbackRecorder(FeedbackStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Records into {@code store}, stamping labels with {@code clock}. */
  public static ChatFeedbackRecorder of(FeedbackStore store, Clock clock) {
    return new ChatFeedbackRecorder(
        Require.nonNull("store", store), Require.nonNull("clock", clock));
  }

  /**
   * Stores the label of {@code event} under {@code eventId}.
   *
   * @return false when {@code eventId} was already stored (nothing written)
   */
  public boolean record(String eventId, String userId, ChatFeedbackEvent event) {
    return store.append(Require.nonBlank("eventId", eventId), toFeedback(userId, event));
  }

  /** The label {@link #record} stores for {@code event}. */
  public Feedback toFeedback(String userId, ChatFeedbackEvent event) {
    Require.nonBlank("userId", userId);
    Require.nonNull("event", event);
    Prompt prompt = Conversations.toPrompt(event.conversation());
    Provenance who = Provenance.human(userId, clock.instant());
    if (event instanceof ChatFeedbackEvent.ThumbsUp e) {
      return new BinaryLabel(
          prompt, Completion.of(e.answer()), true, who.withAttribute(EVENT_ATTRIBUTE, "thumbs_up"));
    }
    if (event instanceof ChatFeedbackEvent.ThumbsDown e) {
      return new BinaryLabel(
          prompt,
          Completion.of(e.answer()),
          false,
          who.withAttribute(EVENT_ATTRIBUTE, "thumbs_down"));
    }
    if (event instanceof ChatFeedbackEvent.Regenerate e) {
      return PairwiseComparison.preferring(
          prompt,
          Completion.of(e.kept()),
          Completion.of(e.discarded()),
          who.withAttribute(EVENT_ATTRIBUTE, "regenerate"));
    }
    ChatFeedbackEvent.Edit e = (ChatFeedbackEvent.Edit) event;
    return PairwiseComparison.preferring(
        prompt,
        Completion.of(e.userEdit()),
        Completion.of(e.modelAnswer()),
        who.withAttribute(EVENT_ATTRIBUTE, "edit"));
  }
}
