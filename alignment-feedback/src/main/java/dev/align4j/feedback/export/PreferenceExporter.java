package dev.align4j.feedback.export;

import dev.align4j.core.check.Require;
import dev.align4j.core.data.DataFormat;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.data.PreferenceJsonlWriter;
import dev.align4j.core.data.UnpairedExample;
import dev.align4j.core.data.UnpairedJsonlWriter;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.feedback.store.StoredFeedback;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports labels to the JSONL training formats of {@code dev.align4j.core.data}: TRL preference, OpenAI DPO,
 * Anthropic HH-RLHF (paired) and TRL unpaired (binary labels, for KTO/BCO).
 *
 * <ul>
 *   <li>Decisive pairwise comparisons become one row (chosen = winner). Ties and both-bad have no chosen completion
 *       and are skipped and counted.
 *   <li>A ranking of k becomes its k(k−1)/2 pairs, all carrying the same {@code group_id}, so that a trainer can
 *       keep the pairs of one prompt in one batch (InstructGPT, Ouyang et al. 2022).
 *   <li>Provenance is kept where the format allows: TRL keeps extra top-level keys as columns, so TRL rows carry
 *       {@code request_id}, {@code group_id}, {@code annotator}, {@code annotator_kind}, {@code annotator_version},
 *       {@code principle_id}, {@code presentation}, {@code soft_label} (p(chosen ≻ rejected)) and {@code margin}
 *       (the strength, TRL's {@code RewardTrainer} margin column). The OpenAI DPO and HH-RLHF schemas have no place for
 *       them, so those rows hold the format's fields only — unless {@link #withProvenance(boolean)} forces them.
 * </ul>
 */
public final class PreferenceExporter {
  private final boolean provenanceOverride;
  private final boolean forceProvenance;

  private PreferenceExporter(boolean override, boolean force) {
    this.provenanceOverride = override;
    this.forceProvenance = force;
  }

  /** Provenance columns where the format allows them (TRL only). */
  public static PreferenceExporter standard() {
    return new PreferenceExporter(false, false);
  }

  /** Provenance columns in every format ({@code true}) or in none ({@code false}). */
  public PreferenceExporter withProvenance(boolean include) {
    return new PreferenceExporter(true, include);
  }

  /** Exports stored records (their request ids become {@code request_id} / {@code group_id}). */
  public ExportSummary exportStored(List<StoredFeedback> records, Path file, DataFormat format) {
    Require.nonNull("records", records);
    Map<String, Feedback> m = new LinkedHashMap<>();
    int i = 0;
    for (StoredFeedback s : records) {
      m.put(s.requestId() + (m.containsKey(s.requestId()) ? "#" + (i++) : ""), s.feedback());
    }
    return export(m, file, format);
  }

  /** Exports labels keyed by request id, in map order. */
  public ExportSummary export(Map<String, ? extends Feedback> labels, Path file, DataFormat format) {
    Require.nonNull("labels", labels);
    Require.nonNull("file", file);
    Require.nonNull("format", format);
    if (format == DataFormat.TRL_UNPAIRED) {
      return exportUnpaired(labels, file);
    }
    boolean extras = provenanceOverride ? forceProvenance : format == DataFormat.TRL_PREFERENCE;
    long written = 0;
    long fromRankings = 0;
    long ties = 0;
    long other = 0;
    try (PreferenceJsonlWriter w = PreferenceJsonlWriter.open(file, format)) {
      for (Map.Entry<String, ? extends Feedback> e : labels.entrySet()) {
        Feedback f = e.getValue();
        if (f instanceof PairwiseComparison) {
          PairwiseComparison p = (PairwiseComparison) f;
          if (!p.isDecisive()) {
            ties++;
            continue;
          }
          PreferenceExample ex = PreferenceExample.from(p);
          if (extras) {
            Map<String, Object> x = provenanceFields(e.getKey(), e.getKey(), p.provenance());
            x.put("presentation", p.presentation().name());
            if (p.probabilityA() != null) {
              x.put("soft_label", p.outcome() == Outcome.A ? p.probabilityA()
                  : 1 - p.probabilityA());
            }
            if (p.strength() != null) {
              x.put("margin", p.strength());
            }
            w.write(ex, x);
          } else {
            w.write(ex);
          }
          written++;
        } else if (f instanceof Ranking) {
          Ranking r = (Ranking) f;
          List<Integer> order = r.order();
          for (int i = 0; i < order.size(); i++) {
            for (int j = i + 1; j < order.size(); j++) {
              PreferenceExample ex = new PreferenceExample(r.prompt(), r.candidates().get(order.get(i)),
                  r.candidates().get(order.get(j)));
              if (extras) {
                Map<String, Object> x =
                    provenanceFields(e.getKey() + "/" + order.get(i) + ">" + order.get(j), e.getKey(), r.provenance());
                x.put("margin", (double) (j - i));
                w.write(ex, x);
              } else {
                w.write(ex);
              }
              written++;
              fromRankings++;
            }
          }
        } else {
          other++;
        }
      }
    }
    return new ExportSummary(written, fromRankings, ties, other);
  }

  private ExportSummary exportUnpaired(Map<String, ? extends Feedback> labels, Path file) {
    long written = 0;
    long other = 0;
    try (UnpairedJsonlWriter w = UnpairedJsonlWriter.open(file)) {
      for (Feedback f : labels.values()) {
        if (f instanceof BinaryLabel) {
          w.write(UnpairedExample.from((BinaryLabel) f));
          written++;
        } else {
          other++;
        }
      }
    }
    return new ExportSummary(written, 0, 0, other);
  }

  private static Map<String, Object> provenanceFields(String requestId, String groupId, Provenance p) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("request_id", requestId);
    x.put("group_id", groupId);
    x.put("annotator", p.sourceId());
    x.put("annotator_kind", p.kind().name());
    if (p.version() != null) {
      x.put("annotator_version", p.version());
    }
    if (p.principleId() != null) {
      x.put("principle_id", p.principleId());
    }
    return x;
  }
}
