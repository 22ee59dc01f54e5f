package dev.align4j.feedback.judge;

import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.llm.TokenLogProb;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Role;
import java.util.List;
import java.util.function.Predicate;

/** Lambda chat models that behave like judges, for tests. */
public final class JudgeFixtures {
  private JudgeFixtures() {}

  /** The text of a marked block in the last user message of a judge call. */
  public static String block(ChatRequest r, String name) {
    String user = "";
    for (Message m : r.messages()) {
      if (m.role() == Role.USER) {
        user = m.content();
      }
    }
    int start = user.indexOf("[[" + name + " #");
    if (start < 0) {
      return "";
    }
    int open = user.indexOf("]]\n", start) + 3;
    int end = user.indexOf("\n[[END " + name + " #", open);
    return end < 0 ? "" : user.substring(open, end);
  }

  /** The system message of a judge call. */
  public static String system(ChatRequest r) {
    return r.messages().get(0).content();
  }

  /** A judge that always answers {@code Verdict: 1} — pure position bias. */
  public static ChatModel alwaysFirst() {
    return r -> ChatResponse.ofText("Verdict: 1");
  }

  /**
   * A judge that prefers the response satisfying {@code good}; with {@code pWinner} in (0.5, 1) it also returns
   * log-probs: the winner's label with probability pWinner, the loser's with 1 − pWinner − 0.01, "tie" 0.01.
   */
  public static ChatModel preferring(Predicate<String> good, double pWinner) {
    return r -> {
      boolean firstGood = good.test(block(r, "RESPONSE 1"));
      boolean secondGood = good.test(block(r, "RESPONSE 2"));
      String v = firstGood == secondGood ? "tie" : firstGood ? "1" : "2";
      if (pWinner <= 0 || v.equals("tie")) {
        return ChatResponse.ofText("Verdict: " + v);
      }
      String loser = v.equals("1") ? "2" : "1";
      TokenLogProb verdictTok = new TokenLogProb(" " + v, Math.log(pWinner), List.of(
          new TokenLogProb.Alternative(" " + v, Math.log(pWinner)),
          new TokenLogProb.Alternative(" " + loser, Math.log(1 - pWinner - 0.01)),
          new TokenLogProb.Alternative(" tie", Math.log(0.01))));
      List<TokenLogProb> toks = List.of(new TokenLogProb("Verdict", -0.001, List.of()),
          new TokenLogProb(":", -0.001, List.of()), verdictTok);
      return new ChatResponse("Verdict: " + v, toks, "stop", 50, 3);
    };
  }
}
