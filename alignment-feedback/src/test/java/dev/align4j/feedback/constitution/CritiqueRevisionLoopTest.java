package dev.align4j.feedback.constitution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class CritiqueRevisionLoopTest {
  @Test
  void critiqueThenRevisionProducesARevisedOverOriginalPair() {
    List<ChatRequest> calls = new CopyOnWriteArrayList<>();
    ChatModel m = r -> {
      calls.add(r);
      Message last = r.messages().get(r.messages().size() - 1);
      if (last.content().startsWith("Critique request:")) {
        return ChatResponse.ofText("The response insults the user.");
      }
      String current = r.messages().get(r.messages().size() - 4).content();
      return ChatResponse.ofText(current.replace("idiot", "friend") + "!");
    };
    Constitution c = Constitution.harmlessAndHelpful();
    RevisionResult res = CritiqueRevisionLoop.of(m, c).withRounds(2)
        .withRandom(new SplittableRandom(3), java.time.Clock.systemUTC())
        .revise(Prompt.of("How do I sort a list?"), Completion.of("Use sort(), idiot"));
    assertEquals("Use sort(), friend!!", res.revised().text());
    assertEquals(2, res.steps().size());
    assertEquals(4, calls.size());
    ChatRequest critique = calls.get(0);
    assertEquals(Role.ASSISTANT, critique.messages().get(1).role());
    assertEquals("Use sort(), idiot", critique.messages().get(1).content());
    assertTrue(c.principles().stream().anyMatch(p -> critique.messages().get(2).content().contains(
        p.critiqueRequest())));
    PairwiseComparison pref = res.toPreference().orElseThrow();
    assertEquals(Outcome.A, pref.outcome());
    assertEquals(res.revised(), pref.chosen());
    assertEquals(res.original(), pref.rejected());
    assertEquals(SourceKind.AI, pref.provenance().kind());
    assertEquals(res.steps().get(1).principleId(), pref.provenance().principleId());
    assertEquals("2", pref.provenance().attributes().get("rounds"));
    assertTrue(res.changed());
    SupervisedRevision sft = res.toSupervised();
    assertEquals(res.prompt(), sft.prompt());
    assertEquals("Use sort(), friend!!", sft.completion().text());
    assertEquals("2", sft.provenance().attributes().get("rounds"));
  }

  @Test
  void anUnchangedRevisionGivesNoPreferencePairButStillASupervisedRecord() {
    // the critique finds nothing to fix and the model returns the response as it was (modulo white space)
    ChatModel keeps = r -> {
      Message last = r.messages().get(r.messages().size() - 1);
      return last.content().startsWith("Critique request:") ? ChatResponse.ofText("Nothing to improve.")
          : ChatResponse.ofText(r.messages().get(r.messages().size() - 4).content());
    };
    for (String original : List.of("Use sorted(xs).", "Use sorted(xs).\n")) {
      RevisionResult res = CritiqueRevisionLoop.of(keeps, Constitution.harmlessAndHelpful())
          .revise(Prompt.of("How do I sort a list?"), Completion.of(original));
      assertFalse(res.changed(), "revision " + res.revised() + " of " + original);
      assertTrue(res.toPreference().isEmpty(), "a pair of equal answers must not be produced for " + original);
      SupervisedRevision sft = res.toSupervised();
      assertEquals("Use sorted(xs).", sft.completion().text());
      assertEquals("How do I sort a list?", sft.prompt().messages().get(0).content());
      assertEquals(SourceKind.AI, sft.provenance().kind());
      assertEquals(res.steps().get(0).principleId(), sft.provenance().attributes().get("principles"));
    }
  }

  @Test
  void emptyRevisionIsRefusedAndConstitutionsValidate() {
    ChatModel empty = r -> ChatResponse.ofText(" ");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> CritiqueRevisionLoop.of(empty, Constitution.harmlessAndHelpful()).revise(Prompt.of("q"),
            Completion.of("a")));
    assertTrue(e.getMessage().contains("revision"), e.getMessage());
    Principle p = new Principle("x", "c?", "crit", "rev");
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
        () -> new Constitution("v", new ArrayList<>(List.of(p, p))));
    assertTrue(dup.getMessage().contains("unique"), dup.getMessage());
  }
}
