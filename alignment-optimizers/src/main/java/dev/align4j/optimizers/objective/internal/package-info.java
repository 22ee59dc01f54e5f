/**
 * The hot loops behind the objectives (scalar and Vector API kernels, their loader) and small shared helpers. Not
 * exported: the types are public only so that the family packages of this module can call them.
 */
@NullMarked
package dev.align4j.optimizers.objective.internal;

import org.jspecify.annotations.NullMarked;
