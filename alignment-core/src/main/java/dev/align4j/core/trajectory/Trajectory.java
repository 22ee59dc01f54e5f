package dev.align4j.core.trajectory;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.Role;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One episode: the prompt the environment opened with, then the turns in order (policy turns, tool results, user
 * messages), laid out as one token sequence: the completion a trainable policy scores is the turns' token ids end to
 * end ({@link #asCompletion()}), and every token has the role of the turn it belongs to ({@link #tokenRoles()}).
 *
 * <p>Losses train only the policy's own tokens: {@link #policyMask()} is 1 on {@link Role#ASSISTANT} tokens and 0 on
 * tool output and user text (TRL's {@code tool_mask}, verl's {@code response_mask}, OpenRLHF's {@code action_mask}).
 *
 * <p>Rewards: each policy turn carries the reward of the environment step it triggered. When the episode ended
 * ({@code done}), the last policy turn's reward is the <em>outcome</em> reward and the earlier ones are <em>turn</em>
 * rewards; an episode cut off before the environment ended it ({@code done == false}) has outcome reward 0 and all its
 * step rewards are turn rewards.
 *
 * @param prompt the first observation
 * @param turns the turns, oldest first; the first is a policy turn and there is at least one
 * @param done whether the environment ended the episode (false when the rollout cut it off)
 */
public record Trajectory(Prompt prompt, List<Turn> turns, boolean done) {

  /** Validates and copies the components. */
  public Trajectory {
    Require.nonNull("prompt", prompt);
    turns = List.copyOf(Require.nonEmpty("turns", turns));
    Require.argument(
        turns.get(0).isPolicyTurn(),
        "the first turn must be a policy turn, was %s",
        turns.get(0).role());
  }

  /** The number of tokens of the sequence (all turns). */
  public int tokenCount() {
    int n = 0;
    for (Turn t : turns) {
      n += t.length();
    }
    return n;
  }

  /** The token ids of all turns, end to end. */
  public int[] tokenIds() {
    int[] out = new int[tokenCount()];
    int at = 0;
    for (Turn t : turns) {
      int[] ids = t.tokenIds();
      System.arraycopy(ids, 0, out, at, ids.length);
      at += ids.length;
    }
    return out;
  }

  /** The role of each token: the role of the turn it belongs to. */
  public Role[] tokenRoles() {
    Role[] out = new Role[tokenCount()];
    int at = 0;
    for (Turn t : turns) {
      for (int k = 0; k < t.length(); k++) {
        out[at++] = t.role();
      }
    }
    return out;
  }

  /** The index in {@link #turns()} of the turn each token belongs to. */
  public int[] turnOfToken() {
    int[] out = new int[tokenCount()];
    int at = 0;
    for (int i = 0; i < turns.size(); i++) {
      for (int k = 0; k < turns.get(i).length(); k++) {
        out[at++] = i;
      }
    }
    return out;
  }

  /** The loss mask: 1.0 on the policy's own tokens, 0.0 on tool output and user text. */
  public double[] policyMask() {
    double[] out = new double[tokenCount()];
    int at = 0;
    for (Turn t : turns) {
      double m = t.isPolicyTurn() ? 1.0 : 0.0;
      for (int k = 0; k < t.length(); k++) {
        out[at++] = m;
      }
    }
    return out;
  }

  /** The number of policy tokens (the mask's sum). */
  public int policyTokenCount() {
    int n = 0;
    for (Turn t : turns) {
      if (t.isPolicyTurn()) {
        n += t.length();
      }
    }
    return n;
  }

  /**
   * The sampler's per-token log-probabilities, with 0.0 on observation tokens (as TRL fills tool tokens), or null when
   * a policy turn lacks them.
   */
  public double @Nullable [] samplerLogProbs() {
    double[] out = new double[tokenCount()];
    int at = 0;
    for (Turn t : turns) {
      if (t.isPolicyTurn()) {
        double[] lp = t.samplerLogProbs();
        if (lp == null) {
          return null;
        }
        System.arraycopy(lp, 0, out, at, lp.length);
      }
      at += t.length();
    }
    return out;
  }

  /** The sequence as a completion of {@link #prompt()} carrying its token ids, for a trainable policy to score. */
  public Completion asCompletion() {
    StringBuilder text = new StringBuilder();
    for (Turn t : turns) {
      text.append(t.text());
    }
    return new Completion(text.toString(), tokenIds(), null);
  }

  /** The index of the first token of the first tool result, or -1 when no tool result was returned. */
  public int firstToolResultToken() {
    int at = 0;
    for (Turn t : turns) {
      if (t.role() == Role.TOOL) {
        return at;
      }
      at += t.length();
    }
    return -1;
  }

  /** The number of tool calls the policy made. */
  public int toolCallCount() {
    int n = 0;
    for (Turn t : turns) {
      if (t.toolCall() != null) {
        n++;
      }
    }
    return n;
  }

  /** The outcome reward: the last policy turn's step reward when the episode is done, else 0. */
  public double outcomeReward() {
    return done ? turns.get(lastPolicyTurnIndex()).reward() : 0.0;
  }

  /** The sum of the turn rewards: every policy turn's step reward except the outcome's. */
  public double turnReward() {
    double s = 0;
    int last = done ? lastPolicyTurnIndex() : -1;
    for (int i = 0; i < turns.size(); i++) {
      if (turns.get(i).isPolicyTurn() && i != last) {
        s += turns.get(i).reward();
      }
    }
    return s;
  }

  /** The return: the sum of every step reward (turn rewards plus the outcome reward). */
  public double totalReward() {
    return turnReward() + outcomeReward();
  }

  private int lastPolicyTurnIndex() {
    for (int i = turns.size() - 1; i >= 0; i--) {
      if (turns.get(i).isPolicyTurn()) {
        return i;
      }
    }
    throw new AssertionError("the first turn is a policy turn");
  }

  @Override
  public String toString() {
    return "Trajectory["
        + turns.size()
        + " turns, "
        + tokenCount()
        + " tokens ("
        + policyTokenCount()
        + " policy), done="
        + done
        + ", reward="
        + totalReward()
        + "]";
  }
}
