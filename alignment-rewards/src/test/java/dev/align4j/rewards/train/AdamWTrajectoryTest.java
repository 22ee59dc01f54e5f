package dev.align4j.rewards.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.rewards.model.HeadArchitecture;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The reward trainer's AdamW trajectory, bit for bit, as recorded before its inlined AdamW update moved to core's
 * training kit ({@code dev.align4j.core.train}): the SHA-256 of the trained head's parameters (raw float bits), for
 * a linear and an MLP head, with and without weight decay.
 */
class AdamWTrajectoryTest {

  static String trajectory(HeadArchitecture head, OptimizerSettings.AdamW optimizer) {
    int d = 8;
    double[] w = SyntheticPreferences.randomWeights(d, 1, 31);
    var data = TrainingSet.of(d, new SyntheticPreferences(d, 300, 1, 32, w).hard);
    TrainingResult r = RewardModelTrainer.builder().head(head).optimizer(optimizer).epochs(4).batchSize(16)
        .validationFraction(0).seed(9).build().train(data);
    float[] p = r.head().parameters();
    ByteBuffer bytes = ByteBuffer.allocate(4 * p.length);
    for (float x : p) {
      bytes.putInt(Float.floatToRawIntBits(x));
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void linearHeadWithWeightDecayIsBitIdenticalToTheRecordedTrajectory() {
    assertEquals("80de1fb5b15537a4b42c1c38cdc76681ccf4489e43dcd2892c6acd3689b8a278",
        trajectory(HeadArchitecture.linear(), OptimizerSettings.adamW().withLearningRate(0.05)));
  }

  @Test
  void mlpHeadWithoutWeightDecayIsBitIdenticalToTheRecordedTrajectory() {
    assertEquals("293536cee2a25fd92753e8839913a526687f4bfedc6b35d7118d188267de66c7",
        trajectory(HeadArchitecture.mlp(4), OptimizerSettings.adamW().withLearningRate(0.02).withWeightDecay(0)));
  }
}
