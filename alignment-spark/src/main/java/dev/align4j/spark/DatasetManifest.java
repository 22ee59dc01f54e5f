package dev.align4j.spark;

import dev.align4j.core.check.Require;
import java.util.List;

/**
 * What a JSONL export wrote ({@link PreferenceDataWriter#writeJsonl}): the format, the record count, and per file
 * (one per Spark partition, in name order, which is the rows' order) its record count, size and SHA-256. Written
 * next to the files as {@value PreferenceDataWriter#MANIFEST}; a reader checks a file against its hash before
 * training on it.
 *
 * @param format the {@code DataFormat} name
 * @param records the records in all files
 * @param sha256 SHA-256 of the files' bytes concatenated in order (equal to the hash of the single-file export)
 * @param files the files
 */
public record DatasetManifest(String format, long records, String sha256, List<FileEntry> files) {
  /** Validates the fields and copies the file list. */
  public DatasetManifest {
    Require.nonBlank("format", format);
    Require.nonNegative("records", (double) records);
    Require.nonBlank("sha256", sha256);
    files = List.copyOf(Require.nonNull("files", files));
  }

  /**
   * One file of the export.
   *
   * @param name the file name, relative to the export folder
   * @param records JSONL lines in it
   * @param bytes its size in bytes
   * @param sha256 SHA-256 of its bytes, 64 lowercase hexadecimal digits
   */
  public record FileEntry(String name, long records, long bytes, String sha256) {
    /** Validates the fields. */
    public FileEntry {
      Require.nonBlank("name", name);
      Require.nonBlank("sha256", sha256);
    }
  }
}
