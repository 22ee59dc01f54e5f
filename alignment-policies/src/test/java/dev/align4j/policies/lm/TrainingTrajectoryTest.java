package dev.align4j.policies.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.policies.token.ByteTokenizer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The transformer's training trajectory, bit for bit, as recorded before its AdamW step moved to core's training kit
 * ({@code dev.align4j.core.train}): the pre-clipping gradient norm of every step (as hex doubles) and the SHA-256 of
 * the full training state afterwards (parameters, both AdamW moments, step count). The first run clips on every step
 * (norms near 3, threshold 1) and decays the weight matrices (0.01); the second neither clips nor decays. Both run on
 * the scalar kernels so that the figures do not depend on the machine's vector width.
 */
class TrainingTrajectoryTest {

  /** Recorded on the code before the move (the optimiser inlined in {@code TransformerLanguageModel.step}). */
  private static final String RECORDED_DEFAULTS = "0x1.8c0a4825387aap1 0x1.b4497de51c68ep1 0x1.8f192a93886e2p1"
      + " 0x1.9e4c6c354d57ep1 0x1.955b088304591p1 0x1.8c10cb89c8d1cp1 0x1.74ba387adb65fp1 0x1.526c25de3408cp1"
      + " b13d5e0026598bd54649f092c4fe369f6ce11164d286e9883f6d29663582c2ad";

  /** The same, without clipping ({@code maxGradNorm} +∞) and without weight decay. */
  private static final String RECORDED_NO_CLIP_NO_DECAY = "0x1.8c0a4825387aap1 0x1.5f49b351b2311p1 0x1.6ebc4cc9a0a8bp1"
      + " 0x1.7df0e36d2e7adp1 0x1.87fbe8e9d8ca3p1 0x1.83c5f881d123fp1"
      + " 4ce0f633acd13f1a3d31994243435c9e187cad65dee4db25e1698e7ec623ee95";

  private static final List<Prompt> PROMPTS = List.of(Prompt.of("the cat"), Prompt.of("a dog"));
  private static final List<Completion> COMPLETIONS = List.of(Completion.of("sat on the mat"), Completion.of("ran"));

  static String trajectory(TransformerConfig config, double learningRate, int steps) throws IOException {
    TransformerLanguageModel lm =
        TransformerLanguageModel.withKernels(ByteTokenizer.INSTANCE, config, new SplittableRandom(5), Runnable::run,
            Kernels.scalar());
    List<String> trace = new ArrayList<>();
    for (int s = 0; s < steps; s++) {
      lm.zeroGrad();
      for (int i = 0; i < PROMPTS.size(); i++) {
        TransformerForward f = lm.forward(PROMPTS.get(i), COMPLETIONS.get(i));
        double[] g = new double[f.length()];
        Arrays.fill(g, -1.0 / g.length);
        f.backward(g);
      }
      trace.add(Double.toHexString(lm.step(learningRate)));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    lm.writeState(new DataOutputStream(bytes));
    trace.add(sha256(bytes.toByteArray()));
    return String.join(" ", trace);
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void trajectoryIsBitIdenticalToTheRecordedOne() throws IOException {
    TransformerConfig config =
        TransformerConfig.builder().width(16).heads(4).layers(1).contextLength(32).valueHead(false).build();
    assertEquals(RECORDED_DEFAULTS, trajectory(config, 2e-2, 8));
  }

  @Test
  void trajectoryWithoutClippingOrDecayIsBitIdenticalToTheRecordedOne() throws IOException {
    TransformerConfig config = TransformerConfig.builder().width(16).heads(4).layers(1).contextLength(32)
        .valueHead(false).maxGradNorm(Double.POSITIVE_INFINITY).weightDecay(0).build();
    assertEquals(RECORDED_NO_CLIP_NO_DECAY, trajectory(config, 1e-2, 6));
  }
}
