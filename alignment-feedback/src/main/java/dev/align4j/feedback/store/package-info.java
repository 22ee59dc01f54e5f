/**
 * Durable, append-only JSONL feedback store with an fsync policy, idempotent by request id, crash-safe on reopen; and
 * the JSON codec of feedback records.
 */
@NullMarked
package dev.align4j.feedback.store;

import org.jspecify.annotations.NullMarked;
