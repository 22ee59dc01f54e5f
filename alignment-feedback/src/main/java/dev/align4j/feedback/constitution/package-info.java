/**
 * Constitutional AI (Bai et al. 2022, arXiv 2212.08073): versioned principles, per-comparison principle sampling, and
 * the supervised critique → revision loop.
 */
@NullMarked
package dev.align4j.feedback.constitution;

import org.jspecify.annotations.NullMarked;
