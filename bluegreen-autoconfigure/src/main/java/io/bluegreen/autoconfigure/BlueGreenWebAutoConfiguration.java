package io.bluegreen.autoconfigure;

import io.bluegreen.fleet.FleetService;
import io.bluegreen.integration.InstanceActivation;
import io.bluegreen.integration.flagger.FlaggerWebhookController;
import io.bluegreen.integration.shawarma.ShawarmaController;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.web.LifecycleController;
import io.bluegreen.web.ProblemResponses;
import io.bluegreen.web.WriteAccess;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.Assert;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configuration of bluegreen's HTTP APIs on the application's servlet web server:
 * the lifecycle API ({@code /lifecycle/pause}, {@code /lifecycle/resume},
 * {@code /lifecycle/status}), the Shawarma application state and Flagger's webhooks, the
 * {@link WriteAccess} that decides who may change state through them, and the
 * {@link ProblemResponses} that answer their malformed requests.
 *
 * @author bluegreen
 */
@AutoConfiguration(after = { BlueGreenAutoConfiguration.class, BlueGreenFleetAutoConfiguration.class,
		BlueGreenIntegrationsAutoConfiguration.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(LifecycleService.class)
public final class BlueGreenWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WriteAccess bluegreenWriteAccess(BlueGreenProperties properties) {
		return new WriteAccess(properties.getAccess().getToken(), properties.getAccess().isTrustLoopback());
	}

	@Bean
	@ConditionalOnMissingBean
	ProblemResponses bluegreenProblemResponses() {
		return new ProblemResponses();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "bluegreen.lifecycle-api.enabled", matchIfMissing = true)
	static class LifecycleApiConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LifecycleController bluegreenLifecycleController(LifecycleService lifecycleService, WriteAccess writeAccess) {
			return new LifecycleController(lifecycleService, writeAccess);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("bluegreen.shawarma.enabled")
	static class ShawarmaConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ShawarmaController bluegreenShawarmaController(LifecycleService lifecycleService,
				InstanceActivation activation, WriteAccess writeAccess) {
			return new ShawarmaController(lifecycleService, activation, writeAccess);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("bluegreen.flagger.enabled")
	static class FlaggerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FlaggerWebhookController bluegreenFlaggerWebhookController(ObjectProvider<FleetService> fleetService,
				WriteAccess writeAccess) {
			FleetService fleet = fleetService.getIfAvailable();
			Assert.state(fleet != null, "bluegreen.flagger.enabled=true requires bluegreen.fleet.enabled=true: "
					+ "Flagger's webhooks switch the whole deployment");
			return new FlaggerWebhookController(fleet, writeAccess);
		}

	}

}
