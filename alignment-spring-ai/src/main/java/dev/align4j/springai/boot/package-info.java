/**
 * The Spring Boot starter: {@link dev.align4j.springai.boot.Align4jAutoConfiguration} creates, from the
 * {@code align4j.*} properties ({@link dev.align4j.springai.boot.Align4jProperties}), the judge on the application's
 * Spring AI {@code ChatModel}, the durable feedback store, the hybrid router and a rollout gate;
 * {@link dev.align4j.springai.boot.Align4jEndpoint} is the {@code align4j} Actuator endpoint and
 * {@link dev.align4j.springai.boot.Align4jMetrics} the Micrometer meters. See the module README.
 */
@NullMarked
package dev.align4j.springai.boot;

import org.jspecify.annotations.NullMarked;
