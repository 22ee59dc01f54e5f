/**
 * Judge calibration against human labels and re-alignment from them: accuracy and Cohen's κ with intervals, the
 * position-flip rate, the length-bias report, a reliability curve of the judge's confidence with its expected
 * calibration error, the undecided band inside which the judge abstains (the hybrid router sends those items to a
 * person), the calibration's health signal for the rollout gate, and few-shot examples and guideline clarifications
 * chosen from the items where judge and people disagree. See the module README.
 */
@NullMarked
package dev.align4j.feedback.calibration;

import org.jspecify.annotations.NullMarked;
