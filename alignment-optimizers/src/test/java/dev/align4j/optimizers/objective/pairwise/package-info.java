/** Tests of the pairwise objectives against reference values, TRL vectors, finite differences and the registry. */
@NullMarked
package dev.align4j.optimizers.objective.pairwise;

import org.jspecify.annotations.NullMarked;
