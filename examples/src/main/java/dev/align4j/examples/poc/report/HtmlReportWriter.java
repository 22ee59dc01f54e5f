package dev.align4j.examples.poc.report;

import static dev.align4j.examples.poc.report.Markup.escape;
import static dev.align4j.examples.poc.report.Markup.number;

import dev.align4j.examples.poc.Arguments;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link Report} as one self-contained HTML file: XHTML-compatible markup (it parses as XML), inline CSS,
 * inline SVG charts, no scripts and no external references (no fonts, images or style sheets). Labels come from the
 * {@link ReportMessages} bundle of the chosen language; every text is escaped.
 */
public final class HtmlReportWriter {

  private static final String CSS =
      """
      body{font-family:system-ui,'Hiragino Sans','Noto Sans CJK JP','Yu Gothic',sans-serif;margin:2rem auto;\
      max-width:800px;color:#222;line-height:1.5}
      h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:1px solid #ccc;margin-top:2rem}
      table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;\
      text-align:left;vertical-align:top}
      td.value{font-variant-numeric:tabular-nums;font-weight:600;white-space:nowrap}
      svg.chart{width:100%;height:auto;font-size:11px}
      .grid{stroke:#eee}.axis{stroke:#888}.interval{stroke:#222;stroke-width:1.5}
      .reference{stroke:#444;stroke-dasharray:4 3}.series{stroke-width:2}.series.joined{stroke-width:1.5;opacity:.7}
      .series.stand-in{stroke-dasharray:6 4}.leader{stroke:#999;stroke-width:.8}
      .stand-in-badge{display:inline-block;margin-left:.4rem;padding:0 .3rem;border:1px dashed #9a6a00;\
      border-radius:3px;color:#9a6a00;font-size:.75rem;font-weight:400;vertical-align:middle}
      p.caption{color:#444;font-size:.9rem;margin:.3rem 0 0}
      .legend span{display:inline-block;margin-right:1rem}.swatch{display:inline-block;width:.8rem;height:.8rem;\
      margin-right:.3rem;vertical-align:middle}
      .outcome-ADVANCE{color:#007a5a}.outcome-HOLD{color:#9a6a00}.outcome-ROLLBACK{color:#b84700;font-weight:600}
      footer{margin-top:2rem;color:#666;font-size:.85rem}
      """;

  /** A writer. */
  public HtmlReportWriter() {}

  /** Renders {@code report} in {@code locale}'s language (English when the bundle has no such language). */
  public String render(Report report, Locale locale) {
    Arguments.nonNull("report", report);
    ReportMessages messages = ReportMessages.forLocale(locale);
    SvgCharts charts = new SvgCharts(messages);
    StringBuilder out = new StringBuilder(32_768);
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n")
        .append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"")
        .append(messages.languageTag())
        .append("\" xml:lang=\"")
        .append(messages.languageTag())
        .append("\">\n<head>\n<meta charset=\"UTF-8\"/>\n")
        .append(
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>")
        .append(escape(messages.resolve(report.title())))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(escape(messages.resolve(report.title())))
        .append("</h1>\n<p class=\"summary\">")
        .append(escape(messages.resolve(report.summary())))
        .append("</p>\n");
    for (Section section : report.sections()) {
      out.append("<section class=\"")
          .append(kind(section))
          .append("\">\n<h2>")
          .append(escape(messages.resolve(section.title())))
          .append("</h2>\n");
      if (section instanceof Section.KpiTable t) {
        kpis(out, t, messages);
      } else if (section instanceof Section.LineChart c) {
        out.append(charts.line(c)).append('\n');
        legend(
            out,
            c.series().stream()
                .map(
                    s ->
                        messages.resolve(s.name())
                            + (s.rightAxis() ? " " + messages.get("legend.rightAxis") : ""))
                .toList(),
            c.series().stream().map(Section.Series::standIn).toList(),
            messages);
      } else if (section instanceof Section.ScatterChart c) {
        out.append(charts.scatter(c)).append('\n');
        if (!c.groups().isEmpty()) {
          legend(
              out,
              c.groups().stream().map(messages::resolve).toList(),
              c.groups().stream().map(g -> false).toList(),
              messages);
        }
      } else if (section instanceof Section.IntervalBars c) {
        out.append(charts.bars(c)).append('\n');
        intervals(out, c, messages);
      } else {
        Section.StageTimeline c = (Section.StageTimeline) section;
        out.append(charts.timeline(c)).append('\n');
        decisions(out, c, messages);
      }
      String caption = messages.resolve(section.caption());
      if (!caption.isEmpty()) {
        out.append("<p class=\"caption\">").append(escape(caption)).append("</p>\n");
      }
      out.append("</section>\n");
    }
    out.append("<footer>")
        .append(escape(messages.get("footer")))
        .append("</footer>\n</body>\n</html>\n");
    return out.toString();
  }

  /**
   * Writes the report to {@code file} (UTF-8) through a temporary file in the same directory that is moved into
   * place, so that a reader never sees half a report; an I/O error is thrown with its cause.
   */
  public void write(Report report, Locale locale, Path file) throws IOException {
    Arguments.nonNull("file", file);
    String html = render(report, locale);
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, absolute.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, html, StandardCharsets.UTF_8);
      Files.move(
          tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static String kind(Section section) {
    if (section instanceof Section.KpiTable) {
      return "kpis";
    } else if (section instanceof Section.LineChart) {
      return "line-chart";
    } else if (section instanceof Section.ScatterChart) {
      return "scatter-chart";
    } else if (section instanceof Section.IntervalBars) {
      return "interval-bars";
    }
    return "stage-timeline";
  }

  private static void kpis(StringBuilder out, Section.KpiTable table, ReportMessages messages) {
    out.append("<table>\n<thead><tr><th>")
        .append(escape(messages.get("kpi.metric")))
        .append("</th><th>")
        .append(escape(messages.get("kpi.value")))
        .append("</th><th>")
        .append(escape(messages.get("kpi.note")))
        .append("</th></tr></thead>\n<tbody>\n");
    for (Section.Kpi kpi : table.rows()) {
      out.append("<tr><td>")
          .append(escape(messages.resolve(kpi.name())))
          .append("</td><td class=\"value\">")
          .append(escape(kpi.value()));
      if (kpi.standIn()) {
        badge(out, messages);
      }
      out.append("</td><td>").append(escape(messages.resolve(kpi.note()))).append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n");
  }

  private static void legend(
      StringBuilder out, List<String> names, List<Boolean> standIns, ReportMessages messages) {
    out.append("<p class=\"legend\">");
    for (int i = 0; i < names.size(); i++) {
      out.append("<span><span class=\"swatch\" style=\"background:")
          .append(SvgCharts.colour(i))
          .append("\"></span>")
          .append(escape(names.get(i)));
      if (standIns.get(i)) {
        badge(out, messages);
      }
      out.append("</span>");
    }
    out.append("</p>\n");
  }

  /** The "stand-in" badge after a value or a legend entry that is an assumption or a proxy, not a measurement. */
  private static void badge(StringBuilder out, ReportMessages messages) {
    out.append("<span class=\"stand-in-badge\">")
        .append(escape(messages.get("badge.standIn")))
        .append("</span>");
  }

  private static void intervals(
      StringBuilder out, Section.IntervalBars chart, ReportMessages messages) {
    out.append("<table>\n<thead><tr><th></th><th>")
        .append(escape(messages.get("bars.estimate")))
        .append("</th><th>")
        .append(escape(messages.get("bars.interval")))
        .append("</th></tr></thead>\n<tbody>\n");
    boolean numbered = SvgCharts.numbersBars(chart, messages);
    for (int i = 0; i < chart.bars().size(); i++) {
      Section.IntervalBar bar = chart.bars().get(i);
      out.append("<tr><td>")
          .append(numbered ? (i + 1) + ". " : "")
          .append(escape(messages.resolve(bar.label())))
          .append("</td><td class=\"value\">")
          .append(number(bar.value()))
          .append("</td><td>[")
          .append(number(bar.lower()))
          .append(", ")
          .append(number(bar.upper()))
          .append("]</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n");
  }

  private static void decisions(
      StringBuilder out, Section.StageTimeline chart, ReportMessages messages) {
    out.append("<table>\n<thead><tr><th>")
        .append(escape(messages.get("gate.time")))
        .append("</th><th>")
        .append(escape(messages.get("gate.candidate")))
        .append("</th><th>")
        .append(escape(messages.get("gate.stage")))
        .append("</th><th>")
        .append(escape(messages.get("gate.decision")))
        .append("</th><th>")
        .append(escape(messages.get("gate.reason")))
        .append("</th></tr></thead>\n<tbody>\n");
    List<Section.StageEvent> events =
        chart.events().stream().sorted(Comparator.comparing(Section.StageEvent::at)).toList();
    for (Section.StageEvent e : events) {
      out.append("<tr><td class=\"value\">")
          .append(number(Math.round(SvgCharts.hours(e.at()) * 10) / 10.0))
          .append("</td><td>")
          .append(escape(e.candidate()))
          .append("</td><td>")
          .append(escape(e.stage()))
          .append("</td><td class=\"outcome-")
          .append(e.outcome().name())
          .append("\">")
          .append(escape(e.decision()))
          .append("</td><td>")
          .append(escape(messages.resolve(e.reason())))
          .append("</td></tr>\n");
    }
    out.append("</tbody>\n</table>\n");
  }
}
