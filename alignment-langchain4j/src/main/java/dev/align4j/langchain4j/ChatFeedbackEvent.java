package dev.align4j.langchain4j;

import dev.align4j.core.check.Require;
import dev.langchain4j.data.message.ChatMessage;
import java.util.List;

/**
 * What a user did with an assistant's answer in a chat, as {@link ChatFeedbackRecorder} stores it. A closed set: each
 * event has one fixed meaning as a label.
 *
 * <p>{@code conversation} is always the messages the answer replied to, oldest first, as they were sent to the model
 * (e.g. the chat memory's messages before the answer was added): it becomes the label's prompt.
 */
public sealed interface ChatFeedbackEvent {

  /** The messages the answer replied to; not empty. */
  List<ChatMessage> conversation();

  /**
   * Thumbs up: the answer is a desirable answer to the conversation (a binary label, desirable).
   *
   * @param conversation what the answer replied to
   * @param answer the answer's text
   */
  record ThumbsUp(List<ChatMessage> conversation, String answer) implements ChatFeedbackEvent {
    /** Validates and copies. */
    public ThumbsUp {
      conversation = List.copyOf(Require.nonEmpty("conversation", conversation));
      Require.nonNull("answer", answer);
    }
  }

  /**
   * Thumbs down: the answer is an undesirable answer (a binary label, undesirable).
   *
   * @param conversation what the answer replied to
   * @param answer the answer's text
   */
  record ThumbsDown(List<ChatMessage> conversation, String answer) implements ChatFeedbackEvent {
    /** Validates and copies. */
    public ThumbsDown {
      conversation = List.copyOf(Require.nonEmpty("conversation", conversation));
      Require.nonNull("answer", answer);
    }
  }

  /**
   * The user asked for another answer ({@code discarded}) and kept the new one ({@code kept}): a preference pair, kept
   * over discarded. Emit it when the user moves on with {@code kept} (not on every click of "regenerate": a kept
   * answer is the one the conversation continued from). The two texts must differ.
   *
   * @param conversation what both answers replied to
   * @param discarded the answer the user regenerated away from
   * @param kept the answer the user kept
   */
  record Regenerate(List<ChatMessage> conversation, String discarded, String kept)
      implements ChatFeedbackEvent {
    /** Validates and copies. */
    public Regenerate {
      conversation = List.copyOf(Require.nonEmpty("conversation", conversation));
      Require.nonNull("discarded", discarded);
      Require.nonNull("kept", kept);
      Require.argument(
          !discarded.equals(kept),
          "kept must differ from discarded (identical answers carry no"
              + " preference), both were %s",
          Require.abbreviate(kept, 80));
    }
  }

  /**
   * The user edited the model's answer: a preference pair, the user's edit over the model's answer (the edit is what
   * the user wanted the model to say). The two texts must differ.
   *
   * @param conversation what the answer replied to
   * @param modelAnswer the answer as the model wrote it
   * @param userEdit the answer as the user corrected it
   */
  record Edit(List<ChatMessage> conversation, String modelAnswer, String userEdit)
      implements ChatFeedbackEvent {
    /** Validates and copies. */
    public Edit {
      conversation = List.copyOf(Require.nonEmpty("conversation", conversation));
      Require.nonNull("modelAnswer", modelAnswer);
      Require.nonNull("userEdit", userEdit);
      Require.argument(
          !modelAnswer.equals(userEdit),
          "userEdit must differ from modelAnswer (an unchanged answer"
              + " carries no preference), both were %s",
          Require.abbreviate(userEdit, 80));
    }
  }
}
