/**
 * The review server: {@link dev.align4j.review.ReviewServer} (the JDK HTTP transport and the durable
 * {@code HumanReviewQueue}), {@link dev.align4j.review.ReviewApi} (transport-independent request handling over
 * {@link dev.align4j.review.ApiRequest} and {@link dev.align4j.review.ApiResponse}), reviewer accounts and the rubric.
 */
@NullMarked
package dev.align4j.review;

import org.jspecify.annotations.NullMarked;
