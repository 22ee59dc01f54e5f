package dev.align4j.rewards.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.EmbeddingFeaturizer;
import dev.align4j.rewards.feature.FeatureDimensionException;
import dev.align4j.rewards.feature.FeatureVector;
import dev.align4j.rewards.feature.Featurizer;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.model.HeadArchitecture;
import dev.align4j.rewards.model.RewardHead;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardModelFilesTest {
  private static final Prompt Q = Prompt.of("q");
  @TempDir Path dir;

  private static FeatureRewardModel model(HeadArchitecture a) {
    HashedNGramFeaturizer f = HashedNGramFeaturizer.builder().dimension(64).charNgrams(2, 3).seed(3).build();
    float[] p = new float[a.parameterCount(64)];
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) Math.cos(i * 0.7);
    }
    return new FeatureRewardModel(f, new RewardHead(a, 64, p));
  }

  @Test
  void roundTripGivesIdenticalScores() throws IOException {
    for (HeadArchitecture a : List.of(HeadArchitecture.linear(), HeadArchitecture.mlp(3))) {
      FeatureRewardModel m = model(a);
      Path file = dir.resolve(a.name() + ".rm");
      RewardModelFiles.save(m, file);
      FeatureRewardModel back = RewardModelFiles.load(file);
      for (String t : List.of("", "hello world", "a much longer completion, with punctuation!")) {
        assertEquals(m.score(Q, Completion.of(t)), back.score(Q, Completion.of(t)), 0.0, t);
      }
      assertEquals(m.featurizer().describe(), back.featurizer().describe());
    }
  }

  @Test
  void corruptFilesAreRefusedClearly() throws IOException {
    Path file = dir.resolve("m.rm");
    RewardModelFiles.save(model(HeadArchitecture.linear()), file);
    byte[] good = Files.readAllBytes(file);

    byte[] flipped = good.clone();
    flipped[good.length / 2] ^= 0x10;
    Files.write(file, flipped);
    var e = assertThrows(CorruptModelFileException.class, () -> RewardModelFiles.load(file));
    assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains("m.rm"), e.getMessage());

    Files.write(file, Arrays.copyOf(good, good.length - 7));
    e = assertThrows(CorruptModelFileException.class, () -> RewardModelFiles.load(file));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());

    Files.writeString(file, "{\"not\": \"a model\"}");
    e = assertThrows(CorruptModelFileException.class, () -> RewardModelFiles.load(file));
    assertTrue(e.getMessage().contains("magic"), e.getMessage());

    byte[] future = good.clone();
    ByteBuffer.wrap(future).putInt(10, 99);
    Files.write(file, future);
    e = assertThrows(CorruptModelFileException.class, () -> RewardModelFiles.load(file));
    assertTrue(e.getMessage().contains("version 99"), e.getMessage());

    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    Files.write(file, trailing);
    e = assertThrows(CorruptModelFileException.class, () -> RewardModelFiles.load(file));
    assertTrue(e.getMessage().contains("trailing"), e.getMessage());
  }

  @Test
  void externalFeaturizersMustBeSuppliedAndMatch() throws IOException {
    EmbeddingFeaturizer emb = EmbeddingFeaturizer.of("my-embedder-v1", 2, t -> new float[] {t.length(), 1});
    FeatureRewardModel m = new FeatureRewardModel(emb,
        new RewardHead(HeadArchitecture.linear(), 2, new float[] {0.5f, -1f, 0.25f}));
    Path file = dir.resolve("emb.rm");
    RewardModelFiles.save(m, file);
    var e = assertThrows(IllegalArgumentException.class, () -> RewardModelFiles.load(file));
    assertTrue(e.getMessage().contains("my-embedder-v1"), e.getMessage());
    EmbeddingFeaturizer other = EmbeddingFeaturizer.of("my-embedder-v2", 2, t -> new float[2]);
    e = assertThrows(IllegalArgumentException.class, () -> RewardModelFiles.load(file, other));
    assertTrue(e.getMessage().contains("v1") && e.getMessage().contains("v2"), e.getMessage());
    FeatureRewardModel back = RewardModelFiles.load(file, emb);
    assertEquals(m.score(Q, Completion.of("abc")), back.score(Q, Completion.of("abc")), 0.0);
  }

  /** A featurizer whose description does not mention its dimension (allowed by the interface). */
  private static Featurizer described(String description, int dimension) {
    return new Featurizer() {
      @Override
      public int dimension() {
        return dimension;
      }

      @Override
      public FeatureVector featurize(Prompt prompt, Completion completion) {
        return FeatureVector.dense(new float[dimension]);
      }

      @Override
      public String describe() {
        return description;
      }
    };
  }

  @Test
  void loadingWithAFeaturizerOfAnotherDimensionIsAConfigurationErrorNotACorruptFile() throws IOException {
    Featurizer saved = described("my-features", 16);
    FeatureRewardModel m = new FeatureRewardModel(saved,
        new RewardHead(HeadArchitecture.linear(), 16, new float[17]));
    Path file = dir.resolve("custom.rm");
    RewardModelFiles.save(m, file);
    byte[] before = Files.readAllBytes(file);
    for (int other : new int[] {8, 15, 17, 32}) {
      // same description, other size: the file is intact, the caller's featurizer is wrong
      FeatureDimensionException e = assertThrows(FeatureDimensionException.class,
          () -> RewardModelFiles.load(file, described("my-features", other)));
      String msg = e.getMessage();
      assertTrue(msg.contains("dimension 16") && msg.contains("dimension " + other) && msg.contains("my-features")
          && msg.contains("custom.rm"), msg);
      assertEquals(16, e.expected());
      assertEquals(other, e.actual());
    }
    // the embedding adapter and the hashed featurizer are refused the same way
    FeatureDimensionException e = assertThrows(FeatureDimensionException.class,
        () -> RewardModelFiles.load(file, EmbeddingFeaturizer.of("my-features", 8, t -> new float[8])));
    assertEquals(8, e.actual());
    Path hashedFile = dir.resolve("hashed.rm");
    RewardModelFiles.save(model(HeadArchitecture.linear()), hashedFile);
    e = assertThrows(FeatureDimensionException.class,
        () -> RewardModelFiles.load(hashedFile, HashedNGramFeaturizer.builder().dimension(128).build()));
    assertTrue(e.getMessage().contains("dimension 64") && e.getMessage().contains("dimension 128"), e.getMessage());
    // refusing changed nothing, and the right featurizer still loads it
    assertTrue(Arrays.equals(before, Files.readAllBytes(file)));
    assertEquals(16, RewardModelFiles.load(file, saved).head().inputDimension());
  }

  @Test
  void aFileWhoseStoredFeaturizerContradictsItsHeadIsCorrupt() throws Exception {
    Path file = dir.resolve("inconsistent.rm");
    RewardModelFiles.save(model(HeadArchitecture.linear()), file);
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int payloadStart = 10 + 4 + 4;
    int length = buf.getInt(14);
    // the payload opens with writeUTF("hashed-ngram") (2 + 12 bytes), then the featurizer's dimension
    assertEquals(64, buf.getInt(payloadStart + 14));
    buf.putInt(payloadStart + 14, 128);
    byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest(Arrays.copyOfRange(bytes, payloadStart, payloadStart + length));
    System.arraycopy(digest, 0, bytes, payloadStart + length, 32);
    Files.write(file, bytes);
    var e = assertThrows(CorruptModelFileException.class, () -> RewardModelFiles.load(file));
    assertTrue(e.getMessage().contains("inconsistent") && e.getMessage().contains("128")
        && e.getMessage().contains("64"), e.getMessage());
  }

  /** A file of format version 1 (align4j 0.1) was trained on letter-or-digit runs and must load with them. */
  @Test
  void versionOneFilesLoadWithTheLetterDigitSplitting() throws Exception {
    // the settings the version-1 payload below stores (word 1-2 grams, damped, L2-normalised), set explicitly
    HashedNGramFeaturizer old = HashedNGramFeaturizer.builder().dimension(64).seed(3).wordNgrams(1, 2)
        .sublinearTf(true).l2Normalize(true)
        .wordSplitting(HashedNGramFeaturizer.WordSplitting.LETTER_DIGIT_RUNS).build();
    float[] p = new float[65]; // 64 weights and a bias
    for (int i = 0; i < p.length; i++) {
      p[i] = (float) Math.sin(i * 1.3);
    }
    java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(payload)) {
      out.writeUTF("hashed-ngram");
      for (int v : new int[] {64, 1, 2, 0, 0}) {
        out.writeInt(v);
      }
      for (boolean b : new boolean[] {true, true, true, true, false}) {
        out.writeBoolean(b);
      }
      out.writeInt(3);
      out.writeUTF("HashedNGramFeaturizer(dimension=64, ...)");
      out.writeUTF("linear");
      out.writeInt(0);
      out.writeInt(64);
      out.writeInt(65);
      for (float v : p) {
        out.writeFloat(v);
      }
    }
    byte[] body = payload.toByteArray();
    java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(file)) {
      out.write("ALIGN4J-RM".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.writeInt(1);
      out.writeInt(body.length);
      out.write(body);
      out.write(java.security.MessageDigest.getInstance("SHA-256").digest(body));
    }
    Path f = dir.resolve("v1.rm");
    Files.write(f, file.toByteArray());
    FeatureRewardModel back = RewardModelFiles.load(f);
    assertEquals(old.settings(), ((HashedNGramFeaturizer) back.featurizer()).settings());
    FeatureRewardModel expected = new FeatureRewardModel(old, new RewardHead(HeadArchitecture.linear(), 64, p));
    String japanese = "ご不便をおかけして申し訳ございません";
    assertEquals(expected.score(Q, Completion.of(japanese)), back.score(Q, Completion.of(japanese)), 0.0);

    // and a version-2 file keeps whichever splitting it was saved with
    Path g = dir.resolve("v2.rm");
    RewardModelFiles.save(expected, g);
    assertEquals(HashedNGramFeaturizer.WordSplitting.LETTER_DIGIT_RUNS,
        ((HashedNGramFeaturizer) RewardModelFiles.load(g).featurizer()).settings().wordSplitting());
  }
}
