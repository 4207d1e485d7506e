package io.bluegreen.autoconfigure;

import io.bluegreen.actuate.health.FleetHealthIndicator;
import io.bluegreen.actuate.health.LifecycleHealthIndicator;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.PeriodicJob;
import io.bluegreen.lifecycle.LifecycleService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code bluegreen} health contributor.
 *
 * @author bluegreen
 */
@AutoConfiguration(after = { BlueGreenAutoConfiguration.class, BlueGreenFleetAutoConfiguration.class })
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(LifecycleService.class)
public final class BlueGreenHealthAutoConfiguration {

	@Bean
	@ConditionalOnEnabledHealthIndicator("bluegreen")
	@ConditionalOnMissingBean(name = "bluegreenHealthIndicator")
	LifecycleHealthIndicator bluegreenHealthIndicator(LifecycleService lifecycleService) {
		return new LifecycleHealthIndicator(lifecycleService);
	}

	@Bean
	@ConditionalOnBean(FleetService.class)
	@ConditionalOnEnabledHealthIndicator("bluegreen-fleet")
	@ConditionalOnMissingBean(name = "bluegreenFleetHealthIndicator")
	FleetHealthIndicator bluegreenFleetHealthIndicator(FleetService fleetService,
			ObjectProvider<PeriodicJob> jobs) {
		return new FleetHealthIndicator(fleetService, jobs.orderedStream().toList());
	}

}
