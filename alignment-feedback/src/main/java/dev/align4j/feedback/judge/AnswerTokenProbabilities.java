package dev.align4j.feedback.judge;

import dev.align4j.core.llm.TokenLogProb;
import dev.align4j.core.math.StableMath;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Soft labels from a judge's answer-token log-probabilities (Constitutional AI and RLAIF: normalise the probabilities
 * of the answer tokens, {@code P(i) = exp(lp_i) / Σ_j exp(lp_j)}).
 *
 * <p>The verdict token is the <em>last</em> generated token whose text (trimmed, lower-cased) is one of the labels.
 * At that position the chosen token and its top alternatives are read; variants of one label (e.g. {@code "1"} and
 * {@code " 1"}) are merged with log-add-exp. Labels absent from the top-k list share the probability mass the list
 * leaves unaccounted for, {@code 1 − Σ listed}, evenly — each capped at the smallest probability listed at that
 * position (an upper bound on an unlisted token's probability). So a missing label pulls the soft label towards
 * uncertainty when the list leaves mass unexplained, and counts as 0 when the listed tokens already sum to 1.
 */
final class AnswerTokenProbabilities {
  private AnswerTokenProbabilities() {}

  /** The distribution over {@code labels}, or null when no generated token is one of them. */
  static double @Nullable [] distribution(List<TokenLogProb> tokens, List<String> labels) {
    int pos = -1;
    for (int i = tokens.size() - 1; i >= 0; i--) {
      if (labels.contains(norm(tokens.get(i).token()))) {
        pos = i;
        break;
      }
    }
    if (pos < 0) {
      return null;
    }
    TokenLogProb t = tokens.get(pos);
    double[] lp = new double[labels.size()];
    Arrays.fill(lp, Double.NEGATIVE_INFINITY);
    double min = t.logProb();
    boolean sawChosen = false;
    double listedMass = 0;
    for (TokenLogProb.Alternative a : t.alternatives()) {
      min = Math.min(min, a.logProb());
      listedMass += Math.exp(a.logProb());
      int idx = labels.indexOf(norm(a.token()));
      if (idx >= 0) {
        lp[idx] = StableMath.logAddExp(lp[idx], a.logProb());
        if (a.token().equals(t.token())) {
          sawChosen = true;
        }
      }
    }
    if (!sawChosen) {
      int idx = labels.indexOf(norm(t.token()));
      lp[idx] = StableMath.logAddExp(lp[idx], t.logProb());
      listedMass += Math.exp(t.logProb());
    }
    int missing = 0;
    for (double x : lp) {
      if (x == Double.NEGATIVE_INFINITY) {
        missing++;
      }
    }
    if (missing > 0) {
      double leftover = Math.max(0, 1 - listedMass);
      double share = Math.min(Math.exp(min), leftover / missing);
      double lpMissing = share > 0 ? Math.log(share) : Double.NEGATIVE_INFINITY;
      for (int i = 0; i < lp.length; i++) {
        if (lp[i] == Double.NEGATIVE_INFINITY) {
          lp[i] = lpMissing;
        }
      }
    }
    double z = StableMath.logSumExp(lp);
    double[] p = new double[lp.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(lp[i] - z);
    }
    return p;
  }

  static String norm(String token) {
    return token.strip().toLowerCase(Locale.ROOT);
  }
}
