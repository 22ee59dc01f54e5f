package dev.align4j.feedback.export;

/**
 * What an export wrote and what it left out, so nothing is dropped silently.
 *
 * @param written rows written
 * @param pairsFromRankings of those, pairs expanded from rankings
 * @param skippedTies ties and both-bad comparisons (no chosen/rejected; not representable in paired formats)
 * @param skippedOtherKinds labels of a kind the target format cannot hold (ratings; binary labels in paired formats;
 *     pairwise and ranking labels in the unpaired format)
 */
public record ExportSummary(long written, long pairsFromRankings, long skippedTies, long skippedOtherKinds) {}
