package dev.align4j.spark.aggregate;

import dev.align4j.core.Policy;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.check.Require;
import dev.align4j.core.reward.ImplicitReward;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.eval.EvaluationReport;
import dev.align4j.rewards.eval.PreferenceCase;
import dev.align4j.rewards.eval.SectionScheme;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * RewardBench-style accuracy of a policy's implicit reward (core's {@code ImplicitReward}, {@code r = β·log π/π_ref},
 * Rafailov et al. 2023 — how RewardBench scores DPO models) from log-probabilities computed beforehand, e.g. by a
 * GPU job that wrote them next to the pairs. A pair counts as correct when {@code r(chosen) > r(rejected)} (ties
 * wrong), per category and overall, with optional sections ({@code SectionScheme}).
 *
 * <p>Input columns: {@value #PROMPT}, {@value #CHOSEN}, {@value #REJECTED}, {@value #CATEGORY} (strings) and the
 * per-token log-probabilities {@value #CHOSEN_LOGPS}, {@value #REJECTED_LOGPS} of the policy and
 * {@value #REF_CHOSEN_LOGPS}, {@value #REF_REJECTED_LOGPS} of the reference (arrays of doubles, nats, each
 * {@code <= 0}; the reference columns are not read when {@link Builder#referenceFree()}). Each executor turns a
 * batch of rows into {@code PreferenceCase}s and scores them with an {@code ImplicitReward} over two policies that
 * replay the given log-probabilities, through rewards' {@code RewardModelEvaluator}: the same code, and so the same
 * counts, as the single-machine evaluation of that reward over those pairs. Memory: one batch per task.
 *
 * <p>Defaults: β = 0.1 (TRL's {@code DPOConfig.beta}; β does not change which completion scores higher unless the
 * log-ratios tie), not length-normalised, with a reference, no sections, batches of 1024 rows (align4j's choice).
 */
public final class ImplicitRewardAccuracy implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Column: the prompt (one user message). */
  public static final String PROMPT = "prompt";

  /** Column: the better completion. */
  public static final String CHOSEN = "chosen";

  /** Column: the worse completion. */
  public static final String REJECTED = "rejected";

  /** Column: the category (subset). */
  public static final String CATEGORY = "category";

  /** Column: the policy's token log-probabilities of the chosen completion. */
  public static final String CHOSEN_LOGPS = "chosen_logps";

  /** Column: the policy's token log-probabilities of the rejected completion. */
  public static final String REJECTED_LOGPS = "rejected_logps";

  /** Column: the reference's token log-probabilities of the chosen completion. */
  public static final String REF_CHOSEN_LOGPS = "ref_chosen_logps";

  /** Column: the reference's token log-probabilities of the rejected completion. */
  public static final String REF_REJECTED_LOGPS = "ref_rejected_logps";

  /** The columns read, in the order the partition function sees them. */
  private static final List<String> COLUMNS =
      List.of(
          PROMPT,
          CHOSEN,
          REJECTED,
          CATEGORY,
          CHOSEN_LOGPS,
          REJECTED_LOGPS,
          REF_CHOSEN_LOGPS,
          REF_REJECTED_LOGPS);

  private final double beta;
  private final boolean lengthNormalized;
  private final boolean referenceFree;
  private final int batchSize;
  private final transient SectionScheme scheme;

  private ImplicitRewardAccuracy(Builder b) {
    this.beta = b.beta;
    this.lengthNormalized = b.lengthNormalized;
    this.referenceFree = b.referenceFree;
    this.batchSize = b.batchSize;
    this.scheme = b.scheme;
  }

  /** A builder with the defaults of the class comment. */
  public static Builder builder() {
    return new Builder();
  }

  /** Evaluates every row. */
  public EvaluationReport evaluate(Dataset<Row> pairs) {
    Require.nonNull("pairs", pairs);
    StructType schema = pairs.schema();
    List<String> columns = new ArrayList<>(List.of(PROMPT, CHOSEN, REJECTED, CATEGORY));
    for (String c : columns) {
      LabelsTable.requireType(schema, c, List.of(DataTypes.StringType), "a string");
    }
    List<String> arrays =
        referenceFree
            ? List.of(CHOSEN_LOGPS, REJECTED_LOGPS)
            : List.of(CHOSEN_LOGPS, REJECTED_LOGPS, REF_CHOSEN_LOGPS, REF_REJECTED_LOGPS);
    for (String c : arrays) {
      LabelsTable.requireType(
          schema,
          c,
          List.of(
              DataTypes.createArrayType(DataTypes.DoubleType, true),
              DataTypes.createArrayType(DataTypes.DoubleType, false)),
          "an array of doubles");
    }
    columns.addAll(arrays);
    ImplicitRewardAccuracy job = this;
    Dataset<Row> counts =
        pairs
            .selectExpr(columns.toArray(new String[0]))
            .mapPartitions(
                (MapPartitionsFunction<Row, Row>) job::countPartition,
                Encoders.row(CategoryCounts.SCHEMA));
    return CategoryCounts.report(counts, scheme);
  }

  private Iterator<Row> countPartition(Iterator<Row> rows) {
    List<Row> out = new ArrayList<>();
    while (rows.hasNext()) {
      Map<Completion, TokenLogProbs> policy = new IdentityHashMap<>();
      Map<Completion, TokenLogProbs> reference = new IdentityHashMap<>();
      List<PreferenceCase> batch = new ArrayList<>(batchSize);
      while (rows.hasNext() && batch.size() < batchSize) {
        Row r = rows.next();
        for (int i = 0; i < r.length(); i++) {
          Require.argument(
              !r.isNullAt(i), "%s must not be null, but a row is %s", COLUMNS.get(i), r);
        }
        Completion chosen = Completion.of(r.getString(1));
        Completion rejected = Completion.of(r.getString(2));
        policy.put(chosen, logProbs(r, 4));
        policy.put(rejected, logProbs(r, 5));
        if (!referenceFree) {
          reference.put(chosen, logProbs(r, 6));
          reference.put(rejected, logProbs(r, 7));
        }
        batch.add(new PreferenceCase(Prompt.of(r.getString(0)), chosen, rejected, r.getString(3)));
      }
      ImplicitReward.Builder reward =
          ImplicitReward.builder(new Replayed(policy, "policy"))
              .beta(beta)
              .lengthNormalized(lengthNormalized);
      if (referenceFree) {
        reward.referenceFree();
      } else {
        reward.reference(new Replayed(reference, "reference"));
      }
      out.addAll(CategoryCounts.of(reward.build(), batch));
    }
    return out.iterator();
  }

  private static TokenLogProbs logProbs(Row r, int index) {
    List<Double> values = r.getList(index);
    double[] v = new double[values.size()];
    for (int i = 0; i < v.length; i++) {
      Double x = values.get(i);
      Require.argument(x != null, "%s must hold no null, but a row is %s", COLUMNS.get(index), r);
      v[i] = x;
    }
    try {
      return new TokenLogProbs(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          COLUMNS.get(index) + " " + Arrays.toString(v) + ": " + e.getMessage(), e);
    }
  }

  /** A policy that answers with the log-probabilities recorded for each completion object; it cannot sample. */
  private static final class Replayed implements Policy {
    private final Map<Completion, TokenLogProbs> recorded;
    private final String name;

    Replayed(Map<Completion, TokenLogProbs> recorded, String name) {
      this.recorded = recorded;
      this.name = name;
    }

    @Override
    public Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
      throw new UnsupportedOperationException(
          "a replayed " + name + " has only recorded log-probabilities");
    }

    @Override
    public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
      TokenLogProbs lp = recorded.get(completion);
      if (lp == null) {
        throw new IllegalStateException(
            "no recorded " + name + " log-probabilities for " + completion);
      }
      return lp;
    }
  }

  /** Configures an {@link ImplicitRewardAccuracy}. */
  public static final class Builder {
    private double beta = 0.1;
    private boolean lengthNormalized;
    private boolean referenceFree;
    private int batchSize = 1024;
    private SectionScheme scheme = SectionScheme.none();

    private Builder() {}

    /** β &gt; 0; default 0.1. */
    public Builder beta(double beta) {
      this.beta = Require.positive("beta", beta);
      return this;
    }

    /** Divide by the completion's token count (SimPO-style); default false. */
    public Builder lengthNormalized(boolean lengthNormalized) {
      this.lengthNormalized = lengthNormalized;
      return this;
    }

    /** {@code r = β·log π} without a reference (RewardBench's reference-free mode); default: with a reference. */
    public Builder referenceFree() {
      this.referenceFree = true;
      return this;
    }

    /** Rows scored per evaluator call on an executor, {@code >= 1}; default 1024. */
    public Builder batchSize(int rows) {
      this.batchSize = Require.positive("batchSize", rows);
      return this;
    }

    /** The sections of the report; default none. */
    public Builder sections(SectionScheme scheme) {
      this.scheme = Require.nonNull("scheme", scheme);
      return this;
    }

    /** Builds it. */
    public ImplicitRewardAccuracy build() {
      return new ImplicitRewardAccuracy(this);
    }
  }
}
