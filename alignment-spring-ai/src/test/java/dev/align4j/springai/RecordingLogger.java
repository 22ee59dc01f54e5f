package dev.align4j.springai;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An slf4j logger keeping every line as {@code "LEVEL message"}, all levels enabled. */
public final class RecordingLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;
  public final List<String> lines = new CopyOnWriteArrayList<>();

  public RecordingLogger() {
    this.name = "recording";
  }

  public long count(Level level, String fragment) {
    return lines.stream().filter(l -> l.startsWith(level + " ") && l.contains(fragment)).count();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] args, Throwable throwable) {
    lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, args));
  }

  @Override
  public boolean isTraceEnabled() {
    return true;
  }

  @Override
  public boolean isDebugEnabled() {
    return true;
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }
}
