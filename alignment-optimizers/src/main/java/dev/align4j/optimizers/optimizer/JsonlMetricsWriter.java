package dev.align4j.optimizers.optimizer;

import dev.align4j.core.StepMetrics;
import dev.align4j.core.check.Require;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * Writes each step's metrics as one JSON object per line (JSON Lines), e.g.
 * {@code {"step":3,"loss":0.6412,"rewards/accuracies":0.75}}: the format that pandas ({@code read_json(lines=True)}),
 * jq and TensorBoard importers read. Metric order is the step's order; a non-finite value is written as {@code null}
 * (JSON has no NaN) so that the file always parses. Each line is flushed, so a crash loses at most one step.
 *
 * <p>The writer is the caller's: {@link #close()} closes it.
 */
public final class JsonlMetricsWriter implements MetricsListener, Flushable, Closeable {
  private final Writer out;

  /** Writes to {@code out}. */
  public JsonlMetricsWriter(Writer out) {
    this.out = Require.nonNull("out", out);
  }

  @Override
  public void onStep(StepMetrics metrics) {
    StringBuilder sb = new StringBuilder(64);
    sb.append("{\"step\":").append(metrics.step());
    for (Map.Entry<String, Double> e : metrics.values().entrySet()) {
      sb.append(',');
      appendString(sb, e.getKey());
      sb.append(':');
      double v = e.getValue();
      if (Double.isFinite(v)) {
        sb.append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
      } else {
        sb.append("null");
      }
    }
    sb.append("}\n");
    try {
      out.write(sb.toString());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write metrics of step " + metrics.step(), e);
    }
  }

  static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
