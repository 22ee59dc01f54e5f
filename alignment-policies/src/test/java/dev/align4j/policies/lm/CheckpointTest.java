package dev.align4j.policies.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.policies.token.ByteTokenizer;
import dev.align4j.policies.token.Tokenizer;
import dev.align4j.policies.token.WordTokenizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save/load round trips, resumed training, and refusal of damaged checkpoints. */
class CheckpointTest {

  private static final Prompt P = Prompt.of("the cat");
  private static final Completion C = Completion.of("sat on the mat");

  private static void trainSteps(TransformerLanguageModel lm, int steps) {
    for (int i = 0; i < steps; i++) {
      lm.zeroGrad();
      TransformerForward f = lm.forward(P, C);
      double[] g = new double[f.length()];
      Arrays.fill(g, -1.0 / g.length);
      f.backward(g);
      lm.step(3e-3);
    }
  }

  private static TransformerLanguageModel model(Tokenizer tokenizer) {
    TransformerConfig c =
        TransformerConfig.builder()
            .width(16)
            .heads(4)
            .layers(1)
            .contextLength(32)
            .positions(PositionEncoding.ROTARY)
            .valueHead(true)
            .build();
    return TransformerLanguageModel.create(tokenizer, c, 21);
  }

  @Test
  void roundTripRestoresParametersMomentsAndTrajectory(@TempDir Path dir) throws IOException {
    TransformerLanguageModel lm = model(ByteTokenizer.INSTANCE);
    trainSteps(lm, 3);
    Path file = dir.resolve("lm.ckpt");
    lm.save(file);
    TransformerLanguageModel loaded = TransformerLanguageModel.load(file);
    assertEquals(lm.config(), loaded.config());
    assertEquals(3, loaded.stepCount());
    assertArrayEquals(lm.parameters(), loaded.parameters());
    assertArrayEquals(lm.logProbs(P, C).values(), loaded.logProbs(P, C).values(), 1e-6);
    // resuming follows the same trajectory as not stopping
    trainSteps(lm, 4);
    trainSteps(loaded, 4);
    // bit for bit: the kernels' exp/tanh are built from exact IEEE operations, whatever the JIT has
    // compiled
    assertArrayEquals(lm.parameters(), loaded.parameters());
    assertEquals(7, loaded.stepCount());
  }

  @Test
  void wordTokenizerTravelsWithTheCheckpoint(@TempDir Path dir) throws IOException {
    WordTokenizer words =
        WordTokenizer.fromCorpus(List.of("the cat sat on the mat", "the dog"), 100, 1);
    TransformerLanguageModel lm = model(words);
    Path file = dir.resolve("words.ckpt");
    lm.save(file);
    TransformerLanguageModel loaded = TransformerLanguageModel.load(file);
    assertEquals(words.pieces(), ((WordTokenizer) loaded.tokenizer()).pieces());
    assertArrayEquals(lm.logProbs(P, C).values(), loaded.logProbs(P, C).values(), 1e-6);
  }

  private static byte[] bytes(TransformerLanguageModel lm) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lm.save(out);
    return out.toByteArray();
  }

  private static CheckpointException refused(byte[] data) {
    return assertThrows(
        CheckpointException.class,
        () -> TransformerLanguageModel.load(new ByteArrayInputStream(data), null, Runnable::run));
  }

  @Test
  void corruptTruncatedOrForeignCheckpointsAreRefusedWithClearErrors() throws IOException {
    byte[] good = bytes(model(ByteTokenizer.INSTANCE));
    // one flipped bit in the payload
    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x10;
    assertTrue(refused(flipped).getMessage().contains("CRC-32 mismatch"));
    // truncated anywhere
    for (int cut : new int[] {good.length - 3, good.length - 8, good.length / 3, 30, 14, 5}) {
      String msg = refused(Arrays.copyOf(good, cut)).getMessage();
      assertTrue(msg.contains("truncated") || msg.contains("not an align4j"), cut + ": " + msg);
    }
    // another file type
    assertTrue(
        refused("PK\u0003\u0004 not a checkpoint".getBytes())
            .getMessage()
            .contains("not an align4j"));
    // a future format version
    byte[] future = good.clone();
    ByteBuffer.wrap(future).putInt(10, 99);
    assertTrue(refused(future).getMessage().contains("format version 99 is not supported"));
    // an impossible payload length
    byte[] huge = good.clone();
    ByteBuffer.wrap(huge).putLong(14, -5);
    assertTrue(refused(huge).getMessage().contains("payload length -5"));
  }

  @Test
  void gradientShardsTravelWithTheCheckpointAndVersionOneLoadsWithTheDefault() throws IOException {
    TransformerLanguageModel lm =
        TransformerLanguageModel.create(
            ByteTokenizer.INSTANCE,
            TransformerConfig.builder()
                .width(16)
                .heads(4)
                .layers(1)
                .contextLength(32)
                .gradientShards(3)
                .build(),
            21);
    trainSteps(lm, 2);
    byte[] v2 = bytes(lm);
    assertEquals(2, ByteBuffer.wrap(v2).getInt(10), "format version");
    TransformerLanguageModel loaded =
        TransformerLanguageModel.load(new ByteArrayInputStream(v2), null, Runnable::run);
    assertEquals(3, loaded.config().gradientShards());
    assertEquals(lm.config(), loaded.config());
    // a version-1 checkpoint: the same bytes without the shard count (the last int of the
    // configuration)
    int payloadLength = (int) ByteBuffer.wrap(v2).getLong(14);
    byte[] payload = Arrays.copyOfRange(v2, 22, 22 + payloadLength);
    String positions = lm.config().positions().name();
    int at =
        5 * 4
            + 2
            + positions.length()
            + 8
            + 1
            + 7 * 8; // 5 ints, the positions' UTF, 8 doubles, 1 boolean
    assertEquals(
        3, ByteBuffer.wrap(payload).getInt(at), "the shard count is where the v2 layout puts it");
    byte[] v1Payload = new byte[payload.length - 4];
    System.arraycopy(payload, 0, v1Payload, 0, at);
    System.arraycopy(payload, at + 4, v1Payload, at, payload.length - at - 4);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(v1Payload);
    ByteBuffer v1 = ByteBuffer.allocate(22 + v1Payload.length + 8);
    v1.put(v2, 0, 10).putInt(1).putLong(v1Payload.length).put(v1Payload).putLong(crc.getValue());
    TransformerLanguageModel old =
        TransformerLanguageModel.load(new ByteArrayInputStream(v1.array()), null, Runnable::run);
    assertEquals(TransformerConfig.DEFAULT_GRADIENT_SHARDS, old.config().gradientShards());
    assertEquals(
        lm.config().toBuilder().gradientShards(TransformerConfig.DEFAULT_GRADIENT_SHARDS).build(),
        old.config());
    assertArrayEquals(lm.parameters(), old.parameters());
    assertEquals(2, old.stepCount());
  }

  @Test
  void loadFromPathNamesTheFile(@TempDir Path dir) throws IOException {
    byte[] good = bytes(model(ByteTokenizer.INSTANCE));
    Path file = dir.resolve("bad.ckpt");
    Files.write(file, Arrays.copyOf(good, good.length - 1));
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> TransformerLanguageModel.load(file));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void readStateRefusesAnotherShapeAndChangesNothing() throws IOException {
    TransformerLanguageModel a = model(ByteTokenizer.INSTANCE);
    TransformerLanguageModel other =
        TransformerLanguageModel.create(
            ByteTokenizer.INSTANCE,
            TransformerConfig.builder().width(8).heads(2).layers(1).contextLength(16).build(),
            1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    other.writeState(new DataOutputStream(out));
    float[] before = a.parameters().clone();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> a.readState(new DataInputStream(new ByteArrayInputStream(out.toByteArray()))));
    assertTrue(
        e.getMessage().startsWith("state parameter count must be " + a.parameterCount()),
        e.getMessage());
    assertArrayEquals(before, a.parameters());
    // a NaN inside the state is refused before anything changes
    ByteArrayOutputStream own = new ByteArrayOutputStream();
    a.writeState(new DataOutputStream(own));
    byte[] state = own.toByteArray();
    ByteBuffer.wrap(state).putFloat(8 + 4 + 4 * 5, Float.NaN);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> a.readState(new DataInputStream(new ByteArrayInputStream(state))));
    assertTrue(e.getMessage().contains("parameters[5] must be finite"), e.getMessage());
    assertArrayEquals(before, a.parameters());
  }
}
