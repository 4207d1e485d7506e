package io.bluegreen.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import io.bluegreen.fleet.FleetService;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.metrics.FleetMetrics;
import io.bluegreen.metrics.LifecycleMetrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the lifecycle metrics.
 *
 * @author bluegreen
 */
@AutoConfiguration(after = { BlueGreenAutoConfiguration.class, BlueGreenFleetAutoConfiguration.class,
		MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, MetricsAutoConfiguration.class })
@ConditionalOnBean({ MeterRegistry.class, LifecycleService.class })
@ConditionalOnBooleanProperty(name = "bluegreen.metrics.enabled", matchIfMissing = true)
public final class BlueGreenMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LifecycleMetrics bluegreenLifecycleMetrics(LifecycleService lifecycleService) {
		return new LifecycleMetrics(lifecycleService);
	}

	@Bean
	@ConditionalOnBean(FleetService.class)
	@ConditionalOnMissingBean
	FleetMetrics bluegreenFleetMetrics(FleetService fleetService) {
		return new FleetMetrics(fleetService);
	}

}
