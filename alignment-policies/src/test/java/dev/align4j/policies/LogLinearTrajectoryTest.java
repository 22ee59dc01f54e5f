package dev.align4j.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.core.TrainablePolicy;
import dev.align4j.core.math.StableMath;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.AdamW;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The log-linear policy's DPO trajectory, bit for bit, as recorded before the training kit moved to core: sigmoid DPO
 * (β = 0.5, a uniform reference) on 16 synthetic pairs per step, the pre-clipping gradient norm of every step (hex
 * doubles) and the SHA-256 of the full state afterwards (θ, value head, AdamW moments and step counts).
 */
class LogLinearTrajectoryTest {

  static String trajectory(AdamW optimizer, double learningRate, int steps) throws IOException {
    SyntheticCandidates world = new SyntheticCandidates(5, 6, 77);
    LogLinearPolicy policy = world.policyBuilder().optimizer(optimizer).build();
    double beta = 0.5;
    int pairs = 16;
    List<String> trace = new ArrayList<>();
    for (int s = 0; s < steps; s++) {
      policy.zeroGrad();
      for (int i = 0; i < pairs; i++) {
        Prompt p = world.prompt(s * pairs + i);
        List<Completion> c = world.candidates(p);
        TrainablePolicy.Forward chosen = policy.forward(p, c.get(i % 6));
        TrainablePolicy.Forward rejected = policy.forward(p, c.get((i + 1 + s % 5) % 6));
        double margin = beta * (chosen.logProbs().sum() - rejected.logProbs().sum());
        double g = beta * StableMath.sigmoid(-margin) / pairs;
        chosen.backward(new double[] {-g});
        rejected.backward(new double[] {g});
      }
      trace.add(Double.toHexString(policy.step(learningRate)));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    policy.writeState(new DataOutputStream(bytes));
    try {
      trace.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray())));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    return String.join(" ", trace);
  }

  @Test
  void dpoTrajectoryWithDefaultsIsBitIdenticalToTheRecordedOne() throws IOException {
    // norms below the default threshold 1: no clipping, no decay
    assertEquals("0x1.a980c0a6f78e4p-3 0x1.3443e3c52811ap-2 0x1.598ba49c621a6p-3 0x1.719539ab21c01p-3"
        + " 0x1.c9dcc85bc73f7p-3 0x1.9a5176b1e3176p-3 0x1.3c0cf298be85p-2 0x1.294fd46f16a4bp-3"
        + " b1d1f300e140aa964320bac3a15caf4bd3067a8e2d227c29d552fd167fe62000",
        trajectory(AdamW.builder().build(), 0.3, 8));
  }

  @Test
  void dpoTrajectoryWithDecayAndTightClippingIsBitIdenticalToTheRecordedOne() throws IOException {
    // every step clips (threshold 0.05) and decays
    assertEquals("0x1.a980c0a6f78e4p-3 0x1.030f8dbe10ed6p-2 0x1.4baba238eef1dp-3 0x1.435fc0618c85ap-3"
        + " 0x1.8d7b8bb913a24p-3 0x1.6d50213f68943p-3 0x1.2e5f7537cb6d3p-2 0x1.48944de980b8dp-3"
        + " 6e5664f5e3608c7f4251102e0bc20b560358d5fc261ed67a3008dcaf241fcd28",
        trajectory(AdamW.builder().weightDecay(0.1).maxGradNorm(0.05).build(), 0.1, 8));
  }
}
