package dev.align4j.spark;

import dev.align4j.core.RewardModel;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.model.HeadArchitecture;
import dev.align4j.rewards.model.RewardHead;
import dev.align4j.testkit.Gen;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Generated conversation logs and a hashed-feature reward model for the Spark tests. */
final class GeneratedLogs {
  /** id (long), prompt, completion. */
  static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("prompt", DataTypes.StringType, false)
          .add("completion", DataTypes.StringType, false);

  private GeneratedLogs() {}

  /** {@code prompts} distinct prompts with {@code k} completions each, prompt by prompt, ids 0, 1, .... */
  static List<Row> rows(Gen gen, int prompts, int k) {
    List<Row> rows = new ArrayList<>();
    long id = 0;
    for (int p = 0; p < prompts; p++) {
      String prompt = "prompt " + p + ": " + gen.text(8);
      for (int j = 0; j < k; j++) {
        rows.add(RowFactory.create(id++, prompt, gen.text(20)));
      }
    }
    return rows;
  }

  /** {@code rows} as a dataset of {@code partitions} contiguous slices (rows keep their order). */
  static Dataset<Row> dataset(SparkSession spark, List<Row> rows, int partitions) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(jsc.parallelize(rows, partitions), SCHEMA);
  }

  /** A linear head with seeded Gaussian weights over hashed word 1-2 grams (a learned reward model's shape). */
  static RewardModel hashedModel(int dimension, long seed) {
    HashedNGramFeaturizer f =
        HashedNGramFeaturizer.builder()
            .dimension(dimension)
            .wordNgrams(1, 2)
            .sublinearTf(true)
            .build();
    SplittableRandom r = new SplittableRandom(seed);
    float[] w = new float[dimension + 1];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    return new FeatureRewardModel(f, new RewardHead(HeadArchitecture.linear(), dimension, w));
  }
}
