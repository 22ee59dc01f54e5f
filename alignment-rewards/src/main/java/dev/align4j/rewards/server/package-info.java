/**
 * An HTTP reward server: any {@link dev.align4j.core.RewardModel} served on the JDK's {@code com.sun.net.httpserver}
 * in OpenRLHF's remote reward-model protocol ({@code POST /get_reward}) and in align4j's own JSON shape
 * ({@code POST /v1/score}), with micro-batching, back-pressure, body limits, optional bearer-token auth, health and
 * metrics endpoints, graceful shutdown, and a {@code main} that serves a saved model file. See the module README.
 */
@NullMarked
package dev.align4j.rewards.server;

import org.jspecify.annotations.NullMarked;
