/** Tests of the unpaired objectives (KTO, BCO, NPO). */
@NullMarked
package dev.align4j.optimizers.objective.unpaired;

import org.jspecify.annotations.NullMarked;
