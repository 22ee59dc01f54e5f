package dev.align4j.testkit;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * An slf4j logger for tests that keeps every line it lets through in memory, as
 * {@code "LEVEL logger | formatted message"} followed by {@code " | " + throwable} for the throwable and each of its
 * causes, so that a test can count lines per level ({@link #count}) and check that nothing secret was logged.
 *
 * <p>Pass one to code that takes a logger ({@code new CapturingLogger()} lets every level through), or make it the
 * whole test run's slf4j provider with the system property {@code slf4j.provider} set to
 * {@code dev.align4j.testkit.CapturingLogger$Provider} (every logger then lets WARN and ERROR through into the shared
 * {@link Provider#LINES}).
 */
public final class CapturingLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  /** The lines logged so far, oldest first; safe to read while other threads log. */
  public final List<String> lines;

  private final Level threshold;

  /** A logger named {@code "capture"} that lets every level through, with its own {@link #lines}. */
  public CapturingLogger() {
    this("capture", Level.TRACE, new CopyOnWriteArrayList<>());
  }

  /**
   * A logger named {@code name} that keeps the lines at {@code threshold} or more severe in {@code lines} (which may
   * be shared by several loggers; it must be safe for concurrent appends).
   */
  public CapturingLogger(String name, Level threshold, List<String> lines) {
    this.name = Objects.requireNonNull(name, "name must not be null");
    this.threshold = Objects.requireNonNull(threshold, "threshold must not be null");
    this.lines = Objects.requireNonNull(lines, "lines must not be null");
  }

  /** The number of lines at {@code level} that contain {@code fragment}. */
  public long count(Level level, String fragment) {
    String prefix = level + " ";
    return lines.stream().filter(l -> l.startsWith(prefix) && l.contains(fragment)).count();
  }

  private boolean lets(Level level) {
    // slf4j numbers levels from TRACE (0) up to ERROR (40)
    return level.toInt() >= threshold.toInt();
  }

  @Override
  public boolean isTraceEnabled() {
    return lets(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return lets(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return lets(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return lets(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return lets(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
    StringBuilder sb =
        new StringBuilder()
            .append(level)
            .append(' ')
            .append(name)
            .append(" | ")
            .append(MessageFormatter.basicArrayFormat(messagePattern, arguments));
    for (Throwable t = throwable; t != null; t = t.getCause()) {
      sb.append(" | ").append(t);
    }
    lines.add(sb.toString());
  }

  /**
   * An slf4j provider (select it with the system property {@code slf4j.provider}) whose loggers are
   * {@link CapturingLogger}s letting WARN and ERROR through into the one shared {@link #LINES}.
   */
  public static final class Provider implements SLF4JServiceProvider {
    /** The WARN and ERROR lines of every logger of this provider, oldest first. */
    public static final List<String> LINES = new CopyOnWriteArrayList<>();

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final ILoggerFactory loggers = name -> new CapturingLogger(name, Level.WARN, LINES);

    /** The provider slf4j instantiates by name. */
    public Provider() {}

    @Override
    public ILoggerFactory getLoggerFactory() {
      return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
      return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
      return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
      return "2.0.99";
    }

    @Override
    public void initialize() {}
  }
}
