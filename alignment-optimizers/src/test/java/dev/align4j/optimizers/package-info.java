/** Shared test helpers of the optimizers module (comparison against independent reference values). */
@NullMarked
package dev.align4j.optimizers;

import org.jspecify.annotations.NullMarked;
