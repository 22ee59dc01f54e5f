package dev.align4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.constitution.Constitution;
import dev.align4j.feedback.constitution.CritiqueRevisionLoop;
import dev.align4j.feedback.constitution.RevisionResult;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** align4j's critique→revision loop on a LangChain4j chat model through {@link LangChain4jChatModel}. */
class CritiqueRevisionOnLangChain4jTest {

  @Test
  void theLoopRunsOnALangChain4jModelAndSendsTheWholeConversation() {
    ScriptedChatModel model =
        ScriptedChatModel.of(
            "The answer is rude and unhelpful.",
            "I'm sorry for the delay; your parcel arrives tomorrow.");
    RevisionResult r =
        CritiqueRevisionLoop.of(LangChain4jChatModel.of(model), Constitution.harmlessAndHelpful())
            .revise(Prompt.of("Where is my parcel?"), Completion.of("Not my problem."));
    assertEquals("I'm sorry for the delay; your parcel arrives tomorrow.", r.revised().text());
    assertEquals("The answer is rude and unhelpful.", r.steps().get(0).critique());
    // the revision call saw: question, original answer, critique request, critique, revision
    // request
    List<ChatMessage> sent = model.requests.get(1).messages();
    assertEquals(5, sent.size());
    assertEquals(UserMessage.from("Where is my parcel?"), sent.get(0));
    assertEquals(AiMessage.from("Not my problem."), sent.get(1));
    assertEquals(AiMessage.from("The answer is rude and unhelpful."), sent.get(3));
    assertTrue(((UserMessage) sent.get(4)).singleText().startsWith("Revision request: "));
    PairwiseComparison pair = r.toPreference().orElseThrow();
    assertEquals("I'm sorry for the delay; your parcel arrives tomorrow.", pair.chosen().text());
    assertEquals(
        "other",
        r.provenance().sourceId(),
        "the scripted model reports provider OTHER and no name");
  }
}
