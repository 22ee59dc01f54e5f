/** Feedback events (label submitted, item completed, routed to human, agreement dropped) and their listener. */
@NullMarked
package dev.align4j.feedback.event;

import org.jspecify.annotations.NullMarked;
