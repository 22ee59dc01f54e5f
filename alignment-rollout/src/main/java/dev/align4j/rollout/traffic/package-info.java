/** Traffic actuation SPI (set weight, mirror, roll back) and an in-memory implementation. */
@NullMarked
package dev.align4j.rollout.traffic;

import org.jspecify.annotations.NullMarked;
