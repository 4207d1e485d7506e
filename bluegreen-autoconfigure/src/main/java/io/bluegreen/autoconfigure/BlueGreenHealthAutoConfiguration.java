package io.bluegreen.autoconfigure;

import io.bluegreen.actuate.health.FleetHealthIndicator;
import io.bluegreen.actuate.health.LifecycleHealthIndicator;
import io.bluegreen.actuate.health.ReadinessGroupMembership;
import io.bluegreen.actuate.health.SwitchReadinessHealthIndicator;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.fleet.PeriodicJob;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.readiness.SwitchReadiness;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@code bluegreen} health contributors: the lifecycle state,
 * and readiness to switch as a member of the {@code readiness} group.
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
	FleetHealthIndicator bluegreenFleetHealthIndicator(FleetService fleetService, ObjectProvider<PeriodicJob> jobs) {
		return new FleetHealthIndicator(fleetService, jobs.orderedStream().toList());
	}

	/**
	 * Readiness to switch, in the readiness group.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(SwitchReadiness.class)
	@ConditionalOnEnabledHealthIndicator("bluegreen-readiness")
	static class ReadinessConfiguration {

		/**
		 * The contributor's name, from its bean's name.
		 */
		private static final String CONTRIBUTOR = "bluegreenReadiness";

		@Bean
		@ConditionalOnMissingBean(name = "bluegreenReadinessHealthIndicator")
		SwitchReadinessHealthIndicator bluegreenReadinessHealthIndicator(SwitchReadiness readiness) {
			return new SwitchReadinessHealthIndicator(readiness);
		}

		@Bean
		@ConditionalOnMissingBean
		static ReadinessGroupMembership bluegreenReadinessGroupMembership(Environment environment) {
			// Spring Boot's probes create the readiness group unless they are disabled
			boolean probes = environment.getProperty("management.endpoint.health.probes.enabled", Boolean.class, true);
			return new ReadinessGroupMembership(CONTRIBUTOR, probes);
		}

	}

}
