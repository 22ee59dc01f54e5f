/**
 * Implicit rewards of a policy against its reference, {@code β·log π/π_ref}, at response and token level.
 */
@NullMarked
package dev.align4j.rewards.implicit;

import org.jspecify.annotations.NullMarked;
