package dev.align4j.feedback.store;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child JVM for the locking tests: tries to open the store named by its argument and prints one line, {@code OPENED}
 * (then closes it at once), {@code LOCKED <message>} for the store's "locked" refusal, or {@code ERROR <exception>}.
 */
public final class StoreOpenChild {
  private StoreOpenChild() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    try (FeedbackStore store = FeedbackStore.open(Path.of(args[0]))) {
      out.println("OPENED " + store.size());
    } catch (IllegalStateException e) {
      out.println((e.getMessage() != null && e.getMessage().contains("locked") ? "LOCKED " : "ERROR ") + e);
    } catch (RuntimeException e) {
      out.println("ERROR " + e);
    }
  }
}
