/**
 * Listwise preference objectives over ranked or scored candidate lists (Plackett–Luce DPO, LiPO-λ, PRO, RRHF).
 */
@NullMarked
package dev.align4j.optimizers.objective.listwise;

import org.jspecify.annotations.NullMarked;
