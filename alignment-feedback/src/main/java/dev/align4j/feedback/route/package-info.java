/**
 * Hybrid human/AI routing: {@link dev.align4j.feedback.route.HybridRouter} decides per request AI-only, human or both
 * from order consistency, confidence and measured judge–human agreement; the
 * {@link dev.align4j.feedback.route.HumanReviewQueue} SPI with in-memory and file-backed queues.
 */
@NullMarked
package dev.align4j.feedback.route;

import org.jspecify.annotations.NullMarked;
