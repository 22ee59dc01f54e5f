/**
 * Inter-annotator agreement (Cohen's κ, weighted κ, Fleiss' κ, Krippendorff's α) with bootstrap intervals, judge
 * position- and length-bias reports, and the length-controlled win rate.
 */
@NullMarked
package dev.align4j.feedback.agreement;

import org.jspecify.annotations.NullMarked;
