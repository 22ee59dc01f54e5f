/**
 * Persistence of trained reward models: a versioned, checksummed binary format that refuses corrupt files clearly.
 */
@NullMarked
package dev.align4j.rewards.io;

import org.jspecify.annotations.NullMarked;
