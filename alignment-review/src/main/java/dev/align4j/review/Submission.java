package dev.align4j.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.label.Feedback;
import java.time.Instant;
import java.util.List;

/**
 * One reviewer's durable answer to one task (or gold item).
 *
 * @param receipt the journal's sequence number, echoed in the acknowledgement
 * @param taskId the task
 * @param reviewer the reviewer's name
 * @param label the label the answer became
 * @param order the candidate order shown
 * @param aiSuggestionShown whether the AI suggestion was shown
 * @param canonical what makes two submissions the same answer (see {@link Answer#canonical})
 * @param at when it was stored
 * @param gold whether the task was a gold item
 * @param goldCorrect for a gold item, whether the answer matched the expected label
 */
record Submission(
    long receipt,
    String taskId,
    String reviewer,
    Feedback label,
    List<Integer> order,
    boolean aiSuggestionShown,
    JsonNode canonical,
    Instant at,
    boolean gold,
    boolean goldCorrect) {}
