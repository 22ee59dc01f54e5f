package dev.align4j.examples.poc.report;

import dev.align4j.examples.poc.Arguments;
import java.util.List;

/**
 * The whole report: a title, a one-paragraph summary and its sections in display order.
 *
 * @param title the document's title and first heading
 * @param summary a short paragraph under the title
 * @param sections the blocks, at least one
 */
public record Report(Text title, Text summary, List<Section> sections) {
  /** Checks and copies the sections. */
  public Report {
    Arguments.nonNull("title", title);
    Arguments.nonNull("summary", summary);
    sections = List.copyOf(Arguments.nonEmpty("sections", sections));
  }
}
