package dev.align4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test fixture: a local Spark session with two worker threads that runs a job over two partitions. */
class LocalSparkTest {
  @RegisterExtension static final LocalSpark SPARK = new LocalSpark();

  @Test
  void runsAJobOnTwoLocalThreads() {
    assertEquals("local[2]", SPARK.session().sparkContext().master());
    assertEquals(2, SPARK.session().sparkContext().defaultParallelism());
    Dataset<Long> numbers = SPARK.session().range(0, 1000).as(Encoders.LONG()).repartition(2);
    assertEquals(2, numbers.javaRDD().getNumPartitions());
    List<Row> sum = numbers.groupBy().sum("id").collectAsList();
    assertEquals(999L * 1000L / 2, sum.get(0).getLong(0));
  }

  @Test
  void writesInsideTheBuildFolder() {
    assertTrue(
        SPARK.newFolder("out").toAbsolutePath().startsWith(Path.of("").toAbsolutePath()),
        "outputs stay in the module's build folder");
  }

  @Test
  void theTestJvmHasSparksJava17Options() {
    List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
    for (String option : SparkJavaOptions.JAVA_17) {
      assertTrue(jvm.contains(option), "Surefire's argLine lacks " + option + ": " + jvm);
    }
    assertTrue(
        jvm.contains("--add-modules=jdk.incubator.vector"),
        "the build's own argLine is kept: " + jvm);
  }
}
