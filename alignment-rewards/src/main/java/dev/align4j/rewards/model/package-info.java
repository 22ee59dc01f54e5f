/**
 * Learned reward models over features: a {@link dev.align4j.rewards.model.RewardHead} (linear or a small MLP) on top of
 * a {@link dev.align4j.rewards.feature.Featurizer}, together a {@link dev.align4j.rewards.model.FeatureRewardModel}.
 */
@NullMarked
package dev.align4j.rewards.model;

import org.jspecify.annotations.NullMarked;
