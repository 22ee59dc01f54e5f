/**
 * The training kit every trainable model in align4j shares.
 *
 * <ul>
 *   <li>{@link dev.align4j.core.train.AdamW} — Adam with decoupled weight decay (Loshchilov and Hutter 2019) and
 *       global-norm gradient clipping, all-or-nothing: a non-finite gradient changes nothing; its
 *       {@link dev.align4j.core.train.AdamW.FloatUpdate} is the same update for {@code float} parameters whose moments
 *       the model keeps (the transformer, the reward trainer);
 *   <li>{@link dev.align4j.core.train.GradientClipping} — the global L2 norm and PyTorch's clipping factor;
 *   <li>{@link dev.align4j.core.train.LearningRateSchedule} — constant, linear and cosine schedules with linear
 *       warm-up (the Hugging Face {@code transformers} schedules);
 *   <li>{@link dev.align4j.core.train.Checkpointable} — a policy or model that saves and restores its full training
 *       state, so that an optimiser can resume a run exactly.
 * </ul>
 */
@NullMarked
package dev.align4j.core.train;

import org.jspecify.annotations.NullMarked;
