/** Tests of the listwise objectives (Plackett–Luce DPO, LiPO-λ, PRO, RRHF). */
@NullMarked
package dev.align4j.optimizers.objective.listwise;

import org.jspecify.annotations.NullMarked;
