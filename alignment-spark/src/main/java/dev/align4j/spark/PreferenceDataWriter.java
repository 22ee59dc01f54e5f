package dev.align4j.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.align4j.core.check.Require;
import dev.align4j.core.data.DataFormat;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.data.PreferenceJsonlWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes preference data built by {@link PreferenceDataBuilder}: as JSONL in a paired {@link DataFormat} (TRL
 * preference, OpenAI DPO, Anthropic HH), one file per partition plus a {@link DatasetManifest}, or as Parquet.
 *
 * <p>JSONL lines are made by core's {@link PreferenceJsonlWriter}, the writer of the single-machine export, one line
 * per pair: the files hold the same bytes, line for line, as that writer gives for the same pairs in the same order.
 * Rows are sorted by {@code (prompt_id, pair_index)} first, so the order (and every file's hash) does not depend on
 * the partitioning of the input; the concatenation of the files in name order is the single-file export. Files are
 * written through Spark's committer (a task retried after a failure leaves no partial or duplicate file) to any
 * Hadoop file system ({@code file:}, {@code hdfs:}, {@code s3a:}); an existing folder is refused, never overwritten.
 */
public final class PreferenceDataWriter {
  /** The manifest's file name in the export folder (Spark's readers skip names starting with {@code _}). */
  public static final String MANIFEST = "_manifest.json";

  private static final Logger LOG = LoggerFactory.getLogger(PreferenceDataWriter.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PreferenceDataWriter() {}

  /**
   * Writes the pairs of {@code pairs} ({@link PreferenceDataBuilder#PAIR_SCHEMA}, e.g. {@link PreferenceData#train()})
   * to {@code folder} as JSONL in {@code format}, and the manifest: as many files as the session's
   * {@code spark.sql.shuffle.partitions} (ranges of {@code (prompt_id, pair_index)}, one per partition).
   *
   * @param folder a folder that does not exist yet (a path or URI of a Hadoop file system)
   * @throws IllegalArgumentException for a listwise table or an unpaired format
   * @throws UncheckedIOException when the manifest cannot be read back or written
   */
  public static DatasetManifest writeJsonl(Dataset<Row> pairs, String folder, DataFormat format) {
    Require.nonNull("pairs", pairs);
    int files =
        Integer.parseInt(pairs.sparkSession().conf().get("spark.sql.shuffle.partitions").trim());
    return writeJsonl(pairs, folder, format, files);
  }

  /**
   * As {@link #writeJsonl(Dataset, String, DataFormat)}, into {@code files} files (ranges of {@code (prompt_id,
   * pair_index)}; a range with no rows writes no file).
   */
  public static DatasetManifest writeJsonl(
      Dataset<Row> pairs, String folder, DataFormat format, int files) {
    Require.nonNull("pairs", pairs);
    Require.positive("files", files);
    Require.nonBlank("folder", folder);
    Require.nonNull("format", format);
    Require.argument(
        format != DataFormat.TRL_UNPAIRED,
        "format must be a paired preference format, was %s",
        format);
    List<String> names = Arrays.asList(pairs.schema().fieldNames());
    Require.argument(
        names.containsAll(Arrays.asList(PreferenceDataBuilder.PAIR_SCHEMA.fieldNames())),
        "pairs must have the columns of PreferenceDataBuilder.PAIR_SCHEMA, had %s (a listwise table is written"
            + " with writeParquet)",
        names);
    Dataset<String> lines =
        pairs
            .repartitionByRange(files, functions.col("prompt_id"), functions.col("pair_index"))
            .sortWithinPartitions("prompt_id", "pair_index")
            .mapPartitions(new JsonlLines(format), Encoders.STRING());
    lines.write().mode(SaveMode.ErrorIfExists).option("lineSep", "\n").text(folder);
    Configuration hadoop = pairs.sparkSession().sparkContext().hadoopConfiguration();
    DatasetManifest manifest = manifest(hadoop, folder, format.name());
    writeManifest(hadoop, folder, manifest);
    LOG.info(
        "wrote {} {} records in {} files to {}",
        manifest.records(),
        format,
        manifest.files().size(),
        folder);
    return manifest;
  }

  /**
   * Writes {@code data} (pairs or rankings, any split) to {@code folder} as Parquet.
   *
   * @param folder a folder that does not exist yet
   */
  public static void writeParquet(Dataset<Row> data, String folder) {
    Require.nonNull("data", data);
    Require.nonBlank("folder", folder);
    data.write().mode(SaveMode.ErrorIfExists).parquet(folder);
  }

  /** Reads the manifest written to {@code folder}. */
  public static DatasetManifest readManifest(Configuration hadoop, String folder) {
    Path file = new Path(folder, MANIFEST);
    try (InputStream in = file.getFileSystem(hadoop).open(file)) {
      return JSON.readValue(in, DatasetManifest.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifest " + file + ": " + e.getMessage(), e);
    }
  }

  /** Counts and hashes the data files of {@code folder} (its {@code part-} files, in name order). */
  static DatasetManifest manifest(Configuration hadoop, String folder, String format) {
    Path dir = new Path(folder);
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      FileStatus[] listed = fs.listStatus(dir, p -> p.getName().startsWith("part-"));
      Arrays.sort(listed, Comparator.comparing(s -> s.getPath().getName()));
      MessageDigest all = ContentHash.sha256();
      List<DatasetManifest.FileEntry> files = new ArrayList<>();
      long records = 0;
      byte[] buffer = new byte[1 << 16];
      for (FileStatus s : listed) {
        MessageDigest one = ContentHash.sha256();
        long lines = 0;
        long bytes = 0;
        try (InputStream in = fs.open(s.getPath())) {
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            one.update(buffer, 0, n);
            all.update(buffer, 0, n);
            bytes += n;
            for (int i = 0; i < n; i++) {
              if (buffer[i] == '\n') {
                lines++;
              }
            }
          }
        }
        files.add(
            new DatasetManifest.FileEntry(
                s.getPath().getName(), lines, bytes, HexFormat.of().formatHex(one.digest())));
        records += lines;
      }
      return new DatasetManifest(format, records, HexFormat.of().formatHex(all.digest()), files);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read back the files written to " + folder + ": " + e.getMessage(), e);
    }
  }

  private static void writeManifest(Configuration hadoop, String folder, DatasetManifest manifest) {
    Path file = new Path(folder, MANIFEST);
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      try (OutputStream out = fs.create(file, false)) {
        JSON.writeValue(out, manifest);
        if (out instanceof FSDataOutputStream d) {
          d.hsync();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the manifest " + file + ": " + e.getMessage(), e);
    }
  }

  /** One JSONL line per pair, made by core's writer. */
  private static final class JsonlLines implements MapPartitionsFunction<Row, String> {
    private static final long serialVersionUID = 1L;
    private final DataFormat format;

    JsonlLines(DataFormat format) {
      this.format = format;
    }

    @Override
    public Iterator<String> call(Iterator<Row> rows) {
      StringWriter buffer = new StringWriter();
      PreferenceJsonlWriter writer = PreferenceJsonlWriter.to(buffer, format);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public String next() {
          Row r = rows.next();
          writer.write(
              PreferenceExample.of(
                  r.getString(r.fieldIndex("prompt")),
                  r.getString(r.fieldIndex("chosen")),
                  r.getString(r.fieldIndex("rejected"))));
          writer.flush();
          StringBuffer b = buffer.getBuffer();
          // the writer ends each record with '\n'; Spark's text writer adds the line separator
          // itself
          String line = b.substring(0, b.length() - 1);
          b.setLength(0);
          return line;
        }
      };
    }
  }
}
