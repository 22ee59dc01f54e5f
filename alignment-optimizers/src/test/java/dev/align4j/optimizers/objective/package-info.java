/** Tests of the objectives' shared contract (batches, registry, TRL config porting) and the shared test data. */
@NullMarked
package dev.align4j.optimizers.objective;

import org.jspecify.annotations.NullMarked;
