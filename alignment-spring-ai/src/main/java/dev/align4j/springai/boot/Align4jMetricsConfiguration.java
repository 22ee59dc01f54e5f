package dev.align4j.springai.boot;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Part of {@link Align4jAutoConfiguration}, active when Micrometer is on the class path: {@link MicrometerMetrics} on
 * the application's {@link MeterRegistry} (looked up when first needed, so it works whichever auto-configuration
 * creates the registry, and records nothing while there is none).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
public class Align4jMetricsConfiguration {

  /** Creates the configuration (Spring calls this). */
  public Align4jMetricsConfiguration() {}

  /** {@code align4jMetrics}: the Micrometer meters of the module README. */
  @Bean
  @ConditionalOnMissingBean(Align4jMetrics.class)
  public MicrometerMetrics align4jMetrics(ObjectProvider<MeterRegistry> registry) {
    return new MicrometerMetrics(registry::getIfUnique);
  }
}
