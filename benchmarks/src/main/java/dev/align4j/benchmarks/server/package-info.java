/** Load benchmark of the reward server (alignment-rewards): HTTP scoring against the model's in-process calls. */
@NullMarked
package dev.align4j.benchmarks.server;

import org.jspecify.annotations.NullMarked;
