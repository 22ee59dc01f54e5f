/**
 * Unpaired preference objectives (KTO, BCO, NPO), which score single completions labelled desirable or undesirable.
 */
@NullMarked
package dev.align4j.optimizers.objective.unpaired;

import org.jspecify.annotations.NullMarked;
