package dev.align4j.springai.boot;

import dev.align4j.feedback.judge.LlmJudge;
import dev.align4j.feedback.route.HybridRouter;
import dev.align4j.feedback.store.FeedbackStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Part of {@link Align4jAutoConfiguration}, active when Spring Boot Actuator is on the class path: the {@code align4j}
 * endpoint. Whether it is reachable over HTTP is the Actuator's exposure setting
 * ({@code management.endpoints.web.exposure.include}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
public class Align4jEndpointConfiguration {

  /** Creates the configuration (Spring calls this). */
  public Align4jEndpointConfiguration() {}

  /** {@code align4jEndpoint}: the {@code align4j} Actuator endpoint. */
  @Bean
  @ConditionalOnMissingBean(Align4jEndpoint.class)
  public Align4jEndpoint align4jEndpoint(
      ObjectProvider<GateMonitor> gate,
      ObjectProvider<HybridRouter> router,
      ObjectProvider<RouterObserver> routerObserver,
      ObjectProvider<FeedbackStore> store,
      ObjectProvider<LlmJudge> judge) {
    return new Align4jEndpoint(gate, router, routerObserver, store, judge);
  }
}
