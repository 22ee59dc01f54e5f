/** Tests of the KL estimators, reward shaping and controllers. */
@NullMarked
package dev.align4j.optimizers.kl;

import org.jspecify.annotations.NullMarked;
