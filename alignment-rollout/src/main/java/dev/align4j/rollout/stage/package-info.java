/** The stage plan: OFFLINE_EVAL, SHADOW, CANARY steps and FULL, with per-stage duration and sample limits. */
@NullMarked
package dev.align4j.rollout.stage;

import org.jspecify.annotations.NullMarked;
