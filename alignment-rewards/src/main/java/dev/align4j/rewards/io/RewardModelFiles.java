package dev.align4j.rewards.io;

import dev.align4j.core.check.Require;
import dev.align4j.rewards.feature.FeatureDimensionException;
import dev.align4j.rewards.feature.Featurizer;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.feature.HashedNGramFeaturizer.WordSplitting;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.model.HeadArchitecture;
import dev.align4j.rewards.model.RewardHead;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Saves and loads trained {@link FeatureRewardModel}s in a small versioned, checksummed binary format:
 *
 * <pre>
 * "ALIGN4J-RM" (10 ASCII bytes) · int format version (2) · int payload length · payload · SHA-256(payload) (32 bytes)
 * payload: featurizer kind ("hashed-ngram" | "external") · [hashed settings, then (version 2) the word splitting's
 *          name] · featurizer description ·
 *          head ("linear" | "mlp") · hidden units · input dimension · parameter count · float parameters
 * </pre>
 *
 * All integers and floats are big-endian ({@link DataOutputStream}). A hashed n-gram featurizer is saved with the
 * model and rebuilt on load. Any other featurizer (e.g. an {@code EmbeddingFeaturizer}) is saved by its
 * {@link Featurizer#describe() description} only; load such a file with {@link #load(Path, Featurizer)} and a
 * featurizer whose description matches. Files are written to a temporary sibling and moved into place, so a crash
 * never leaves a half-written model under the target name. A version-1 file (no word splitting) was written by
 * align4j 0.1, whose hashed featurizer split words as {@code WordSplitting.LETTER_DIGIT_RUNS}; it loads with that
 * splitting, so the model keeps the features it was trained on.
 */
public final class RewardModelFiles {
  /** The current format version. */
  public static final int FORMAT_VERSION = 2;

  private static final byte[] MAGIC = "ALIGN4J-RM".getBytes(StandardCharsets.US_ASCII);
  private static final String HASHED = "hashed-ngram";
  private static final String EXTERNAL = "external";
  private static final int MAX_PAYLOAD = Integer.MAX_VALUE - 64;

  private RewardModelFiles() {}

  /** Writes {@code model} to {@code file}, replacing it. */
  public static void save(FeatureRewardModel model, Path file) throws IOException {
    Require.nonNull("model", model);
    Require.nonNull("file", file);
    byte[] payload = payload(model);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(payload.length);
      out.write(payload);
      out.write(sha256(payload));
    }
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      Files.write(tmp, bytes.toByteArray());
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Loads a model saved with a hashed n-gram featurizer.
   *
   * @throws CorruptModelFileException when the file is not a valid model file
   * @throws IllegalArgumentException when it was saved with an external featurizer (use
   *     {@link #load(Path, Featurizer)})
   */
  public static FeatureRewardModel load(Path file) throws IOException {
    return read(file, null);
  }

  /**
   * Loads a model and attaches {@code featurizer}, whose {@link Featurizer#describe()} must equal the saved one.
   *
   * @throws CorruptModelFileException when the file is not a valid model file
   * @throws FeatureDimensionException when the featurizer's dimension differs from the saved head's (a configuration
   *     error: the file is intact)
   * @throws IllegalArgumentException when the featurizer does not match the saved description
   */
  public static FeatureRewardModel load(Path file, Featurizer featurizer) throws IOException {
    return read(file, Require.nonNull("featurizer", featurizer));
  }

  private static byte[] payload(FeatureRewardModel model) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      Featurizer f = model.featurizer();
      if (f instanceof HashedNGramFeaturizer) {
        out.writeUTF(HASHED);
        HashedNGramFeaturizer.Settings s = ((HashedNGramFeaturizer) f).settings();
        out.writeInt(s.dimension());
        out.writeInt(s.minWordN());
        out.writeInt(s.maxWordN());
        out.writeInt(s.minCharN());
        out.writeInt(s.maxCharN());
        out.writeBoolean(s.lowercase());
        out.writeBoolean(s.sublinearTf());
        out.writeBoolean(s.l2Normalize());
        out.writeBoolean(s.signed());
        out.writeBoolean(s.includePrompt());
        out.writeInt(s.seed());
        out.writeUTF(s.wordSplitting().name());
      } else {
        out.writeUTF(EXTERNAL);
      }
      out.writeUTF(f.describe());
      RewardHead head = model.head();
      HeadArchitecture a = head.architecture();
      out.writeUTF(a instanceof HeadArchitecture.Mlp ? "mlp" : "linear");
      out.writeInt(a instanceof HeadArchitecture.Mlp ? ((HeadArchitecture.Mlp) a).hidden() : 0);
      out.writeInt(head.inputDimension());
      float[] p = head.parameters();
      out.writeInt(p.length);
      for (float v : p) {
        out.writeFloat(v);
      }
    }
    return bytes.toByteArray();
  }

  private static FeatureRewardModel read(Path file, @Nullable Featurizer supplied) throws IOException {
    Require.nonNull("file", file);
    byte[] all = Files.readAllBytes(file);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all))) {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new CorruptModelFileException(file + " is not an align4j reward model file (bad magic bytes)");
      }
      int version = in.readInt();
      if (version < 1 || version > FORMAT_VERSION) {
        throw new CorruptModelFileException(file + " has format version " + version
            + ", this align4j reads versions 1.." + FORMAT_VERSION);
      }
      int length = in.readInt();
      if (length < 0 || length > MAX_PAYLOAD || length > all.length) {
        throw new CorruptModelFileException(file + " is truncated or corrupt (payload length " + length
            + ", file size " + all.length + " bytes)");
      }
      byte[] payload = new byte[length];
      in.readFully(payload);
      byte[] digest = new byte[32];
      in.readFully(digest);
      if (!MessageDigest.isEqual(digest, sha256(payload))) {
        throw new CorruptModelFileException(file + " fails its SHA-256 checksum: the file is corrupt");
      }
      if (in.read() != -1) {
        throw new CorruptModelFileException(file + " has trailing bytes after the checksum");
      }
      return decode(file, version, payload, supplied);
    } catch (EOFException e) {
      throw new CorruptModelFileException(file + " is truncated (ended before the model was complete)", e);
    }
  }

  private static WordSplitting splitting(Path file, String name) throws CorruptModelFileException {
    for (WordSplitting w : WordSplitting.values()) {
      if (w.name().equals(name)) {
        return w;
      }
    }
    throw new CorruptModelFileException(file + " names an unknown word splitting \"" + name + "\"");
  }

  private static FeatureRewardModel decode(Path file, int version, byte[] payload, @Nullable Featurizer supplied)
      throws IOException {
    HashedNGramFeaturizer hashed = null;
    String description;
    RewardHead head;
    // everything read from the file is checked here: an invalid value means a corrupt file
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      String kind = in.readUTF();
      if (kind.equals(HASHED)) {
        int dimension = in.readInt();
        int minWordN = in.readInt();
        int maxWordN = in.readInt();
        int minCharN = in.readInt();
        int maxCharN = in.readInt();
        boolean lowercase = in.readBoolean();
        boolean sublinearTf = in.readBoolean();
        boolean l2Normalize = in.readBoolean();
        boolean signed = in.readBoolean();
        boolean includePrompt = in.readBoolean();
        int seed = in.readInt();
        WordSplitting splitting = version >= 2 ? splitting(file, in.readUTF()) : WordSplitting.LETTER_DIGIT_RUNS;
        HashedNGramFeaturizer.Settings s = new HashedNGramFeaturizer.Settings(dimension, minWordN, maxWordN,
            minCharN, maxCharN, lowercase, sublinearTf, l2Normalize, signed, includePrompt, seed, splitting);
        hashed = HashedNGramFeaturizer.of(s);
      } else if (!kind.equals(EXTERNAL)) {
        throw new CorruptModelFileException(file + " names an unknown featurizer kind \"" + kind + "\"");
      }
      description = in.readUTF();
      String arch = in.readUTF();
      int hidden = in.readInt();
      HeadArchitecture a;
      if (arch.equals("linear")) {
        a = HeadArchitecture.linear();
      } else if (arch.equals("mlp")) {
        a = HeadArchitecture.mlp(hidden);
      } else {
        throw new CorruptModelFileException(file + " names an unknown head \"" + arch + "\"");
      }
      int dim = in.readInt();
      int count = in.readInt();
      if (dim <= 0 || count != a.parameterCount(dim)) {
        throw new CorruptModelFileException(file + " is inconsistent: " + a.name() + " head on dimension " + dim
            + " needs " + (dim > 0 ? a.parameterCount(dim) : "?") + " parameters, file has " + count);
      }
      if (hashed != null && hashed.dimension() != dim) {
        throw new CorruptModelFileException(file + " is inconsistent: its hashed featurizer has dimension "
            + hashed.dimension() + ", its head dimension " + dim);
      }
      float[] params = new float[count];
      for (int i = 0; i < count; i++) {
        params[i] = in.readFloat();
      }
      head = new RewardHead(a, dim, params);
    } catch (IllegalArgumentException e) {
      throw new CorruptModelFileException(file + " holds invalid model contents: " + e.getMessage(), e);
    }
    // the file is intact from here on; a featurizer that does not fit it is the caller's configuration error
    if (supplied != null) {
      if (supplied.dimension() != head.inputDimension()) {
        String name = supplied.describe();
        throw new FeatureDimensionException(file + " holds a model trained on features of dimension "
            + head.inputDimension() + " (featurizer " + description + "), but the supplied featurizer " + name
            + " has dimension " + supplied.dimension(), name, head.inputDimension(), supplied.dimension());
      }
      Require.argument(supplied.describe().equals(description),
          "featurizer must match the one the model was saved with: saved %s, supplied %s", description,
          supplied.describe());
      return new FeatureRewardModel(supplied, head);
    }
    if (hashed == null) {
      throw new IllegalArgumentException(file + " was saved with an external featurizer (" + description
          + "); load it with RewardModelFiles.load(path, featurizer)");
    }
    return new FeatureRewardModel(hashed, head);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
