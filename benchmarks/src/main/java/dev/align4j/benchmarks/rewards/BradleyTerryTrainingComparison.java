package dev.align4j.benchmarks.rewards;

import dev.align4j.core.KernelPath;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.FeatureVector;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.model.RewardHead;
import dev.align4j.rewards.train.OptimizerSettings;
import dev.align4j.rewards.train.RewardModelTrainer;
import dev.align4j.rewards.train.TrainingExample;
import dev.align4j.rewards.train.TrainingSet;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Bradley–Terry reward-model training on hashed features, timed, on data that {@code rewards_bt_torch.py} then trains
 * with PyTorch CPU under the same settings: linear head, AdamW (lr 0.01, PyTorch's other defaults), the same epochs
 * and batch size, no validation split inside training; the validation loss is measured afterwards on the same
 * held-out pairs on both sides.
 *
 * <p>Generates {@code train + validation} preference pairs of 20–60-word synthetic completions labelled by a hidden
 * Bradley–Terry model, featurises them with {@link HashedNGramFeaturizer} (word 1–2-grams, {@code dimension}
 * buckets), writes them to a little-endian binary file for the Python peer, then trains three times with sparse
 * vectors and three times with the same vectors stored densely, and prints the median wall time and the validation
 * loss. Featurisation is not timed (the peer receives features too).
 *
 * <p>Arguments: {@code <data file> [pairs=100000] [dimension=1024] [epochs=3] [batch=64]}.
 */
public final class BradleyTerryTrainingComparison {
  private BradleyTerryTrainingComparison() {}

  /** Runs the comparison's Java side. */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "/tmp/align4j-bt-pairs.bin");
    int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int dim = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
    int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int batch = args.length > 4 ? Integer.parseInt(args[4]) : 64;
    int validation = pairs / 10;

    // the configuration of the recorded results (word 1–2-grams, damped, L2-normalised), not today's defaults
    HashedNGramFeaturizer f = HashedNGramFeaturizer.builder().dimension(dim).wordNgrams(1, 2).sublinearTf(true)
        .l2Normalize(true).build();
    SyntheticCorpus corpus = new SyntheticCorpus(5000, 2026);
    Prompt prompt = Prompt.of("Answer the customer.");
    List<TrainingExample.Pair> all = new ArrayList<>(pairs + validation);
    double[] qa = new double[1];
    double[] qb = new double[1];
    long nnz = 0;
    for (int i = 0; i < pairs + validation; i++) {
      Completion a = corpus.completion(corpus.nextLength(20, 60), qa);
      Completion b = corpus.completion(corpus.nextLength(20, 60), qb);
      FeatureVector va = f.featurize(prompt, a);
      FeatureVector vb = f.featurize(prompt, b);
      nnz += va.storedCount() + vb.storedCount();
      all.add(new TrainingExample.Pair(va, vb, corpus.firstWins(qa[0], qb[0]) ? 1.0 : 0.0, 0.0));
    }
    write(file, all, pairs, validation, dim);
    List<TrainingExample.Pair> train = all.subList(0, pairs);
    List<TrainingExample.Pair> valid = all.subList(pairs, pairs + validation);
    System.out.printf(Locale.ROOT, "data: %d train + %d validation pairs, dimension %d, mean non-zeros %.1f,"
        + " written to %s; kernels %s%n", pairs, validation, dim, nnz / (2.0 * (pairs + validation)), file,
        KernelPath.active().name());

    RewardModelTrainer trainer = RewardModelTrainer.builder()
        .optimizer(OptimizerSettings.adamW().withLearningRate(0.01))
        .epochs(epochs).batchSize(batch).validationFraction(0).seed(1).build();
    run("java sparse", trainer, TrainingSet.of(dim, train), TrainingSet.of(dim, valid), epochs, batch);
    run("java dense", trainer, TrainingSet.of(dim, densify(train)), TrainingSet.of(dim, densify(valid)), epochs,
        batch);
  }

  private static void run(String name, RewardModelTrainer trainer, TrainingSet train, TrainingSet valid, int epochs,
      int batch) {
    double[] times = new double[3];
    double[] eval = null;
    for (int rep = 0; rep < times.length; rep++) {
      long t0 = System.nanoTime();
      RewardHead head = trainer.train(train).head();
      times[rep] = (System.nanoTime() - t0) / 1e9;
      eval = trainer.evaluate(valid, head);
    }
    double[] sorted = times.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "%s: epochs %d, batch %d, train time median %.3f s (runs %s), validation loss %.4f,"
        + " validation accuracy %.4f%n", name, epochs, batch, sorted[1], Arrays.toString(times), eval[0], eval[1]);
  }

  private static List<TrainingExample.Pair> densify(List<TrainingExample.Pair> pairs) {
    List<TrainingExample.Pair> out = new ArrayList<>(pairs.size());
    for (TrainingExample.Pair p : pairs) {
      out.add(new TrainingExample.Pair(FeatureVector.dense(p.a().toDense()), FeatureVector.dense(p.b().toDense()),
          p.probabilityA(), 0));
    }
    return out;
  }

  /** int32 train, validation, dimension; per pair: nnzA, idxA, valA, nnzB, idxB, valB, float32 label. */
  private static void write(Path file, List<TrainingExample.Pair> all, int train, int validation, int dim)
      throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      header.putInt(train).putInt(validation).putInt(dim);
      out.write(header.array());
      for (TrainingExample.Pair p : all) {
        int bytes = 4 + 8 * p.a().storedCount() + 4 + 8 * p.b().storedCount() + 4;
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (FeatureVector v : new FeatureVector[] {p.a(), p.b()}) {
          b.putInt(v.storedCount());
          for (int k = 0; k < v.storedCount(); k++) {
            b.putInt(v.indexAt(k));
          }
          for (int k = 0; k < v.storedCount(); k++) {
            b.putFloat(v.valueAt(k));
          }
        }
        b.putFloat((float) p.probabilityA());
        out.write(b.array());
      }
    }
  }
}
