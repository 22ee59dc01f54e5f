package dev.align4j.feedback.event;

/**
 * Receives {@link FeedbackEvent}s synchronously on the thread that caused them; keep it fast or hand off to your own
 * executor. An exception thrown by a listener is logged and does not affect the item.
 */
@FunctionalInterface
public interface FeedbackListener {
  /** Called once per event. */
  void onEvent(FeedbackEvent event);
}
