/** Shadow comparison of mirrored requests: judge both orders, send uncertain pairs to human review. */
@NullMarked
package dev.align4j.rollout.shadow;

import org.jspecify.annotations.NullMarked;
