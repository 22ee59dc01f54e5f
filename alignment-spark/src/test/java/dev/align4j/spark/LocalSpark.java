package dev.align4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local Spark session per test class: {@code @RegisterExtension static final LocalSpark SPARK = new
 * LocalSpark();} starts it before the class's first test and stops it after its last. The session runs on {@code
 * local[2]} (or the master given), with the web UI off, few shuffle partitions, the driver bound to 127.0.0.1 and
 * Spark's scratch and warehouse folders inside the build folder ({@code target*}/spark-tmp), never elsewhere.
 */
public final class LocalSpark implements BeforeAllCallback, AfterAllCallback {
  private final String master;
  private SparkSession session;
  private Path scratch;

  public LocalSpark() {
    this("local[2]");
  }

  public LocalSpark(String master) {
    this.master = master;
  }

  /** The running session (between the class's {@code @BeforeAll} and {@code @AfterAll}). */
  public SparkSession session() {
    if (session == null) {
      throw new IllegalStateException("the Spark session runs only while the test class runs");
    }
    return session;
  }

  /** A fresh folder inside this session's scratch folder (for job outputs). */
  public Path newFolder(String name) {
    try {
      return Files.createTempDirectory(scratch, name);
    } catch (IOException e) {
      throw new UncheckedIOException("creating an output folder in " + scratch, e);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    // the working directory of a Surefire run is the module folder; its build folder is target (or
    // the
    // align4j.target given to Maven), which the build writes anyway
    Path build = Path.of(System.getProperty("align4j.target", "target")).toAbsolutePath();
    Files.createDirectories(build);
    scratch = Files.createTempDirectory(build, "spark-tmp-");
    session =
        SparkSession.builder()
            .appName(context.getRequiredTestClass().getSimpleName())
            .master(master)
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.default.parallelism", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.local.dir", scratch.resolve("local").toString())
            .config("spark.sql.warehouse.dir", scratch.resolve("warehouse").toString())
            .getOrCreate();
    session.sparkContext().setLogLevel("WARN");
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (session != null) {
      session.stop();
      session = null;
    }
  }
}
