/** Tests of the advantage estimators. */
@NullMarked
package dev.align4j.optimizers.advantage;

import org.jspecify.annotations.NullMarked;
