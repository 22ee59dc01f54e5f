/**
 * A self-contained HTML report writer for the proof-of-concept run: one XHTML-compatible file with inline CSS and
 * inline SVG charts (no scripts, external fonts or images), in English or Japanese from resource bundles. Input is
 * plain records ({@link dev.align4j.examples.poc.report.Report} and its sections), not the run's own types.
 */
@NullMarked
package dev.align4j.examples.poc.report;

import org.jspecify.annotations.NullMarked;
