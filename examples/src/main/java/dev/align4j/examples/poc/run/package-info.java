/**
 * The proof of concept's run: {@code ProofOfConcept} (the main class the README's first command starts) takes the
 * scenario through every step of the workflow, prints a console summary with a progress bar for every long step, and
 * writes the HTML report in English and Japanese; the wall time and peak heap are printed at the end.
 */
@NullMarked
package dev.align4j.examples.poc.run;

import org.jspecify.annotations.NullMarked;
