package dev.align4j.rewards.train;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import org.jspecify.annotations.Nullable;

/**
 * The per-example losses of reward-model training and their exact gradients with respect to the scores. With scores
 * {@code r} from the head:
 *
 * <ul>
 *   <li><b>Pair</b> (Bradley–Terry, soft-label BT, Llama 2 margin, TRL {@code RewardTrainer} semantics): with
 *       {@code z = r_a − r_b − m} and target {@code p = P(a ≻ b)},
 *       {@code L = −p·logσ(z) − (1 − p)·logσ(−z) + c·(r_a + r_b)²}; a hard label is p = 1, which gives TRL's
 *       {@code −logσ(r_w − r_l − m)}. The last term is reward centering (Eisenstein et al. 2023, Eq. 2;
 *       TRL {@code center_rewards_coefficient} c).
 *   <li><b>Rating</b>: {@code L = ½(r − y)²} with y the rating mapped to [0, 1].
 *   <li><b>Binary</b>: {@code L = −logσ(r)} for a desirable completion, {@code −logσ(−r)} otherwise.
 *   <li><b>Ranking</b> (Plackett–Luce, best first): {@code L = Σ_{j<k−1} [log Σ_{i≥j} e^{r_i} − r_j]}.
 * </ul>
 *
 * All terms use {@link StableMath}, so the loss is finite for every finite score.
 *
 * @param useMargin whether pair margins are applied (otherwise m = 0)
 * @param centerCoefficient the centering coefficient c ≥ 0 (0 = off)
 */
public record RewardLoss(boolean useMargin, double centerCoefficient) {

  /** Validates the coefficient. */
  public RewardLoss {
    Require.nonNegative("centerCoefficient", centerCoefficient);
  }

  /** Plain Bradley–Terry with margins applied when present and no centering. */
  public static RewardLoss bradleyTerry() {
    return new RewardLoss(true, 0.0);
  }

  /**
   * The loss of {@code example} given its scores, writing {@code ∂L/∂scores[i]} into {@code dScores}.
   *
   * @param scores one score per vector of the example ({@code example.size()} used)
   * @param dScores receives the gradient (same length)
   */
  public double lossAndGradient(TrainingExample example, double[] scores, double[] dScores) {
    if (example instanceof TrainingExample.Pair) {
      TrainingExample.Pair p = (TrainingExample.Pair) example;
      double ra = scores[0];
      double rb = scores[1];
      double z = ra - rb - (useMargin ? p.margin() : 0.0);
      double q = p.probabilityA();
      double loss = q * StableMath.softplus(-z) + (1 - q) * StableMath.softplus(z);
      double dz = StableMath.sigmoid(z) - q;
      double sum = ra + rb;
      loss += centerCoefficient * sum * sum;
      double dc = 2 * centerCoefficient * sum;
      dScores[0] = dz + dc;
      dScores[1] = -dz + dc;
      return loss;
    }
    if (example instanceof TrainingExample.Rating) {
      double e = scores[0] - ((TrainingExample.Rating) example).target();
      dScores[0] = e;
      return 0.5 * e * e;
    }
    if (example instanceof TrainingExample.Binary) {
      double r = scores[0];
      boolean good = ((TrainingExample.Binary) example).desirable();
      dScores[0] = StableMath.sigmoid(r) - (good ? 1 : 0);
      return good ? StableMath.softplus(-r) : StableMath.softplus(r);
    }
    TrainingExample.Ranking rk = (TrainingExample.Ranking) example;
    int k = rk.size();
    for (int i = 0; i < k; i++) {
      dScores[i] = 0;
    }
    double loss = 0;
    for (int j = 0; j < k - 1; j++) {
      double lse = StableMath.logSumExp(scores, j, k - j);
      loss += lse - scores[j];
      dScores[j] -= 1;
      for (int i = j; i < k; i++) {
        dScores[i] += Math.exp(scores[i] - lse);
      }
    }
    return loss;
  }

  /**
   * Whether the model gets the example "right": pairs with a decisive label ({@code p ≠ 0.5}) are right when the
   * score difference has the label's sign (a tie in score is wrong, as in RewardBench); binary labels when the sign
   * of the score matches; rankings when the top item scores strictly highest. Ratings and undecided pairs return
   * null (not counted).
   */
  public static @Nullable Boolean correct(TrainingExample example, double[] scores) {
    if (example instanceof TrainingExample.Pair) {
      double q = ((TrainingExample.Pair) example).probabilityA();
      if (q == 0.5) {
        return null;
      }
      return q > 0.5 ? scores[0] > scores[1] : scores[1] > scores[0];
    }
    if (example instanceof TrainingExample.Binary) {
      return ((TrainingExample.Binary) example).desirable() ? scores[0] > 0 : scores[0] < 0;
    }
    if (example instanceof TrainingExample.Ranking) {
      for (int i = 1; i < example.size(); i++) {
        if (!(scores[0] > scores[i])) {
          return false;
        }
      }
      return true;
    }
    return null;
  }
}
