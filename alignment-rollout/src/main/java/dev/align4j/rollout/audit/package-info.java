/** Hash-chained JSONL audit log of decision records, tamper detection and replay. */
@NullMarked
package dev.align4j.rollout.audit;

import org.jspecify.annotations.NullMarked;
