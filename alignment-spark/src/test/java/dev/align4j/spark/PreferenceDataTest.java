package dev.align4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.data.DataFormat;
import dev.align4j.core.data.PreferenceJsonlWriter;
import dev.align4j.testkit.Gen;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PreferenceDataTest {
  @RegisterExtension static final LocalSpark SPARK = new LocalSpark();

  private static final StructType SCORED =
      new StructType()
          .add("prompt", DataTypes.StringType, false)
          .add("completion", DataTypes.StringType, false)
          .add("reward", DataTypes.DoubleType, false);

  /** 300 prompts with 1 to 6 samples each: few distinct texts and scores, so duplicates and ties occur. */
  private static List<Row> samples;

  @BeforeAll
  static void generate() {
    Gen gen = Gen.of(16);
    samples = new ArrayList<>();
    for (int p = 0; p < 300; p++) {
      String prompt = "prompt " + p + " " + gen.text(5);
      int k = gen.intIn(1, 6);
      for (int j = 0; j < k; j++) {
        samples.add(RowFactory.create(prompt, "answer " + gen.intIn(0, 4), gen.intIn(0, 6) / 2.0));
      }
    }
  }

  private static Dataset<Row> scored(int partitions) {
    // round-robin: each prompt's samples are spread over the partitions
    return SPARK.session().createDataFrame(samples, SCORED).repartition(partitions);
  }

  /** The single-machine computation: PreferencePairs per prompt, ordered by (prompt_id, pair_index). */
  private static TreeMap<String, List<PreferencePair>> singleMachine(PairingStrategy strategy) {
    Map<String, List<ScoredCompletion>> byPrompt = new LinkedHashMap<>();
    for (Row r : samples) {
      byPrompt
          .computeIfAbsent(r.getString(0), k -> new ArrayList<>())
          .add(new ScoredCompletion(r.getString(1), r.getDouble(2)));
    }
    TreeMap<String, List<PreferencePair>> out = new TreeMap<>();
    byPrompt.forEach((p, s) -> out.put(ContentHash.of(p), PreferencePairs.pairs(p, s, strategy)));
    return out;
  }

  @Test
  void pairsEqualTheSingleMachineComputationRowForRow() {
    for (PairingStrategy strategy :
        List.of(new PairingStrategy.BestVsWorst(0.0), new PairingStrategy.AllPairs(0.5))) {
      PreferenceDataBuilder builder =
          PreferenceDataBuilder.builder(strategy).testFraction(0.25).build();
      List<Row> rows =
          builder.build(scored(3)).rows().orderBy("prompt_id", "pair_index").collectAsList();
      List<Row> expected = new ArrayList<>();
      singleMachine(strategy)
          .forEach(
              (id, pairs) -> {
                for (int i = 0; i < pairs.size(); i++) {
                  PreferencePair p = pairs.get(i);
                  expected.add(
                      RowFactory.create(
                          id,
                          p.prompt(),
                          p.chosen(),
                          p.rejected(),
                          p.chosenScore(),
                          p.rejectedScore(),
                          ContentHash.of(p.prompt(), p.chosen(), p.rejected()),
                          i,
                          builder.splitOf(p.prompt())));
                }
              });
      assertTrue(expected.size() > 100, "enough pairs to mean something: " + expected.size());
      assertEquals(expected, rows, strategy.toString());
      // deduplicated: no pair twice
      assertEquals(rows.size(), rows.stream().map(r -> r.getString(6)).distinct().count());
    }
  }

  @Test
  void theSplitNeverSharesAPromptAndHasTheRequestedShare() {
    PreferenceData data =
        PreferenceDataBuilder.builder(new PairingStrategy.AllPairs(0.0))
            .testFraction(0.25)
            .seed(3)
            .build()
            .build(scored(4));
    Set<String> train = new HashSet<>();
    data.train()
        .select("prompt_id")
        .distinct()
        .collectAsList()
        .forEach(r -> train.add(r.getString(0)));
    Set<String> test = new HashSet<>();
    data.test()
        .select("prompt_id")
        .distinct()
        .collectAsList()
        .forEach(r -> test.add(r.getString(0)));
    Set<String> both = new HashSet<>(train);
    both.retainAll(test);
    assertEquals(Set.of(), both, "prompts in both splits");
    int prompts = train.size() + test.size();
    // binomial(prompts, 0.25): within 4 standard deviations
    double sd = Math.sqrt(prompts * 0.25 * 0.75);
    assertTrue(Math.abs(test.size() - 0.25 * prompts) < 4 * sd, test.size() + " of " + prompts);
    // another partitioning, the same split
    PreferenceData again =
        PreferenceDataBuilder.builder(new PairingStrategy.AllPairs(0.0))
            .testFraction(0.25)
            .seed(3)
            .build()
            .build(scored(1));
    assertEquals(test.size(), again.test().select("prompt_id").distinct().count());
  }

  @Test
  void jsonlFilesHoldTheSingleMachineExportsBytesAndTheManifestCountsAndHashesThem()
      throws Exception {
    PreferenceDataBuilder builder =
        PreferenceDataBuilder.builder(new PairingStrategy.AllPairs(0.0)).testFraction(0.2).build();
    PreferenceData data = builder.build(scored(3));
    for (DataFormat format : List.of(DataFormat.TRL_PREFERENCE, DataFormat.OPENAI_DPO)) {
      Path folder = SPARK.newFolder("jsonl").resolve(format.name());
      DatasetManifest manifest =
          PreferenceDataWriter.writeJsonl(data.train(), folder.toString(), format);

      ByteArrayOutputStream single = new ByteArrayOutputStream();
      long expectedRecords = 0;
      try (PreferenceJsonlWriter w =
          PreferenceJsonlWriter.to(
              new OutputStreamWriter(single, StandardCharsets.UTF_8), format)) {
        for (List<PreferencePair> pairs :
            singleMachine(new PairingStrategy.AllPairs(0.0)).values()) {
          for (PreferencePair p : pairs) {
            if (builder.splitOf(p.prompt()).equals(PreferenceDataBuilder.TRAIN)) {
              w.write(p.example());
              expectedRecords++;
            }
          }
        }
      }
      List<Path> parts;
      try (Stream<Path> files = Files.list(folder)) {
        parts = files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList();
      }
      assertTrue(parts.size() > 1, "one file per partition: " + parts);
      ByteArrayOutputStream spark = new ByteArrayOutputStream();
      for (Path p : parts) {
        spark.write(Files.readAllBytes(p));
      }
      assertArrayEquals(single.toByteArray(), spark.toByteArray(), format + ": bytes differ");

      assertEquals(format.name(), manifest.format());
      assertEquals(expectedRecords, manifest.records());
      assertEquals(sha256(single.toByteArray()), manifest.sha256());
      assertEquals(parts.size(), manifest.files().size());
      for (int i = 0; i < parts.size(); i++) {
        byte[] bytes = Files.readAllBytes(parts.get(i));
        DatasetManifest.FileEntry e = manifest.files().get(i);
        assertEquals(parts.get(i).getFileName().toString(), e.name());
        assertEquals(bytes.length, e.bytes());
        assertEquals(sha256(bytes), e.sha256());
        assertEquals(new String(bytes, StandardCharsets.UTF_8).lines().count(), e.records());
      }
      assertEquals(
          manifest,
          PreferenceDataWriter.readManifest(
              SPARK.session().sparkContext().hadoopConfiguration(), folder.toString()));

      // an existing folder is refused and left as it was
      byte[] before = Files.readAllBytes(parts.get(0));
      assertThrows(
          Exception.class,
          () -> PreferenceDataWriter.writeJsonl(data.test(), folder.toString(), format));
      assertArrayEquals(before, Files.readAllBytes(parts.get(0)));
    }
  }

  @Test
  void parquetRoundTripsAndListwiseRankingsEqualTheSingleMachineRanking() throws IOException {
    PreferenceData ranked =
        PreferenceDataBuilder.builder(new PairingStrategy.Listwise()).build().build(scored(2));
    Path folder = SPARK.newFolder("parquet").resolve("ranked");
    PreferenceDataWriter.writeParquet(ranked.rows(), folder.toString());
    List<Row> back =
        SPARK.session().read().parquet(folder.toString()).orderBy("prompt_id").collectAsList();
    Map<String, List<ScoredCompletion>> byPrompt = new TreeMap<>();
    for (Row r : samples) {
      byPrompt
          .computeIfAbsent(r.getString(0), k -> new ArrayList<>())
          .add(new ScoredCompletion(r.getString(1), r.getDouble(2)));
    }
    assertEquals(byPrompt.size(), back.size());
    for (Row r : back) {
      List<ScoredCompletion> expected =
          PreferencePairs.rank(r.getString(1), byPrompt.get(r.getString(1)));
      assertEquals(expected.stream().map(ScoredCompletion::completion).toList(), r.getList(2));
      assertEquals(expected.stream().map(ScoredCompletion::score).toList(), r.getList(3));
    }
    assertThrows(
        IllegalArgumentException.class,
        () ->
            PreferenceDataWriter.writeJsonl(
                ranked.rows(), folder + "-jsonl", DataFormat.TRL_PREFERENCE));
  }

  @Test
  void badColumnsAreRefusedNamingTheArgument() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PreferenceDataBuilder.builder(new PairingStrategy.Listwise())
                    .scoreColumn("prompt")
                    .build()
                    .build(scored(1)));
    assertTrue(
        e.getMessage().contains("scoreColumn") && e.getMessage().contains("double"),
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> PreferenceDataBuilder.builder(new PairingStrategy.Listwise()).testFraction(1.5));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
