package io.bluegreen.autoconfigure;

import io.bluegreen.actuate.endpoint.BlueGreenEndpoint;
import io.bluegreen.actuate.endpoint.BlueGreenEndpointRuntimeHints;
import io.bluegreen.actuate.endpoint.BlueGreenEndpointWebExtension;
import io.bluegreen.fleet.FleetService;
import io.bluegreen.lifecycle.LifecycleService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * Auto-configuration of the {@code bluegreen} actuator endpoint, and of its web extension
 * when it is exposed over HTTP.
 *
 * @author bluegreen
 */
@AutoConfiguration(after = { BlueGreenAutoConfiguration.class, BlueGreenFleetAutoConfiguration.class })
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(LifecycleService.class)
@ImportRuntimeHints(BlueGreenEndpointRuntimeHints.class)
public final class BlueGreenEndpointAutoConfiguration {

	@Bean
	@ConditionalOnAvailableEndpoint(BlueGreenEndpoint.class)
	@ConditionalOnMissingBean
	BlueGreenEndpoint blueGreenEndpoint(LifecycleService lifecycleService, ObjectProvider<FleetService> fleetService) {
		return new BlueGreenEndpoint(lifecycleService, fleetService.getIfAvailable());
	}

	@Bean
	@ConditionalOnBean(BlueGreenEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	@ConditionalOnMissingBean
	BlueGreenEndpointWebExtension blueGreenEndpointWebExtension(BlueGreenEndpoint blueGreenEndpoint) {
		return new BlueGreenEndpointWebExtension(blueGreenEndpoint);
	}

}
